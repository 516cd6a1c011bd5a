package io.topdeck.monitoring.core.correlation;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.DatabaseMetrics;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.IncidentContext;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Severity;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.inmemory.ApplicationField;
import io.topdeck.monitoring.core.inmemory.DatabaseField;
import io.topdeck.monitoring.core.inmemory.InMemoryCollector;
import io.topdeck.monitoring.core.inmemory.InMemoryPlatform;
import io.topdeck.monitoring.core.inmemory.Series;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.ToDoubleFunction;

/**
 * Scripted incidents on the in-memory platform: a topology, the platform's data, and the context a
 * detector would hand to the correlator (anomalies computed from the collected series).
 */
final class Incidents {

  static final Instant ONSET = Instant.parse("2026-12-01T09:45:00Z");
  static final Instant DEPLOYED = ONSET.minus(Duration.ofMinutes(105));
  static final TimeRange WINDOW =
      new TimeRange(ONSET.minus(Duration.ofHours(1)), ONSET.plus(Duration.ofMinutes(45)));
  static final Duration STEP = Duration.ofMinutes(1);

  static final ResourceRef GATEWAY = ResourceRef.of("api-gateway", "api_gateway");
  static final ResourceRef WEBAPP =
      ResourceRef.of("webapp-prod", "web_app", Map.of("role_name", "webapp-prod"));
  static final ResourceRef DB =
      ResourceRef.of("sql-db-prod", "sql_database", Map.of("instance", "sqlsrv-prod/orders"));
  static final ResourceRef PAYMENTS = ResourceRef.of("payments-api", "web_app");
  static final ResourceRef REDIS = ResourceRef.of("redis-cache", "redis");
  static final ResourceRef SEARCH = ResourceRef.of("search-api", "web_app");
  static final ResourceRef INDEX = ResourceRef.of("search-index", "search_service");

  static final ChangeEvent DEPLOYMENT =
      ChangeEvent.deployment("deploy-1", DEPLOYED, WEBAPP.id(), "v1.2.5", "v1.2.4");
  static final ChangeEvent DECOY =
      ChangeEvent.deployment(
          "deploy-2", ONSET.minus(Duration.ofMinutes(30)), PAYMENTS.id(), "v3.1.0", "v3.0.9");

  private Incidents() {}

  static InMemoryTopologyGraph.Builder topology() {
    return InMemoryTopologyGraph.builder()
        .resource(GATEWAY)
        .resource(WEBAPP)
        .resource(DB)
        .resource(PAYMENTS)
        .resource(REDIS)
        .resource(SEARCH)
        .resource(INDEX)
        .dependsOn(GATEWAY.id(), WEBAPP.id(), "http")
        .dependsOn(WEBAPP.id(), DB.id(), "database")
        .dependsOn(PAYMENTS.id(), REDIS.id(), "cache")
        .dependsOn(SEARCH.id(), INDEX.id(), "search");
  }

  /** Healthy series for every resource of the demo. */
  static InMemoryPlatform.Builder healthy(InMemoryPlatform.Builder p, boolean webappDegrades) {
    for (ResourceRef r : List.of(GATEWAY, PAYMENTS, SEARCH)) {
      p.application(r.id(), ApplicationField.REQUEST_RATE, Series.baseline(200).noise(0.05));
      p.application(r.id(), ApplicationField.ERROR_RATE, Series.baseline(0.002));
    }
    p.application(WEBAPP.id(), ApplicationField.REQUEST_RATE, Series.baseline(120).noise(0.05));
    Series errorRate = Series.baseline(0.01);
    p.application(
        WEBAPP.id(),
        ApplicationField.ERROR_RATE,
        webappDegrades ? errorRate.step(ONSET.plusSeconds(120), 5) : errorRate);
    p.statusCodeRate(
        WEBAPP.id(),
        "500",
        webappDegrades
            ? Series.baseline(1.2).step(ONSET.plusSeconds(120), 5)
            : Series.baseline(1.2));
    return p;
  }

