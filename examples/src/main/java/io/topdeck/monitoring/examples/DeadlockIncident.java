package io.topdeck.monitoring.examples;

import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.inmemory.ApplicationField;
import io.topdeck.monitoring.core.inmemory.DatabaseField;
import io.topdeck.monitoring.core.inmemory.InMemoryPlatform;
import io.topdeck.monitoring.core.inmemory.InfrastructureField;
import io.topdeck.monitoring.core.inmemory.Series;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The demo's incident, scripted on the in-memory platform: webapp-prod v1.2.5, deployed two hours
 * before, runs a query that deadlocks on the Orders table of sql-db-prod. The web app's HTTP 500
 * rate rises by 400% and the database's query times climb; unrelated services stay healthy apart
 * from a configuration change on one of them.
 */
final class DeadlockIncident {

  static final Instant ONSET = Instant.parse("2026-11-30T14:10:00Z");
  static final Instant DEPLOYED = ONSET.minus(Duration.ofHours(2));

  /**
   * Five hours before the onset: the detectors judge nothing until a series has 256 points, so at a
   * one-minute step a shorter history would have them flag the incident only once warmed up (four
   * hours put that at 14:26, sixteen minutes after the onset), not as it happens.
   */
  static final TimeRange WINDOW =
      new TimeRange(ONSET.minus(Duration.ofHours(5)), ONSET.plus(Duration.ofMinutes(40)));

  static final Duration STEP = Duration.ofMinutes(1);

  static final ResourceRef GATEWAY =
      new ResourceRef("api-gateway", "api_gateway", "api-gateway", Map.of());
  static final ResourceRef WEBAPP =
      new ResourceRef("webapp-prod", "web_app", "webapp-prod", Map.of("role_name", "webapp-prod"));
  static final ResourceRef DATABASE =
      new ResourceRef(
          "sql-db-prod", "sql_database", "sql-db-prod", Map.of("instance", "sqlsrv-prod/orders"));
  static final ResourceRef PAYMENTS =
      new ResourceRef("payments-api", "web_app", "payments-api", Map.of());
  static final ResourceRef CACHE = new ResourceRef("redis-cache", "redis", "redis-cache", Map.of());
  static final ResourceRef SEARCH =
      new ResourceRef("search-api", "web_app", "search-api", Map.of());
  static final ResourceRef INDEX =
      new ResourceRef("search-index", "search_service", "search-index", Map.of());
  static final List<ResourceRef> RESOURCES =
      List.of(GATEWAY, WEBAPP, DATABASE, PAYMENTS, CACHE, SEARCH, INDEX);

  private DeadlockIncident() {}

  static InMemoryTopologyGraph topology() {
    return InMemoryTopologyGraph.builder()
        .resources(RESOURCES)
        .dependsOn(GATEWAY.id(), WEBAPP.id(), "http")
        .dependsOn(GATEWAY.id(), PAYMENTS.id(), "http")
        .dependsOn(GATEWAY.id(), SEARCH.id(), "http")
        .dependsOn(WEBAPP.id(), DATABASE.id(), "database")
        .dependsOn(PAYMENTS.id(), CACHE.id(), "cache")
        .dependsOn(SEARCH.id(), INDEX.id(), "search")
        .change(deployment())
        .change(searchConfigChange())
        .build();
  }

  static InMemoryPlatform platform(long seed) {
    Instant errorsRise = ONSET.plus(Duration.ofMinutes(2));
    InMemoryPlatform.Builder p = InMemoryPlatform.builder().seed(seed);
    for (ResourceRef app : List.of(GATEWAY, PAYMENTS, SEARCH)) {
      p.application(app.id(), ApplicationField.REQUEST_RATE, Series.baseline(300).noise(0.04));
      p.application(app.id(), ApplicationField.ERROR_RATE, Series.baseline(0.002).noise(0.1));
      p.application(app.id(), ApplicationField.P95_RESPONSE_TIME_MS, latency(180));
    }
    p.application(WEBAPP.id(), ApplicationField.REQUEST_RATE, Series.baseline(120).noise(0.04))
        .application(
            WEBAPP.id(),
            ApplicationField.ERROR_RATE,
            Series.baseline(0.01).noise(0.08).step(errorsRise, 5))
        .statusCodeRate(WEBAPP.id(), "500", Series.baseline(1.2).noise(0.08).step(errorsRise, 5))
        .application(
            WEBAPP.id(), ApplicationField.P95_RESPONSE_TIME_MS, latency(240).step(errorsRise, 3))
        .database(
            DATABASE.id(),
            DatabaseField.AVERAGE_QUERY_TIME_MS,
            Series.baseline(12).noise(0.05).step(ONSET, 14))
        .database(
            DATABASE.id(),
            DatabaseField.DEADLOCKS,
            Series.baseline(0.02).noise(0.5).step(ONSET, 150))
        .database(DATABASE.id(), DatabaseField.CPU_PERCENT, Series.baseline(38).noise(0.04))
        .database(
            DATABASE.id(), DatabaseField.QUERIES_PER_SECOND, Series.baseline(850).noise(0.04));
    for (ResourceRef host : List.of(CACHE, INDEX)) {
      p.infrastructure(host.id(), InfrastructureField.CPU_PERCENT, Series.baseline(22).noise(0.1))
          .infrastructure(
              host.id(), InfrastructureField.MEMORY_PERCENT, Series.baseline(61).noise(0.02));
    }
    for (int i = 0; i < 8; i++) {
      Instant at = ONSET.plus(Duration.ofSeconds(45 + 240L * i));
      p.error(DATABASE.id(), deadlock("deadlock-" + i, at));
      p.error(WEBAPP.id(), http500("http500-" + i, at.plusSeconds(2)));
    }
    return p.change(deployment()).change(searchConfigChange()).build();
  }

  private static Series latency(double p95Ms) {
    return Series.baseline(p95Ms).noise(0.05).daily(0.1);
  }

  private static ChangeEvent deployment() {
    return ChangeEvent.deployment("deploy-4711", DEPLOYED, WEBAPP.id(), "v1.2.5", "v1.2.4");
  }

  /** A change on an unrelated service, close to the onset: it must not be blamed. */
  private static ChangeEvent searchConfigChange() {
    return new ChangeEvent(
        "config-88",
        ChangeEvent.ChangeType.CONFIGURATION,
        ONSET.minus(Duration.ofMinutes(12)),
        List.of(SEARCH.id()),
        Optional.empty(),
        Optional.empty(),
        Optional.of("succeeded"),
        "Raised search-api result cache TTL",
        Map.of());
  }

  private static ErrorEvent deadlock(String id, Instant at) {
    return new ErrorEvent(
        id,
        "inmemory",
        Optional.empty(),
        at,
        "SqlException",
        "Transaction (Process ID 64) was deadlocked on lock resources with another process and"
            + " has been chosen as the deadlock victim. Rerun the transaction.",
        "",
        Optional.empty(),
        6,
        OptionalLong.empty(),
        Map.of("instance", "sqlsrv-prod/orders", "error_code", "1205", "table", "Orders"));
  }

  private static ErrorEvent http500(String id, Instant at) {
    return new ErrorEvent(
        id,
        "inmemory",
        Optional.empty(),
        at,
        "HttpServerErrorException",
        "500 Internal Server Error on POST /api/orders",
        "",
        Optional.of("op-" + id),
        40,
        OptionalLong.of(31),
        Map.of("role_name", "webapp-prod"));
  }
}
