package io.topdeck.monitoring.core.incident;

import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.ResourceRef;
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

/** The mission's incidents, scripted on the in-memory platform with a shared topology. */
final class Scenarios {

  static final Instant ONSET = Instant.parse("2026-11-30T14:10:00Z");
  static final Instant NOTICED = ONSET.plus(Duration.ofMinutes(25));

  static final ResourceRef GATEWAY = ResourceRef.of("api-gateway", "api_gateway");
  static final ResourceRef WEBAPP =
      ResourceRef.of("webapp-prod", "web_app", Map.of("role_name", "webapp-prod"));
  static final ResourceRef DB =
      ResourceRef.of("sql-db-prod", "sql_database", Map.of("instance", "sqlsrv-prod/orders"));
  static final ResourceRef PAYMENTS = ResourceRef.of("payments-api", "web_app");
  static final ResourceRef REDIS = ResourceRef.of("redis-cache", "redis");
  static final ResourceRef RECOMMENDATIONS = ResourceRef.of("recommendation-api", "web_app");
  static final ResourceRef CATALOG = ResourceRef.of("product-catalog-api", "external_api");

  static final ChangeEvent DEPLOYMENT =
      ChangeEvent.deployment(
          "deploy-4711", ONSET.minus(Duration.ofHours(2)), WEBAPP.id(), "v1.2.5", "v1.2.4");
  static final ChangeEvent OLD_RECOMMENDATIONS_DEPLOYMENT =
      ChangeEvent.deployment(
          "deploy-90", ONSET.minus(Duration.ofHours(20)), RECOMMENDATIONS.id(), "v7.3", "v7.2");

  private Scenarios() {}

  /**
   * The gateway in front of the web app (on its database), payments (on a cache) and the
   * recommendations (on an external product catalogue).
   */
  static InMemoryTopologyGraph.Builder topology() {
    return InMemoryTopologyGraph.builder()
        .resources(List.of(GATEWAY, WEBAPP, DB, PAYMENTS, REDIS, RECOMMENDATIONS, CATALOG))
        .dependsOn(GATEWAY.id(), WEBAPP.id(), "http")
        .dependsOn(GATEWAY.id(), PAYMENTS.id(), "http")
        .dependsOn(GATEWAY.id(), RECOMMENDATIONS.id(), "http")
        .dependsOn(WEBAPP.id(), DB.id(), "database")
        .dependsOn(PAYMENTS.id(), REDIS.id(), "cache")
        .dependsOn(RECOMMENDATIONS.id(), CATALOG.id(), "external");
  }

  /** Healthy figures for every resource; each scenario scripts its failures on top. */
  static InMemoryPlatform.Builder healthy(long seed, List<ResourceRef> failing) {
    InMemoryPlatform.Builder p = InMemoryPlatform.builder().seed(seed);
    for (ResourceRef app : List.of(GATEWAY, WEBAPP, PAYMENTS, RECOMMENDATIONS)) {
      p.application(app.id(), ApplicationField.REQUEST_RATE, Series.baseline(300).noise(0.04));
      if (!failing.contains(app)) {
        p.application(app.id(), ApplicationField.ERROR_RATE, Series.baseline(0.002).noise(0.1));
        p.application(app.id(), ApplicationField.P95_RESPONSE_TIME_MS, latency(180));
      }
    }
    if (!failing.contains(DB)) {
      p.database(DB.id(), DatabaseField.AVERAGE_QUERY_TIME_MS, Series.baseline(12).noise(0.05));
    }
    p.database(DB.id(), DatabaseField.QUERIES_PER_SECOND, Series.baseline(850).noise(0.04));
    if (!failing.contains(REDIS)) {
      p.infrastructure(REDIS.id(), InfrastructureField.CPU_PERCENT, Series.baseline(22).noise(0.1));
    }
    return p;
  }

  static Series latency(double p95Ms) {
    return Series.baseline(p95Ms).noise(0.05);
  }

  // ---- use case 1: a deployment of webapp-prod deadlocks on sql-db-prod ----

  static InMemoryPlatform deadlock(boolean unrelatedCacheSpike) {
    return deadlockBuilder(unrelatedCacheSpike).build();
  }

