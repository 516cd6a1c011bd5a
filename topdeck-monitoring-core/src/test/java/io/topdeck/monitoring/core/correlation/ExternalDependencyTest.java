package io.topdeck.monitoring.core.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Alert;
import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.Evidence;
import io.topdeck.monitoring.api.IncidentContext;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.RootCauseCandidate;
import io.topdeck.monitoring.api.Severity;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExternalDependencyTest {

  private static final Instant ONSET = Instant.parse("2026-12-01T09:45:00Z");
  private static final TimeRange WINDOW =
      new TimeRange(ONSET.minus(Duration.ofHours(1)), ONSET.plus(Duration.ofMinutes(30)));

  private static InMemoryTopologyGraph graph(String catalogType, String category) {
    return InMemoryTopologyGraph.builder()
        .resource(ResourceRef.of("api-gateway", "api_gateway"))
        .resource(ResourceRef.of("recommendation-api", "web_app"))
        .resource(ResourceRef.of("product-catalog-api", catalogType))
        .dependsOn("api-gateway", "recommendation-api", "http")
        .dependsOn("recommendation-api", "product-catalog-api", category)
        .build();
  }

  private static Anomaly latency(String resourceId, Instant onset) {
    return new Anomaly(
        "p95ResponseTimeMs", resourceId, onset, onset, Severity.HIGH, 200, 2_000, 30, 0.97, "slow");
  }

  private static IncidentContext statusPageOutage() {
    Alert status =
        new Alert(
            "status-1",
            "CatalogDegraded",
            Alert.Status.FIRING,
            Severity.HIGH,
            Optional.of("product-catalog-api"),
            ONSET,
            Optional.empty(),
            "statuspage",
            Map.of(),
            Map.of("summary", "Partner catalogue degraded"));
    return new IncidentContext(
        "api-gateway",
        WINDOW,
        List.of(),
        List.of(
            latency("recommendation-api", ONSET.plusSeconds(60)),
            latency("api-gateway", ONSET.plusSeconds(120))),
        List.of(status));
  }

  @Test
  void aStatusPageAlertOnAnExternalDependencyRanksItFirstWithACircuitBreaker() {
    RootCauseCandidate top =
        TopologyErrorCorrelator.create(graph("external_api", "http"))
            .analyze(statusPageOutage())
            .rootCause()
            .orElseThrow();

    assertThat(top.resource().id()).isEqualTo("product-catalog-api");
    assertThat(top.summary())
        .isEqualTo(
            "The external dependency product-catalog-api is failing and recommendation-api"
                + " waits on it");
    assertThat(top.recommendation())
        .isEqualTo(
            "Add a circuit breaker and a cache in front of product-catalog-api in"
                + " recommendation-api");
    assertThat(top.evidence())
        .filteredOn(e -> e.kind() == Evidence.Kind.EXTERNAL_STATUS)
        .extracting(Evidence::description)
        .contains(
            "product-catalog-api is an external dependency and fails; recommendation-api waits"
                + " on it");
  }

  @Test
  void anEdgeOfCategoryExternalMarksTheDependencyAsExternal() {
    RootCauseCandidate top =
        TopologyErrorCorrelator.create(graph("web_app", "external"))
            .analyze(statusPageOutage())
            .rootCause()
            .orElseThrow();

    assertThat(top.recommendation()).startsWith("Add a circuit breaker and a cache in front of");
  }

  @Test
  void anInternalDependencyGetsNoCircuitBreakerAdvice() {
    RootCauseCandidate top =
        TopologyErrorCorrelator.create(graph("web_app", "http"))
            .analyze(statusPageOutage())
            .rootCause()
            .orElseThrow();

    assertThat(top.resource().id()).isEqualTo("product-catalog-api");
    assertThat(top.recommendation()).startsWith("Investigate product-catalog-api");
    assertThat(top.evidence())
        .noneMatch(e -> e.description().contains("is an external dependency"));
  }
}
