package io.topdeck.monitoring.core.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.Evidence;
import io.topdeck.monitoring.api.IncidentContext;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.RootCauseAnalysis;
import io.topdeck.monitoring.api.RootCauseCandidate;
import io.topdeck.monitoring.api.Severity;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SilentDependencyTest {

  private static final Instant ONSET = Instant.parse("2026-12-01T09:45:00Z");
  private static final TimeRange WINDOW =
      new TimeRange(ONSET.minus(Duration.ofHours(1)), ONSET.plus(Duration.ofMinutes(30)));
  private static final List<String> CALLERS = List.of("svc-a", "svc-b", "svc-c");

  private static Anomaly anomaly(String metric, String id, Instant at, double from, double to) {
    return new Anomaly(metric, id, at, at, Severity.HIGH, from, to, 30, 0.97, "shift");
  }

  private static InMemoryTopologyGraph sharedQueue() {
    InMemoryTopologyGraph.Builder b =
        InMemoryTopologyGraph.builder().resource(ResourceRef.of("shared-mq", "queue"));
    for (String caller : CALLERS) {
      b.resource(ResourceRef.of(caller, "web_app")).dependsOn(caller, "shared-mq", "queue");
    }
    return b.build();
  }

  private static IncidentContext callersFailTogether() {
    List<Anomaly> anomalies = new ArrayList<>();
    for (int i = 0; i < CALLERS.size(); i++) {
      Instant at = ONSET.plusSeconds(20L * i);
      anomalies.add(anomaly("errorRate", CALLERS.get(i), at, 0.01, 0.3));
      anomalies.add(anomaly("p95ResponseTimeMs", CALLERS.get(i), at, 100, 900));
    }
    return new IncidentContext("svc-a", WINDOW, List.of(), anomalies, List.of());
  }

  private static RootCauseAnalysis analyze(InMemoryTopologyGraph graph, IncidentContext context) {
    return TopologyErrorCorrelator.create(graph).analyze(context);
  }

  @Test
  void threeCallersOfAQueueWithoutTelemetryFailingTogetherRankTheQueueFirst() {
    RootCauseAnalysis analysis =
        analyze(sharedQueue(), callersFailTogether().withObservedResources(Set.copyOf(CALLERS)));

    RootCauseCandidate top = analysis.rootCause().orElseThrow();
    assertThat(top.resource().id()).isEqualTo("shared-mq");
    assertThat(top.confidence()).isGreaterThan(0.5);
    assertThat(top.evidence())
        .extracting(Evidence::description)
        .anyMatch(d -> d.startsWith("3 of its 3 callers began to fail within 1 min"))
        .anyMatch(d -> d.contains("shared-mq reports no telemetry"));
    assertThat(top.recommendation())
        .contains("Check shared-mq")
        .contains("add telemetry to shared-mq");
    // The callers share what is left, rather than each being named with high confidence.
    assertThat(analysis.candidates().subList(1, analysis.candidates().size()))
        .allSatisfy(c -> assertThat(c.confidence()).isLessThan(0.1));
  }

  @Test
  void aCacheThatFailedFirstBesideASilentStoreRanksAboveTheStore() {
    assertThat(cacheBesideSilentStore(false).rootCause().orElseThrow().resource().id())
        .isEqualTo("orders-db");
    assertThat(cacheBesideSilentStore(true).rootCause().orElseThrow().resource().id())
        .isEqualTo("session-redis");
  }

  @Test
  void aCacheThatOnlyDippedForSecondsDoesNotTakeTheSilentStoresPlace() {
    InMemoryTopologyGraph graph = cacheBesideSilentStoreGraph();
    List<Anomaly> anomalies = new ArrayList<>(callersFailTogether().anomalies());
    Instant dip = ONSET.minusSeconds(90);
    // The cache's hit ratio dips from 0.95 to 0.88 for 45 s and recovers; its reader shows nothing.
    anomalies.add(
        new Anomaly(
            "hitRatio",
            "session-redis",
            dip,
            dip,
            Severity.LOW,
            0.95,
            0.88,
            -4,
            0.6,
            "dip",
            Optional.of(dip.plusSeconds(45))));
    RootCauseAnalysis analysis =
        analyze(
            graph,
            new IncidentContext("svc-a", WINDOW, List.of(), anomalies, List.of())
                .withObservedResources(
                    Set.of("svc-a", "svc-b", "svc-c", "svc-r", "session-redis")));

    RootCauseCandidate top = analysis.rootCause().orElseThrow();
    assertThat(top.resource().id()).isEqualTo("orders-db");
    assertThat(top.confidence()).isGreaterThan(0.5);
  }

  private static InMemoryTopologyGraph cacheBesideSilentStoreGraph() {
    InMemoryTopologyGraph.Builder b =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("orders-db", "sql_database"))
            .resource(ResourceRef.of("session-redis", "cache"))
            .resource(ResourceRef.of("svc-r", "web_app"))
            .dependsOn("svc-r", "session-redis", "cache")
            .dependsOn("svc-r", "orders-db", "database");
    for (String caller : CALLERS) {
      b.resource(ResourceRef.of(caller, "web_app")).dependsOn(caller, "orders-db", "database");
    }
    return b.build();
  }

  /**
   * Three callers of a database without telemetry fail together; with {@code cacheFails}, a cache
   * that a fourth caller reads besides the database failed ninety seconds before them, and that
   * caller a minute later.
   */
  private static RootCauseAnalysis cacheBesideSilentStore(boolean cacheFails) {
    List<Anomaly> anomalies = new ArrayList<>(callersFailTogether().anomalies());
    if (cacheFails) {
      Instant cacheOnset = ONSET.minusSeconds(90);
      anomalies.add(anomaly("errorRate", "session-redis", cacheOnset, 0.001, 0.2));
      anomalies.add(anomaly("hitRatio", "session-redis", cacheOnset, 0.95, 0.6));
      anomalies.add(anomaly("errorRate", "svc-r", cacheOnset.plusSeconds(60), 0.01, 0.3));
      anomalies.add(anomaly("p95ResponseTimeMs", "svc-r", cacheOnset.plusSeconds(60), 100, 900));
    }
    Set<String> observed = Set.of("svc-a", "svc-b", "svc-c", "svc-r", "session-redis");
    return analyze(
        cacheBesideSilentStoreGraph(),
        new IncidentContext("svc-a", WINDOW, List.of(), anomalies, List.of())
            .withObservedResources(observed));
  }

  @Test
  void aQueueThatReportsTelemetryButTwoCallersErrorsNameIsTheirCommonRoot() {
    RootCauseAnalysis analysis = queueNamedBy(List.of("svc-a", "svc-b"));

    RootCauseCandidate top = analysis.rootCause().orElseThrow();
    assertThat(top.resource().id()).isEqualTo("shared-mq");
    assertThat(top.summary())
        .isEqualTo(
            "The errors of svc-a, svc-b name shared-mq, whose own telemetry shows no clear"
                + " failure");
    assertThat(analysis.candidates())
        .filteredOn(c -> c.resource().id().equals("shared-mq"))
        .hasSize(1);
  }

  @Test
  void aQueueThatReportsTelemetryAndOneCallersErrorsNameIsNotTakenForTheirCommonRoot() {
    RootCauseAnalysis analysis = queueNamedBy(List.of("svc-a"));

    assertThat(analysis.candidates()).noneMatch(c -> c.resource().id().equals("shared-mq"));
  }

  /** The callers fail together, {@code naming} with errors that name the queue, which reports. */
  private static RootCauseAnalysis queueNamedBy(List<String> naming) {
    IncidentContext failing = callersFailTogether();
    List<ErrorEvent> errors = new ArrayList<>();
    for (String caller : naming) {
      for (int i = 0; i < 6; i++) {
        errors.add(
            new ErrorEvent(
                caller + "-" + i,
                "test",
                Optional.of(caller),
                ONSET.plusSeconds(60L * (1 + i)),
                "TimeoutException",
                "Timed out publishing to shared-mq",
                "",
                Optional.empty(),
                5,
                OptionalLong.empty(),
                Map.of()));
      }
    }
    Set<String> observed = Set.of("svc-a", "svc-b", "svc-c", "shared-mq");
    return analyze(
        sharedQueue(),
        new IncidentContext("svc-a", WINDOW, errors, failing.anomalies(), List.of())
            .withObservedResources(observed));
  }

  @Test
  void aQueueThatReportsTelemetryAndShowsNothingIsNotTakenForTheirCommonRoot() {
    Set<String> observed = Set.of("svc-a", "svc-b", "svc-c", "shared-mq");
    RootCauseAnalysis analysis =
        analyze(sharedQueue(), callersFailTogether().withObservedResources(observed));

    assertThat(analysis.rootCause().orElseThrow().resource().id()).isNotEqualTo("shared-mq");
    assertThat(analysis.candidates()).noneMatch(c -> c.resource().id().equals("shared-mq"));
  }

  @Test
  void errorsNamingADependencyWithoutTelemetryRankItAboveAnOldDeploymentOfTheCaller() {
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("api-gateway", "api_gateway"))
            .resource(ResourceRef.of("recommendation-api", "web_app"))
            .resource(ResourceRef.of("product-catalog-api", "external_api"))
            .dependsOn("api-gateway", "recommendation-api", "http")
            .dependsOn("recommendation-api", "product-catalog-api", "external")
            .change(
                ChangeEvent.deployment(
                    "deploy-old",
                    ONSET.minus(Duration.ofHours(20)),
                    "recommendation-api",
                    "v2",
                    "v1"))
            .build();
    List<ErrorEvent> errors = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      errors.add(
          new ErrorEvent(
              "e" + i,
              "test",
              Optional.of("recommendation-api"),
              ONSET.plusSeconds(60L * (1 + i)),
              "HttpServerErrorException",
              "502 Bad Gateway from product-catalog-api",
              "",
              Optional.empty(),
              3,
              OptionalLong.empty(),
              Map.of()));
    }
    IncidentContext context =
        new IncidentContext(
            "api-gateway",
            WINDOW,
            errors,
            List.of(
                anomaly(
                    "p95ResponseTimeMs", "recommendation-api", ONSET.plusSeconds(60), 220, 2000),
                anomaly("errorRate", "recommendation-api", ONSET.plusSeconds(60), 0.002, 0.2),
                anomaly("p95ResponseTimeMs", "api-gateway", ONSET.plusSeconds(180), 180, 700)),
            List.of());

    RootCauseCandidate top =
        TopologyErrorCorrelator.builder(graph)
            .changeLookback(Duration.ofHours(24))
            .build()
            .analyze(context)
            .rootCause()
            .orElseThrow();

    assertThat(top.resource().id()).isEqualTo("product-catalog-api");
    assertThat(top.change()).isEmpty();
    assertThat(top.evidence())
        .extracting(Evidence::description)
        .contains("The errors of recommendation-api name it");
    assertThat(top.recommendation()).contains("add telemetry to product-catalog-api");
  }

  @Test
  void callersDeployedJustBeforeTheyFailAreARelease_trainNotASilentCommonCause() {
    InMemoryTopologyGraph.Builder b =
        InMemoryTopologyGraph.builder().resource(ResourceRef.of("shared-mq", "queue"));
    for (String caller : CALLERS) {
      b.resource(ResourceRef.of(caller, "web_app"))
          .dependsOn(caller, "shared-mq", "queue")
          .change(
              ChangeEvent.deployment(
                  "deploy-" + caller, ONSET.minus(Duration.ofMinutes(5)), caller, "v2", "v1"));
    }

    RootCauseAnalysis analysis = analyze(b.build(), callersFailTogether());

    assertThat(analysis.candidates()).noneMatch(c -> c.resource().id().equals("shared-mq"));
    assertThat(analysis.rootCause().orElseThrow().change()).isPresent();
  }

  @Test
  void aSaturatedCallerFailingBesideAnotherIsNoSignOfASilentCommonCause() {
    List<Anomaly> anomalies = new ArrayList<>(callersFailTogether().anomalies());
    anomalies.removeIf(a -> a.resourceId().equals("svc-c"));
    anomalies.add(anomaly("cpuPercent", "svc-a", ONSET.minusSeconds(120), 40, 98));
    IncidentContext context = new IncidentContext("svc-a", WINDOW, List.of(), anomalies, List.of());

    RootCauseAnalysis analysis = analyze(sharedQueue(), context);

    assertThat(analysis.candidates()).noneMatch(c -> c.resource().id().equals("shared-mq"));
    assertThat(analysis.rootCause().orElseThrow().resource().id()).isEqualTo("svc-a");
  }
}