  /** The deadlock, open for more resources' figures. */
  static InMemoryPlatform.Builder deadlockBuilder(boolean unrelatedCacheSpike) {
    Instant errorsRise = ONSET.plus(Duration.ofMinutes(2));
    InMemoryPlatform.Builder p =
        healthy(42, unrelatedCacheSpike ? List.of(WEBAPP, DB, REDIS) : List.of(WEBAPP, DB))
            .application(
                WEBAPP.id(),
                ApplicationField.ERROR_RATE,
                Series.baseline(0.01).noise(0.08).step(errorsRise, 5))
            .application(
                WEBAPP.id(),
                ApplicationField.P95_RESPONSE_TIME_MS,
                latency(240).step(errorsRise, 3))
            .database(
                DB.id(),
                DatabaseField.AVERAGE_QUERY_TIME_MS,
                Series.baseline(12).noise(0.05).step(ONSET, 14))
            .database(
                DB.id(), DatabaseField.DEADLOCKS, Series.baseline(0.02).noise(0.5).step(ONSET, 150))
            .change(DEPLOYMENT);
    if (unrelatedCacheSpike) {
      p.infrastructure(
          REDIS.id(),
          InfrastructureField.CPU_PERCENT,
          Series.baseline(22).noise(0.05).spike(ONSET.plusSeconds(240), Duration.ofMinutes(6), 4));
    }
    for (int i = 0; i < 6; i++) {
      Instant at = ONSET.plus(Duration.ofSeconds(45 + 240L * i));
      p.error(DB.id(), deadlockError("deadlock-" + i, at));
    }
    return p;
  }

  static ErrorEvent deadlockError(String id, Instant at) {
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

  // ---- use case 2: the external product catalogue fails under recommendation-api ----

  static InMemoryPlatform externalCatalogOutage() {
    InMemoryPlatform.Builder p =
        healthy(7, List.of(RECOMMENDATIONS, GATEWAY))
            .application(
                CATALOG.id(), ApplicationField.P95_RESPONSE_TIME_MS, latency(90).step(ONSET, 22))
            .application(
                CATALOG.id(),
                ApplicationField.ERROR_RATE,
                Series.baseline(0.001).noise(0.1).step(ONSET, 250).clamp(0, 1))
            .application(
                RECOMMENDATIONS.id(),
                ApplicationField.P95_RESPONSE_TIME_MS,
                latency(220).step(ONSET.plusSeconds(60), 9))
            .application(
                RECOMMENDATIONS.id(),
                ApplicationField.ERROR_RATE,
                Series.baseline(0.002).noise(0.1))
            .application(
                GATEWAY.id(),
                ApplicationField.P95_RESPONSE_TIME_MS,
                latency(180).step(ONSET.plusSeconds(180), 4))
            .application(
                GATEWAY.id(), ApplicationField.ERROR_RATE, Series.baseline(0.002).noise(0.1))
            .change(OLD_RECOMMENDATIONS_DEPLOYMENT);
    for (int i = 0; i < 6; i++) {
      Instant at = ONSET.plus(Duration.ofSeconds(30 + 180L * i));
      p.error(CATALOG.id(), unavailable("catalog-503-" + i, at));
      p.error(CATALOG.id(), catalogTimeout("catalog-timeout-" + i, at.plusSeconds(40)));
    }
    return p.build();
  }

  private static ErrorEvent unavailable(String id, Instant at) {
    return new ErrorEvent(
        id,
        "inmemory",
        Optional.of(CATALOG.id()),
        at,
        "HttpServerErrorException",
        "503 Service Unavailable from GET https://catalog.partner.example/v2/products",
        "",
        Optional.empty(),
        50,
        OptionalLong.empty(),
        Map.of("http.status_code", "503", "peer.service", CATALOG.id()));
  }

  private static ErrorEvent catalogTimeout(String id, Instant at) {
    return new ErrorEvent(
        id,
        "inmemory",
        Optional.of(CATALOG.id()),
        at,
        "SocketTimeoutException",
        "Read timed out after 2000 ms calling product-catalog-api",
        "",
        Optional.empty(),
        20,
        OptionalLong.empty(),
        Map.of("peer.service", CATALOG.id()));
  }
}
