package io.topdeck.monitoring.core.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.IncidentContext;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.RootCauseAnalysis;
import io.topdeck.monitoring.api.RootCauseCandidate;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Which failures can pass along an edge: one that callers feel, while it lasts; and whose demand a
 * job or a surge is.
 */
class PassingOnTest {

  private static final Instant T = Instant.parse("2026-12-01T09:40:00Z");
  private static final Instant END = T.plus(Duration.ofMinutes(20));
  private static final TimeRange WINDOW =
      new TimeRange(T.minus(Duration.ofMinutes(40)), T.plus(Duration.ofMinutes(20)));

  private static Anomaly rise(
      String resource, String metric, Duration afterT, double from, double to) {
    return Incidents.rise(resource, metric, T.plus(afterT), from, to);
  }

  private static RootCauseAnalysis analyze(InMemoryTopologyGraph graph, List<Anomaly> anomalies) {
    return TopologyErrorCorrelator.create(graph)
        .analyze(new IncidentContext("gw", WINDOW, List.of(), anomalies, List.of()));
  }

  private static InMemoryTopologyGraph chain() {
    return InMemoryTopologyGraph.builder()
        .resource(ResourceRef.of("gw", "api_gateway"))
        .resource(ResourceRef.of("reviews", "service"))
        .resource(ResourceRef.of("catalog", "service"))
        .dependsOn("gw", "reviews", "http")
        .dependsOn("reviews", "catalog", "http")
        .build();
  }

  /** Reviews failing from four minutes in until the end, after {@code catalog}'s anomaly. */
  private static RootCauseAnalysis reviewsAfter(Anomaly catalog) {
    Duration two = Duration.ofMinutes(4);
    return analyze(
        chain(),
        List.of(
            catalog,
            rise("reviews", "latency_ms", two, 34, 200).seenUntil(END),
            rise("reviews", "error_rate", two, 0.005, 0.05).seenUntil(END),
            rise("gw", "latency_ms", two.plusSeconds(30), 60, 300).seenUntil(END)));
  }

  private static RootCauseCandidate own(RootCauseAnalysis analysis, String id) {
    return analysis.candidates().stream()
        .filter(c -> c.resource().id().equals(id) && c.change().isEmpty())
        .findFirst()
        .orElseThrow();
  }

  private static boolean inherits(RootCauseAnalysis analysis, String id) {
    return own(analysis, id).evidence().stream()
        .anyMatch(e -> e.description().contains("failed first"));
  }

  @Test
  void aDependencyThatIsOnlyBusierPassesNoFailureOnToItsCallers() {
    Duration zero = Duration.ZERO;
    RootCauseAnalysis busier =
        reviewsAfter(rise("catalog", "cpu_percent", zero, 20, 35).seenUntil(END));
    RootCauseAnalysis saturated =
        reviewsAfter(rise("catalog", "cpu_percent", zero, 20, 97).seenUntil(END));

    assertThat(inherits(busier, "reviews")).isFalse();
    assertThat(busier.rootCause().get().resource().id()).isEqualTo("reviews");
    assertThat(inherits(saturated, "reviews")).isTrue();
  }

  @Test
  void aCallerDoesNotInheritAFailureThatWasOverBeforeItsOwnBegan() {
    Anomaly latency = rise("catalog", "latency_ms", Duration.ZERO, 13, 60);
    RootCauseAnalysis passed = reviewsAfter(latency.seenUntil(T.plusSeconds(60)));
    RootCauseAnalysis held = reviewsAfter(latency.seenUntil(END));

    assertThat(inherits(passed, "reviews")).isFalse();
    assertThat(passed.rootCause().get().resource().id()).isEqualTo("reviews");
    assertThat(inherits(held, "reviews")).isTrue();
    assertThat(held.rootCause().get().resource().id()).isEqualTo("catalog");
  }