  /** The deployment of v1.2.5 introduced a deadlocking query on the database. */
  static InMemoryPlatform deadlockAfterDeployment(boolean withDecoy) {
    InMemoryPlatform.Builder p =
        healthy(InMemoryPlatform.builder().seed(42), true)
            .database(
                DB.id(),
                DatabaseField.AVERAGE_QUERY_TIME_MS,
                Series.baseline(12).noise(0.03).step(ONSET, 15))
            .database(DB.id(), DatabaseField.CPU_PERCENT, Series.baseline(35).noise(0.03))
            .change(DEPLOYMENT);
    for (int i = 0; i < 4; i++) {
      p.error(DB.id(), deadlock("dl-" + i, ONSET.plusSeconds(60 + 300L * i)));
    }
    if (withDecoy) {
      p.change(DECOY);
    }
    return p.build();
  }

  /** No deployment: the database saturates on its own. */
  static InMemoryPlatform saturatedDatabase() {
    InMemoryPlatform.Builder p =
        healthy(InMemoryPlatform.builder().seed(7), true)
            .database(
                DB.id(),
                DatabaseField.CPU_PERCENT,
                Series.baseline(45).noise(0.03).step(ONSET, 2.15).clamp(0, 100))
            .database(
                DB.id(),
                DatabaseField.CONNECTION_POOL_USAGE,
                Series.baseline(0.4).noise(0.03).step(ONSET, 2.4).clamp(0, 1))
            .database(
                DB.id(),
                DatabaseField.AVERAGE_QUERY_TIME_MS,
                Series.baseline(12).noise(0.03).step(ONSET, 8));
    for (int i = 0; i < 3; i++) {
      p.error(DB.id(), timeout("to-" + i, ONSET.plusSeconds(90 + 300L * i)));
    }
    return p.build();
  }

  /**
   * Returns {@code count} errors of {@code type} saying {@code message}, logged by {@code resource}
   * at {@code at}, with {@code stack} as their stack trace.
   */
  static ErrorEvent errors(
      String resource, Instant at, String type, String message, String stack, long count) {
    return new ErrorEvent(
        "e-" + resource + "-" + at + "-" + type + "-" + message.hashCode(),
        "test",
        Optional.of(resource),
        at,
        type,
        message,
        stack,
        Optional.empty(),
        count,
        OptionalLong.empty(),
        Map.of());
  }

  /** Returns {@code count} errors of {@code type} logged by {@code resource} at {@code at}. */
  static ErrorEvent errors(String resource, Instant at, String type, String message, long count) {
    return errors(resource, at, type, message, "", count);
  }

  /**
   * Returns a graph builder holding a web app, {@code app}, that depends on a database, {@code db}.
   */
  static InMemoryTopologyGraph.Builder appOnDatabase() {
    return InMemoryTopologyGraph.builder()
        .resource(ResourceRef.of("app", "web_app"))
        .resource(ResourceRef.of("db", "sql_database"))
        .dependsOn("app", "db", "database");
  }

  static ErrorEvent deadlock(String id, Instant at) {
    return new ErrorEvent(
        id,
        "inmemory",
        Optional.empty(),
        at,
        "SqlException",
        "Transaction (Process ID 71) was deadlocked on lock resources with another process and"
            + " has been chosen as the deadlock victim. Rerun the transaction.",
        "",
        Optional.empty(),
        10,
        OptionalLong.empty(),
        Map.of("instance", "sqlsrv-prod/orders", "error_code", "1205", "table", "Orders"));
  }

  static ErrorEvent timeout(String id, Instant at) {
    return new ErrorEvent(
        id,
        "inmemory",
        Optional.empty(),
        at,
        "SqlException",
        "Execution Timeout Expired. The timeout period elapsed prior to completion of the"
            + " operation.",
        "",
        Optional.empty(),
        12,
        OptionalLong.empty(),
        Map.of("instance", "sqlsrv-prod/orders"));
  }

