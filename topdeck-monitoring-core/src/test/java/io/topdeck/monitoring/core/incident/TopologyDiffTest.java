package io.topdeck.monitoring.core.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.RootCauseCandidate;
import io.topdeck.monitoring.core.correlation.TopologyErrorCorrelator;
import io.topdeck.monitoring.core.inmemory.ApplicationField;
import io.topdeck.monitoring.core.inmemory.InMemoryPlatform;
import io.topdeck.monitoring.core.inmemory.InfrastructureField;
import io.topdeck.monitoring.core.inmemory.Series;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyDiffTest {

  private static final Instant ONSET = Instant.parse("2026-12-02T11:00:00Z");
  private static final Instant REWIRED = ONSET.minus(Duration.ofMinutes(10));
  private static final ResourceRef GATEWAY = ResourceRef.of("api-gateway", "api_gateway");
  private static final ResourceRef CHECKOUT = ResourceRef.of("checkout-api", "web_app");
  private static final ResourceRef CACHE_A = ResourceRef.of("cache-a", "redis");
  private static final ResourceRef CACHE_B = ResourceRef.of("cache-b", "redis");
  private static final ResourceRef ORDERS_DB = ResourceRef.of("orders-db", "sql_database");
  private static final ChangeEvent OLD_DEPLOYMENT =
      ChangeEvent.deployment(
          "deploy-cache-b", ONSET.minus(Duration.ofHours(6)), CACHE_B.id(), "7.2.4", "7.2.3");

  /** The checkout service on two caches before, and on one after. */
  private static InMemoryTopologyGraph snapshot(boolean bothCaches, String dbLatencyMs) {
    InMemoryTopologyGraph.Builder b =
        InMemoryTopologyGraph.builder()
            .resources(
                List.of(
                    GATEWAY,
                    CHECKOUT,
                    CACHE_A,
                    CACHE_B,
                    ResourceRef.of(
                        ORDERS_DB.id(),
                        ORDERS_DB.type(),
                        Map.of(TopologyDiff.LATENCY_ATTRIBUTE, dbLatencyMs))))
            .dependsOn(GATEWAY.id(), CHECKOUT.id(), "http")
            .dependsOn(CHECKOUT.id(), CACHE_B.id(), "cache")
            .dependsOn(CHECKOUT.id(), ORDERS_DB.id(), "database")
            .change(OLD_DEPLOYMENT);
    if (bothCaches) {
      b.dependsOn(CHECKOUT.id(), CACHE_A.id(), "cache");
    }
    return b.build();
  }

  @Test
  void findsLostRedundancyLostAndAddedEdgesAndChangedLatency() {
    InMemoryTopologyGraph before = snapshot(true, "2");
    InMemoryTopologyGraph after =
        InMemoryTopologyGraph.builder()
            .resources(List.of(GATEWAY, CHECKOUT, CACHE_A, CACHE_B, ORDERS_DB))
            .resource(
                ResourceRef.of("orders-db-2", "sql_database", Map.of("latency_ms", "not a number")))
            .dependsOn(GATEWAY.id(), CHECKOUT.id(), "http")
            .dependsOn(CHECKOUT.id(), CACHE_B.id(), "cache")
            .dependsOn(CHECKOUT.id(), "orders-db-2", "database")
            .build();

    TopologyDiff diff = TopologyDiff.between(before, after);

    assertThat(diff.lostRedundancy())
        .containsExactly(
            new TopologyDiff.LostRedundancy(CHECKOUT.id(), "cache", List.of("cache-a"), "cache-b"));
    assertThat(diff.edgesLost())
        .extracting(Dependency::toId)
        .containsExactly("cache-a", "orders-db");
    assertThat(diff.edgesAdded()).extracting(Dependency::toId).containsExactly("orders-db-2");
    assertThat(diff.latencyChanges()).isEmpty();
    assertThat(diff.toChangeEvents(REWIRED, after))
        .extracting(ChangeEvent::description)
        .containsExactly(
            "lost redundancy for cache: cache-a gone, only cache-b left",
            "lost its database dependency on orders-db",
            "new database dependency on orders-db-2");
  }

  @Test
  void reportsALatencyThatAtLeastDoublesOnTheResourcesCallers() {
    TopologyDiff diff = TopologyDiff.between(snapshot(true, "2"), snapshot(true, "40"));

    assertThat(diff.latencyChanges())
        .containsExactly(new TopologyDiff.LatencyChange(ORDERS_DB.id(), 2, 40));
    ChangeEvent change = diff.toChangeEvents(REWIRED, snapshot(true, "40")).get(0);
    assertThat(change.type()).isEqualTo(ChangeEvent.ChangeType.TOPOLOGY);
    assertThat(change.targetResourceIds()).containsExactly(CHECKOUT.id());
    assertThat(change.description()).isEqualTo("latency to orders-db went from 2 ms to 40 ms");
    assertThat(TopologyDiff.between(snapshot(true, "2"), snapshot(true, "6")).isEmpty()).isTrue();
  }

  @Test
  void identicalSnapshotsDifferInNothing() {
    assertThat(TopologyDiff.between(snapshot(true, "2"), snapshot(true, "2")).isEmpty()).isTrue();
  }

  @Test
  void aLostRedundantEdgeShortlyBeforeTheIncidentIsBlamedOverAnOlderDeployment() {
    InMemoryTopologyGraph before = snapshot(true, "2");
    InMemoryTopologyGraph after = snapshot(false, "2");
    List<ChangeEvent> rewiring = TopologyDiff.between(before, after).toChangeEvents(REWIRED, after);
    InMemoryPlatform platform =
        InMemoryPlatform.builder()
            .seed(3)
            .application(
                CHECKOUT.id(),
                ApplicationField.P95_RESPONSE_TIME_MS,
                Series.baseline(150).noise(0.05).step(ONSET.plusSeconds(60), 3))
            .application(
                CHECKOUT.id(), ApplicationField.REQUEST_RATE, Series.baseline(400).noise(0.04))
            .infrastructure(
                CACHE_B.id(),
                InfrastructureField.CPU_PERCENT,
                Series.baseline(35).noise(0.04).step(ONSET, 2.5).clamp(0, 100))
            .infrastructure(
                CACHE_A.id(), InfrastructureField.CPU_PERCENT, Series.baseline(30).noise(0.04))
            .change(OLD_DEPLOYMENT)
            .build();

    Investigation investigation =
        IncidentEngine.builder(after, platform.collector())
            .changes(rewiring)
            .build()
            .investigate(Symptom.of(CHECKOUT.id(), ONSET.plus(Duration.ofMinutes(20))));

    RootCauseCandidate top =
        investigation.primary().orElseThrow().analysis().rootCause().orElseThrow();
    assertThat(top.change()).contains(rewiring.get(0));
    assertThat(top.summary())
        .isEqualTo(
            "The topology change of checkout-api (lost redundancy for cache: cache-a gone, only"
                + " cache-b left) preceded the failures of cache-b, checkout-api");
    assertThat(top.recommendation()).isEqualTo("Restore the dependency checkout-api -> cache-a");
    assertThat(rewiring.get(0).attributes())
        .containsEntry(
            TopologyErrorCorrelator.TOPOLOGY_RESTORE_ATTRIBUTE,
            "the dependency checkout-api -> cache-a");
  }
}