  /**
   * Three services behind a gateway that share one cache; each holds slow and failing from ten
   * seconds in, while the cache fails in 45 s bursts every five minutes ({@code bursts} of them).
   */
  private static RootCauseAnalysis cacheFailingInBursts(int bursts) {
    InMemoryTopologyGraph.Builder graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("gw", "api_gateway"))
            .resource(ResourceRef.of("session-cache", "redis"));
    List<Anomaly> anomalies = new java.util.ArrayList<>();
    for (String caller : List.of("svc-a", "svc-b", "svc-c")) {
      graph
          .resource(ResourceRef.of(caller, "web_app"))
          .dependsOn("gw", caller, "http")
          .dependsOn(caller, "session-cache", "cache");
      anomalies.add(rise(caller, "latency_ms", Duration.ofSeconds(10), 100, 800).seenUntil(END));
      anomalies.add(rise(caller, "error_rate", Duration.ofSeconds(15), 0.01, 0.08).seenUntil(END));
    }
    for (int i = 0; i < bursts; i++) {
      Duration start = Duration.ofMinutes(5L * i);
      Instant over = T.plus(start).plusSeconds(45);
      anomalies.add(rise("session-cache", "error_rate", start, 0.001, 0.3).seenUntil(over));
      anomalies.add(rise("session-cache", "latency_ms", start, 1, 250).seenUntil(over));
    }
    return analyze(graph.build(), anomalies);
  }

  @Test
  void aCacheThatKeepsFailingInShortBurstsIsTheRootOfItsCallersFailure() {
    RootCauseAnalysis flapping = cacheFailingInBursts(4);

    RootCauseCandidate top = flapping.rootCause().orElseThrow();
    assertThat(top.resource().id()).isEqualTo("session-cache");
    assertThat(top.confidence()).isGreaterThan(0.5);
    assertThat(top.evidence())
        .noneSatisfy(e -> assertThat(e.description()).contains("as a noise spike does"));
    assertThat(inherits(flapping, "svc-a")).isTrue();
  }

  @Test
  void aCacheThatFailedInOneShortBurstIsStillASpike() {
    RootCauseAnalysis once = cacheFailingInBursts(1);

    assertThat(own(once, "session-cache").evidence())
        .anySatisfy(e -> assertThat(e.description()).contains("as a noise spike does"));
  }

  @Test
  void aFailureExplainsOnlyTheFailuresThatBeganWhileItLasted() {
    Anomaly latency = rise("catalog", "latency_ms", Duration.ZERO, 13, 60);
    RootCauseAnalysis passed = reviewsAfter(latency.seenUntil(T.plusSeconds(60)));
    RootCauseAnalysis held = reviewsAfter(latency.seenUntil(END));

    assertThat(own(passed, "catalog").evidence())
        .noneSatisfy(e -> assertThat(e.description()).contains("explains"));
    assertThat(own(held, "catalog").evidence())
        .anySatisfy(e -> assertThat(e.description()).contains("explains 2 failing resources"));
  }

  @Test
  void aCallerThatIsOnlyBusierIsNotCountedAmongTheFailuresADependencyExplains() {
    // A slow dependency leaves its callers waiting, not busier: their CPU alone does not rise.
    Duration zero = Duration.ZERO;
    Duration later = Duration.ofSeconds(60);
    List<Anomaly> busierCaller =
        List.of(
            rise("catalog", "latency_ms", zero, 13, 60).seenUntil(END),
            rise("reviews", "cpu_percent", later, 30, 45).seenUntil(END));
    List<Anomaly> slowerCaller =
        List.of(
            rise("catalog", "latency_ms", zero, 13, 60).seenUntil(END),
            rise("reviews", "latency_ms", later, 30, 90).seenUntil(END));

    assertThat(own(analyze(chain(), busierCaller), "catalog").evidence())
        .noneSatisfy(e -> assertThat(e.description()).contains("explains"));
    assertThat(own(analyze(chain(), slowerCaller), "catalog").evidence())
        .anySatisfy(e -> assertThat(e.description()).contains("explains 1 failing resource"));
  }

  @Test
  void aBatchJobThatAServiceStartsStillMakesItsOwnDemand() {
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("gw", "api_gateway"))
            .resource(ResourceRef.of("orders", "service"))
            .resource(ResourceRef.of("batch", "batch_job"))
            .resource(ResourceRef.of("db", "sql_database"))
            .dependsOn("gw", "orders", "http")
            .dependsOn("orders", "db", "database")
            .dependsOn("orders", "batch", "http")
            .dependsOn("batch", "db", "database")
            .build();
    List<Anomaly> anomalies =
        List.of(
            rise("batch", "request_rate", Duration.ZERO, 20, 90).seenUntil(END),
            rise("batch", "cpu_percent", Duration.ZERO, 20, 50).seenUntil(END),
            rise("db", "db_query_time_ms", Duration.ofSeconds(30), 12, 40).seenUntil(END),
            rise("orders", "latency_ms", Duration.ofSeconds(90), 80, 400).seenUntil(END),
            rise("gw", "latency_ms", Duration.ofSeconds(120), 100, 500).seenUntil(END));

    RootCauseCandidate top = analyze(graph, anomalies).rootCause().get();

    assertThat(top.resource().id()).isEqualTo("batch");
    assertThat(top.confidence()).isGreaterThanOrEqualTo(0.5);
    assertThat(top.evidence())
        .anySatisfy(e -> assertThat(e.description()).contains("makes its own demand"))
        .noneSatisfy(e -> assertThat(e.description()).contains("its callers send that demand"));
  }

  @Test
  void aDeploymentOfAServiceThatASurgeReachedFirstExplainsNothingBelowIt() {
    ChangeEvent deployment =
        ChangeEvent.deployment("d-1", T.minus(Duration.ofMinutes(12)), "reviews", "v2", "v1");
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("gw", "api_gateway"))
            .resource(ResourceRef.of("reviews", "service"))
            .resource(ResourceRef.of("db", "sql_database"))
            .dependsOn("gw", "reviews", "http")
            .dependsOn("reviews", "db", "database")
            .change(deployment)
            .build();
    List<Anomaly> anomalies =
        List.of(
            rise("gw", "request_rate", Duration.ZERO, 1100, 1600).seenUntil(END),
            rise("reviews", "request_rate", Duration.ZERO, 330, 520).seenUntil(END),
            rise("reviews", "latency_ms", Duration.ofSeconds(60), 40, 190).seenUntil(END),
            rise("db", "query_rate", Duration.ofSeconds(30), 260, 360).seenUntil(END),
            rise("db", "db_query_time_ms", Duration.ofSeconds(30), 12, 22).seenUntil(END),
            rise("db", "lock_wait_ms", Duration.ofSeconds(30), 2, 6).seenUntil(END));

    RootCauseAnalysis analysis = analyze(graph, anomalies);

    assertThat(analysis.candidates()).allSatisfy(c -> assertThat(c.confidence()).isLessThan(0.5));
    assertThat(analysis.candidates())
        .filteredOn(c -> c.change().isPresent())
        .singleElement()
        .satisfies(
            c -> assertThat(c.summary()).contains("began with more demand from its callers"));
  }

  @Test
  void aCallerRetryingADependencyThatFailedFirstDoesNotLoadIt() {
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("indexer", "service"))
            .resource(ResourceRef.of("search-index", "search_index"))
            .dependsOn("indexer", "search-index", "http")
            .build();
    Duration retries = Duration.ofSeconds(40);
    List<Anomaly> anomalies =
        List.of(
            rise("search-index", "latency_ms", Duration.ZERO, 2, 90).seenUntil(END),
            rise("indexer", "error_rate", Duration.ofSeconds(20), 0.001, 0.3).seenUntil(END),
            rise("indexer", "request_rate", retries, 100, 260).seenUntil(END));
    List<ErrorEvent> timeouts = List.of(timeoutNaming("search-index", T.plusSeconds(20)));

    RootCauseAnalysis withReports = analyze(graph, anomalies, timeouts);
    RootCauseAnalysis withoutReports = analyze(graph, anomalies, List.of());

    // Its errors name the index, whose failure came first: the retries echo it.
    assertThat(withReports.rootCause().orElseThrow().resource().id()).isEqualTo("search-index");
    // Without such errors, demand flagged within a minute of the index may still have loaded it.
    assertThat(withoutReports.candidates().get(0).resource().id()).isEqualTo("indexer");
  }

  private static RootCauseAnalysis analyze(
      InMemoryTopologyGraph graph, List<Anomaly> anomalies, List<ErrorEvent> errors) {
    return TopologyErrorCorrelator.create(graph)
        .analyze(new IncidentContext("indexer", WINDOW, errors, anomalies, List.of()));
  }

  private static ErrorEvent timeoutNaming(String dependency, Instant at) {
    return new ErrorEvent(
        "e-timeout",
        "test",
        Optional.of("indexer"),
        at,
        "SocketTimeoutException",
        "Read timed out from " + dependency,
        "",
        Optional.empty(),
        40,
        OptionalLong.empty(),
        Map.of());
  }
}
