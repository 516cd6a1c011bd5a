package io.topdeck.monitoring.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.core.inmemory.DatabaseField;
import io.topdeck.monitoring.core.inmemory.InMemoryPlatform;
import io.topdeck.monitoring.core.inmemory.Series;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The mission's third use case: sql-db-prod is at risk before any incident. Its query times and DTU
 * have climbed for days, DTU is above 80% nearly all the time, deadlocks rise, and 12 resources
 * depend on it.
 */
class DatabaseAtRiskTest {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final ResourceRef DB = ResourceRef.of("sql-db-prod", "sql_database");
  private static final ResourceRef CACHE = ResourceRef.of("redis-cache", "redis");

  /** Ten services on the database, a web app among them, and a gateway plus an edge above it. */
  private static InMemoryTopologyGraph topology() {
    InMemoryTopologyGraph.Builder b =
        InMemoryTopologyGraph.builder()
            .resource(DB)
            .resource(CACHE)
            .resource(ResourceRef.of("api-gateway", "api_gateway"))
            .resource(ResourceRef.of("cdn-edge", "cdn"))
            .dependsOn("api-gateway", "cdn-edge", "http");
    for (int i = 1; i <= 10; i++) {
      String id = i == 1 ? "webapp-prod" : "service-" + i;
      b.resource(ResourceRef.of(id, "web_app")).dependsOn(id, DB.id(), "database");
      b.dependsOn("cdn-edge", id, "http");
    }
    return b.dependsOn("webapp-prod", CACHE.id(), "cache")
        .change(
            ChangeEvent.deployment("d-1", NOW.minus(Duration.ofDays(3)), "webapp-prod", "v9", "v8"))
        .build();
  }

  private static InMemoryPlatform platform() {
    return InMemoryPlatform.builder()
        .seed(5)
        .database(
            DB.id(),
            DatabaseField.CPU_PERCENT,
            Series.baseline(88).trend(NOW, 10 / 7.0).noise(0.02).clamp(0, 100))
        .database(
            DB.id(),
            DatabaseField.AVERAGE_QUERY_TIME_MS,
            Series.baseline(40).trend(NOW, 2).noise(0.05))
        .database(
            DB.id(),
            DatabaseField.DEADLOCKS,
            Series.baseline(1.0).trend(NOW, 0.1).noise(0.3).clamp(0, 1_000))
        .database(DB.id(), DatabaseField.QUERIES_PER_SECOND, Series.baseline(850).noise(0.04))
        .change(
            ChangeEvent.deployment(
                "db-patch", NOW.minus(Duration.ofDays(12)), DB.id(), "16.0.4", "16.0.3"))
        .build();
  }

