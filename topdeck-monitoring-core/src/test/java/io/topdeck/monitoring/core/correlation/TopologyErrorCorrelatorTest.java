package io.topdeck.monitoring.core.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.CorrelationResult;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.IncidentContext;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Severity;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TopologyErrorCorrelatorTest {

  private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

  private static final InMemoryTopologyGraph GRAPH =
      InMemoryTopologyGraph.builder()
          .resource(ResourceRef.of("/subs/1/sites/web", "web_app", Map.of("role_name", "web")))
          .resource(new ResourceRef("/subs/1/sql/orders", "sql_database", "orders-db", Map.of()))
          .resource(ResourceRef.of("cache", "redis", Map.of("job", "redis")))
          .resource(ResourceRef.of("cache-replica", "redis", Map.of("job", "redis")))
          .resource(ResourceRef.of("queue", "service_bus"))
          .dependsOn("/subs/1/sites/web", "/subs/1/sql/orders", "database")
          .dependsOn("/subs/1/sites/web", "cache", "cache")
          .dependsOn("/subs/1/sql/orders", "queue", "messaging")
          .dependsOn("queue", "/subs/1/sites/web", "http")
          .change(
              ChangeEvent.deployment(
                  "old", T.minus(Duration.ofHours(30)), "/subs/1/sites/web", "v1", "v0"))
          .change(
              ChangeEvent.deployment(
                  "web", T.minus(Duration.ofHours(3)), "/subs/1/sites/web", "v2", "v1"))
          .change(
              ChangeEvent.deployment(
                  "db", T.minus(Duration.ofHours(1)), "/subs/1/sql/orders", "15", "14"))
          .change(
              ChangeEvent.deployment("later", T.plusSeconds(60), "/subs/1/sql/orders", "16", "15"))
          .build();

  private final TopologyErrorCorrelator correlator = TopologyErrorCorrelator.create(GRAPH);

  private static ErrorEvent error(Optional<String> resourceId, Map<String, String> attributes) {
    return new ErrorEvent(
        "e",
        "test",
        resourceId,
        T,
        "IOException",
        "broken pipe",
        "",
        Optional.empty(),
        1,
        OptionalLong.empty(),
        attributes);
  }

  @Test
  void aKnownResourceIdMatchesWithFullConfidence() {
    CorrelationResult r =
        correlator.correlate(error(Optional.of("cache"), Map.of("role_name", "web")));

    assertThat(r.resource()).get().extracting(ResourceRef::id).isEqualTo("cache");
    assertThat(r.confidence()).isEqualTo(1.0);
    assertThat(r.matchedBy()).isEqualTo("resourceId");
  }

  @Test
  void anIdentityAttributeMatchesWithConfidencePointEight() {
    CorrelationResult r =
        correlator.correlate(error(Optional.of("not-in-graph"), Map.of("role_name", "web")));

    assertThat(r.resource()).get().extracting(ResourceRef::id).isEqualTo("/subs/1/sites/web");
    assertThat(r.confidence()).isEqualTo(0.8);
    assertThat(r.matchedBy()).isEqualTo("attribute role_name");
  }

  @Test
  void anAmbiguousAttributeSplitsTheConfidence() {
    CorrelationResult r = correlator.correlate(error(Optional.empty(), Map.of("job", "redis")));

    assertThat(r.resource()).get().extracting(ResourceRef::id).isEqualTo("cache");
    assertThat(r.confidence()).isEqualTo(0.4);
    assertThat(r.matchedBy()).isEqualTo("attribute job");
  }

  @Test
  void aResourceNameMatchesWithConfidencePointSix() {
    CorrelationResult r =
        correlator.correlate(error(Optional.empty(), Map.of("service.name", "Orders-DB")));

    assertThat(r.resource()).get().extracting(ResourceRef::id).isEqualTo("/subs/1/sql/orders");
    assertThat(r.confidence()).isEqualTo(0.6);
    assertThat(r.matchedBy()).isEqualTo("name");
  }

  @Test
  void noMatchGivesNoResourceAndZeroConfidence() {
    CorrelationResult r = correlator.correlate(error(Optional.empty(), Map.of("pod", "x")));

    assertThat(r.resource()).isEmpty();
    assertThat(r.confidence()).isZero();
    assertThat(r.matchedBy()).isEqualTo("none");
    assertThat(r.dependencyPath()).isEmpty();
  }

  @Test
  void listsThePathDownAndItsChangesWithinTheLookbackMostRecentFirst() {
    CorrelationResult r = correlator.correlate(error(Optional.empty(), Map.of("role_name", "web")));

    assertThat(r.dependencyPath())
        .extracting(ResourceRef::id)
        .containsExactly("/subs/1/sites/web", "/subs/1/sql/orders", "cache", "queue");
    assertThat(r.recentChanges()).extracting(ChangeEvent::id).containsExactly("db", "web");
  }

  @Test
  void aShorterLookbackLeavesOlderChangesOut() {
    TopologyErrorCorrelator shortLookback =
        TopologyErrorCorrelator.builder(GRAPH).changeLookback(Duration.ofHours(2)).build();

    CorrelationResult r =
        shortLookback.correlate(error(Optional.empty(), Map.of("role_name", "web")));

    assertThat(r.recentChanges()).extracting(ChangeEvent::id).containsExactly("db");
    assertThatThrownBy(() -> TopologyErrorCorrelator.builder(GRAPH).changeLookback(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tracePathFollowsTheFailingDependencyWithTheEarliestOnsetAndStopsOnCycles() {
    IncidentContext context =
        new IncidentContext(
            "/subs/1/sites/web",
            TimeRange.of(T.minus(Duration.ofHours(1)), Duration.ofHours(2)),
            List.of(),
            List.of(
                anomaly("cache", T.minusSeconds(60)),
                anomaly("/subs/1/sql/orders", T.minusSeconds(600)),
                anomaly("queue", T.minusSeconds(900)),
                anomaly("/subs/1/sites/web", T.minusSeconds(30))),
            List.of());

    List<ResourceRef> path =
        correlator.tracePath(error(Optional.empty(), Map.of("role_name", "web")), context);

    assertThat(path)
        .extracting(ResourceRef::id)
        .containsExactly("/subs/1/sites/web", "/subs/1/sql/orders", "queue");
    assertThat(correlator.tracePath(error(Optional.empty(), Map.of()), context)).isEmpty();
    assertThat(
            correlator
                .correlate(error(Optional.empty(), Map.of("role_name", "web")), context)
                .dependencyPath())
        .isEqualTo(path);
  }

  @Test
  void tracePathStopsAtTheAttributedResourceWhenNoDependencyFails() {
    IncidentContext quiet =
        new IncidentContext(
            "cache", TimeRange.of(T, Duration.ofHours(1)), List.of(), List.of(), List.of());

    assertThat(correlator.tracePath(error(Optional.of("/subs/1/sites/web"), Map.of()), quiet))
        .extracting(ResourceRef::id)
        .containsExactly("/subs/1/sites/web");
  }

  private static Anomaly anomaly(String resourceId, Instant onset) {
    return new Anomaly(
        "latency", resourceId, onset, onset, Severity.HIGH, 10, 50, 8, 0.9, "latency up");
  }
}