  /**
   * Collects the window from the platform and returns what a detector would report: for each
   * scripted series that shifted at a known onset, an anomaly comparing the mean after it with the
   * mean before it.
   */
  static IncidentContext context(InMemoryPlatform platform, ResourceRef symptom) {
    InMemoryCollector c = platform.collector();
    List<ApplicationMetrics> app = c.applicationMetrics(WEBAPP, WINDOW, STEP);
    List<DatabaseMetrics> db = c.databaseMetrics(DB, WINDOW, STEP);
    List<Anomaly> anomalies = new ArrayList<>();
    appAnomaly(app, "errorRate", ApplicationMetrics::errorRate).ifPresent(anomalies::add);
    for (String field : List.of("averageQueryTimeMs", "cpuPercent", "connectionPoolUsage")) {
      dbAnomaly(db, field).ifPresent(anomalies::add);
    }
    List<ErrorEvent> errors = new ArrayList<>();
    for (ResourceRef r : List.of(GATEWAY, WEBAPP, DB, PAYMENTS, REDIS, SEARCH, INDEX)) {
      errors.addAll(c.errors(r, WINDOW));
    }
    return new IncidentContext(symptom.id(), WINDOW, errors, anomalies, List.of());
  }

  private static Optional<Anomaly> appAnomaly(
      List<ApplicationMetrics> rows, String name, ToDoubleFunction<ApplicationMetrics> f) {
    List<Instant> times = rows.stream().map(ApplicationMetrics::timestamp).toList();
    return shift(WEBAPP.id(), name, times, rows.stream().mapToDouble(f).toArray());
  }

  private static Optional<Anomaly> dbAnomaly(List<DatabaseMetrics> rows, String field) {
    ToDoubleFunction<DatabaseMetrics> f =
        switch (field) {
          case "averageQueryTimeMs" -> DatabaseMetrics::averageQueryTimeMs;
          case "cpuPercent" -> DatabaseMetrics::cpuPercent;
          default -> DatabaseMetrics::connectionPoolUsage;
        };
    List<Instant> times = rows.stream().map(DatabaseMetrics::timestamp).toList();
    return shift(DB.id(), field, times, rows.stream().mapToDouble(f).toArray());
  }

  /** A minimal level-shift detector: the first point more than 5 sd above the prior mean. */
  private static Optional<Anomaly> shift(
      String resourceId, String metric, List<Instant> times, double[] values) {
    int warmup = 30;
    double mean = 0;
    for (int i = 0; i < warmup; i++) {
      mean += values[i] / warmup;
    }
    double var = 0;
    for (int i = 0; i < warmup; i++) {
      var += (values[i] - mean) * (values[i] - mean) / warmup;
    }
    double sd = Math.max(Math.sqrt(var), Math.abs(mean) * 0.01);
    for (int i = warmup; i < values.length; i++) {
      if (Math.abs(values[i] - mean) > 5 * sd) {
        double after = 0;
        for (int j = i; j < values.length; j++) {
          after += values[j] / (values.length - i);
        }
        return Optional.of(
            new Anomaly(
                metric,
                resourceId,
                times.get(i),
                times.get(i),
                after > 2.1 * mean ? Severity.CRITICAL : Severity.HIGH,
                mean,
                after,
                (after - mean) / sd,
                0.95,
                metric + " of " + resourceId + " shifted"));
      }
    }
    return Optional.empty();
  }

  /**
   * Returns a HIGH anomaly of {@code metric} on {@code resource} from {@code at}, its value up from
   * {@code from} to {@code to}, 8 robust deviations out with score 0.95.
   */
  static Anomaly rise(String resource, String metric, Instant at, double from, double to) {
    return new Anomaly(
        metric,
        resource,
        at,
        at,
        Severity.HIGH,
        from,
        to,
        8,
        0.95,
        metric + " rose on " + resource);
  }
}