  @Test
  void showsTheTrendsTheSaturationALowHealthScoreAndAdvisesScalingUpBeforeImpact() {
    RiskSignals signals =
        RiskAssessor.builder(topology(), platform().collector()).build().assess(DB.id(), NOW);

    MetricTrend cpu = signals.trend("cpuPercent").orElseThrow();
    assertThat(cpu.trend().slopePerDay()).isBetween(1.2, 1.7);
    assertThat(cpu.timeToLevel())
        .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofDays(4), Duration.ofDays(6)));
    assertThat(cpu.sentence())
        .startsWith("cpuPercent of sql-db-prod rises by 1.")
        .endsWith(
            "points a day over the last 7 days (Theil–Sen, p < 0.001) and reaches 95% in"
                + " about 5 days");
    assertThat(signals.trend("averageQueryTimeMs")).isPresent();
    assertThat(signals.trend("deadlocks")).isPresent();
    assertThat(signals.trend("queriesPerSecond")).isEmpty();
    assertThat(signals.saturation())
        .singleElement()
        .asString()
        .startsWith("cpuPercent was above 80 for ")
        .endsWith("of the last 24 h (rule: above 80 for 90% of the last 24 h)");
    assertThat(signals.deadlocksPerWeek()).isBetween(400.0, 800.0);
    assertThat(signals.dependants()).isEqualTo(12);
    assertThat(signals.deploymentsIn30d()).isEqualTo(1);
    assertThat(signals.timeSinceLastDeployment()).contains(Duration.ofDays(12));
    assertThat(signals.health().score()).isLessThan(30);
    assertThat(signals.health().factors())
        .extracting(HealthFactor::name)
        .contains(
            "saturation",
            "capacity-cpuPercent",
            "trend-averageQueryTimeMs",
            "trend-deadlocks",
            "deadlocks",
            "blast-radius");
    assertThat(signals.health().factors()).allSatisfy(f -> assertThat(f.sentence()).isNotBlank());
    assertThat(signals.recommendations().get(0))
        .isEqualTo(
            "Scale up the database sql-db-prod (a larger tier or more DTU/vCores) before"
                + " cpuPercent reaches 95% in about 5 days; 12 resources depend on it");
  }

  @Test
  void aQuietDatabaseIsHealthy() {
    InMemoryPlatform quiet =
        InMemoryPlatform.builder()
            .seed(5)
            .database(DB.id(), DatabaseField.CPU_PERCENT, Series.baseline(35).noise(0.03))
            .database(DB.id(), DatabaseField.AVERAGE_QUERY_TIME_MS, Series.baseline(12).noise(0.03))
            .build();

    RiskSignals signals =
        RiskAssessor.builder(topology(), quiet.collector()).build().assess(DB.id(), NOW);

    assertThat(signals.trends()).isEmpty();
    assertThat(signals.saturation()).isEmpty();
    assertThat(signals.deadlocksPerWeek()).isNaN();
    assertThat(signals.changeFailureRate()).isEmpty();
    assertThat(signals.health().score()).isGreaterThanOrEqualTo(80);
    assertThat(signals.recommendations()).isEmpty();
  }

  @Test
  void countsADeploymentFollowedByAnIncidentAsFailed() {
    RiskSignals signals =
        RiskAssessor.builder(topology(), platform().collector())
            .build()
            .assess(
                "webapp-prod",
                NOW,
                java.util.List.of(NOW.minus(Duration.ofDays(3)).plus(Duration.ofHours(1))));

    assertThat(signals.deploymentsIn30d()).isEqualTo(1);
    assertThat(signals.changeFailureRate()).hasValue(1.0);
    assertThat(signals.health().factors())
        .anySatisfy(
            f ->
                assertThat(f.sentence())
                    .isEqualTo(
                        "1 of 1 deployments in the last 30 days was followed by an incident"
                            + " within 4 h"));
  }

  @Test
  void aConnectionPoolHeldNearlyFullIsSaturation() {
    InMemoryPlatform pinned =
        InMemoryPlatform.builder()
            .seed(5)
            .database(DB.id(), DatabaseField.CPU_PERCENT, Series.baseline(35).noise(0.03))
            .database(
                DB.id(),
                DatabaseField.CONNECTION_POOL_USAGE,
                Series.baseline(0.97).noise(0.01).clamp(0, 1))
            .build();

    RiskSignals signals =
        RiskAssessor.builder(topology(), pinned.collector()).build().assess(DB.id(), NOW);

    assertThat(signals.saturation())
        .singleElement()
        .asString()
        .startsWith("connectionPoolUsage was above 0.8 for ");
    assertThat(signals.health().factors()).extracting(HealthFactor::name).contains("saturation");
  }

  @Test
  void aResourceWithoutTelemetryIsMarkedSoAndNotJustHealthy() {
    RiskSignals silent =
        RiskAssessor.builder(topology(), InMemoryPlatform.builder().seed(5).build().collector())
            .build()
            .assess(CACHE.id(), NOW);
    InMemoryPlatform reporting =
        InMemoryPlatform.builder()
            .seed(5)
            .database(DB.id(), DatabaseField.CPU_PERCENT, Series.baseline(35).noise(0.03))
            .build();
    RiskSignals healthy =
        RiskAssessor.builder(topology(), reporting.collector()).build().assess(DB.id(), NOW);

    assertThat(silent.health().factors())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.name()).isEqualTo("no-telemetry");
              assertThat(f.weight()).isZero();
              assertThat(f.sentence()).contains("redis-cache");
            });
    assertThat(healthy.health().factors())
        .extracting(HealthFactor::name)
        .doesNotContain("no-telemetry");
  }
}
