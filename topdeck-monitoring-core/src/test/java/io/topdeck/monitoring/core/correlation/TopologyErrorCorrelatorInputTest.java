package io.topdeck.monitoring.core.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.api.Alert;
import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.CorrelationResult;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.Evidence;
import io.topdeck.monitoring.api.IncidentContext;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.RootCauseAnalysis;
import io.topdeck.monitoring.api.RootCauseCandidate;
import io.topdeck.monitoring.api.Severity;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What the correlator weighs of its input, and how it copes with extreme but valid times. */
class TopologyErrorCorrelatorInputTest {

  private static final Instant T0 = Instant.parse("2026-11-30T14:00:00Z");
  private static final TimeRange WINDOW = TimeRange.of(T0, Duration.ofMinutes(30));

  /** web depends on svc and db; svc was deployed 10 minutes before the window. */
  private static final InMemoryTopologyGraph GRAPH =
      InMemoryTopologyGraph.builder()
          .resource(ResourceRef.of("web", "web_app"))
          .resource(ResourceRef.of("svc", "web_app"))
          .resource(ResourceRef.of("db", "sql_database"))
          .dependsOn("web", "svc", "http")
          .dependsOn("web", "db", "database")
          .change(ChangeEvent.deployment("dep-svc", T0.minusSeconds(600), "svc", "v2", "v1"))
          .build();

  private final TopologyErrorCorrelator correlator =
      TopologyErrorCorrelator.builder(GRAPH)
          .clock(Clock.fixed(T0.plus(Duration.ofMinutes(30)), ZoneOffset.UTC))
          .build();

  private static Anomaly anomaly(String resource, Instant at) {
    return new Anomaly("latency", resource, at, at, Severity.HIGH, 10, 100, 9, 0.99, "slow");
  }

  private static ErrorEvent error(String resource, Instant at) {
    return new ErrorEvent(
        "e-" + at.getEpochSecond(),
        "test",
        Optional.of(resource),
        at,
        "java.sql.SQLTimeoutException",
        "query timed out",
        "",
        Optional.empty(),
        1,
        OptionalLong.empty(),
        Map.of());
  }

  private static Alert alert(String resource, Instant startsAt, Optional<Instant> endsAt) {
    return new Alert(
        "fp-" + startsAt.getEpochSecond(),
        "DbDown",
        Alert.Status.FIRING,
        Severity.CRITICAL,
        Optional.of(resource),
        startsAt,
        endsAt,
        "test",
        Map.of(),
        Map.of());
  }

  private RootCauseAnalysis analyze(
      List<ErrorEvent> errors, List<Anomaly> anomalies, List<Alert> alerts) {
    return correlator.analyze(new IncidentContext("web", WINDOW, errors, anomalies, alerts));
  }

  private static String rootCause(RootCauseAnalysis analysis) {
    return analysis.rootCause().map(c -> c.resource().id()).orElse("none");
  }

  private final List<Anomaly> inWindow =
      List.of(anomaly("svc", T0.plusSeconds(300)), anomaly("web", T0.plusSeconds(360)));

  private static ErrorEvent errors(String resource, Instant at, String message, long count) {
    return new ErrorEvent(
        "e-" + message,
        "test",
        Optional.of(resource),
        at,
        "java.sql.SQLException",
        message,
        "",
        Optional.empty(),
        count,
        OptionalLong.empty(),
        Map.of());
  }

  @Test
  void errorCountsWhoseSumOverflowsALongAreHeldAtItsMaximum() {
    Instant at = T0.plusSeconds(120);
    for (List<ErrorEvent> errors :
        List.of(
            List.of(errors("db", at, "deadlocked", Long.MAX_VALUE)),
            List.of(errors("db", at, "deadlocked", 1L << 62), errors("db", at, "boom", 1L << 62)),
            List.of(
                errors("db", at, "deadlocked", Long.MAX_VALUE),
                errors("db", at, "boom", Long.MAX_VALUE)))) {
      RootCauseAnalysis analysis = analyze(errors, List.of(anomaly("db", at)), List.of());

      RootCauseCandidate top = analysis.rootCause().orElseThrow();
      assertThat(top.resource().id()).isEqualTo("db");
      assertThat(top.evidence())
          .allSatisfy(e -> assertThat(e.weight()).isFinite())
          .anySatisfy(e -> assertThat(e.description()).contains(Long.MAX_VALUE + " errors"));
    }
  }

  @Test
  void staleAnomalyBeforeTheWindowDoesNotChangeTheRootCause() {
    RootCauseAnalysis baseline = analyze(List.of(), inWindow, List.of());
    List<Anomaly> withStale =
        List.of(inWindow.get(0), inWindow.get(1), anomaly("db", T0.minus(Duration.ofDays(7))));

    RootCauseAnalysis analysis = analyze(List.of(), withStale, List.of());

    assertThat(rootCause(baseline)).isEqualTo("svc");
    assertThat(rootCause(analysis)).isEqualTo("svc");
    assertThat(analysis.candidates())
        .extracting(RootCauseCandidate::confidence)
        .containsExactlyElementsOf(
            baseline.candidates().stream().map(RootCauseCandidate::confidence).toList());
    assertThat(analysis.steps()).contains("1 event outside the window was not weighed.");
    assertThat(baseline.steps()).noneMatch(s -> s.contains("outside the window"));
  }

  @Test
  void eventsAfterTheWindowAndAtInstantMaxAreNotWeighed() {
    RootCauseAnalysis analysis =
        analyze(
            List.of(error("db", Instant.MAX), error("db", WINDOW.to())),
            inWindow,
            List.of(alert("db", WINDOW.to().plusSeconds(1), Optional.empty())));

    assertThat(rootCause(analysis)).isEqualTo("svc");
    assertThat(analysis.candidates()).noneMatch(c -> c.resource().id().equals("db"));
    assertThat(analysis.steps()).contains("3 events outside the window were not weighed.");
  }

  @Test
  void anomalyThatBeganBeforeTheWindowButWasDetectedInItIsWeighed() {
    Instant onset = T0.minusSeconds(120);
    Anomaly ongoing =
        new Anomaly("latency", "db", T0.plusSeconds(60), onset, Severity.HIGH, 1, 9, 8, 0.99, "");
    Alert resolvedBefore = alert("db", T0.minusSeconds(3600), Optional.of(T0.minusSeconds(1)));
    Alert stillFiring = alert("svc", T0.minusSeconds(3600), Optional.empty());

    RootCauseAnalysis analysis =
        analyze(List.of(), List.of(ongoing), List.of(resolvedBefore, stillFiring));

    assertThat(analysis.candidates()).extracting(c -> c.resource().id()).contains("db", "svc");
    assertThat(analysis.steps()).contains("1 event outside the window was not weighed.");
  }

  @Test
  void anomalyAtInstantMinIsLeftOutRatherThanOverflowing() {
    RootCauseAnalysis analysis = analyze(List.of(), List.of(anomaly("db", Instant.MIN)), List.of());

    assertThat(analysis.candidates()).noneMatch(c -> c.resource().id().equals("db"));
    assertThat(analysis.steps()).contains("1 event outside the window was not weighed.");
  }

  @Test
  void windowStartingWithinTheLookbackOfInstantMinIsRefusedClearly() {
    TimeRange early = new TimeRange(Instant.MIN, Instant.MIN.plusSeconds(60));

    assertThatThrownBy(
            () ->
                correlator.analyze(
                    new IncidentContext(
                        "web", early, List.of(), List.of(anomaly("db", Instant.MIN)), List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the incident window must start at least the change lookback (PT24H) after"
                + " -1000000000-01-01T00:00:00Z, but started at -1000000000-01-01T00:00:00Z");
  }

  @Test
  void errorAtInstantMinIsAttributedWithNoChanges() {
    CorrelationResult result = correlator.correlate(error("db", Instant.MIN));

    assertThat(result.resource()).map(ResourceRef::id).contains("db");
    assertThat(result.recentChanges()).isEmpty();
  }

  @Test
  void errorAtInstantMaxIsAttributedWithTheChangesOfItsLookback() {
    CorrelationResult result = correlator.correlate(error("svc", Instant.MAX));

    assertThat(result.resource()).map(ResourceRef::id).contains("svc");
    assertThat(result.recentChanges()).isEmpty();
  }

  @Test
  void lookbackLongerThanTenYearsIsRefusedAtTheBuilder() {
    assertThatThrownBy(
            () ->
                TopologyErrorCorrelator.builder(GRAPH)
                    .changeLookback(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "lookback must be positive and at most PT87600H, but was PT2562047788015215H30M7S");
    TopologyErrorCorrelator longest =
        TopologyErrorCorrelator.builder(GRAPH)
            .changeLookback(TopologyErrorCorrelator.MAX_CHANGE_LOOKBACK)
            .build();
    assertThat(longest.correlate(error("svc", T0)).recentChanges())
        .extracting(ChangeEvent::id)
        .containsExactly("dep-svc");
  }

  private static Anomaly withoutData(String resource, Instant at, double infinity) {
    return new Anomaly(
        "latency", resource, at, at, Severity.CRITICAL, infinity, Double.NaN, -infinity, 1.0, "?");
  }

  @Test
  void anomaliesWithoutAFiniteValueAreNoDataAndNotEvidence() {
    List<Anomaly> noData =
        List.of(
            withoutData("db", T0.plusSeconds(60), Double.NaN),
            withoutData("db", T0.plusSeconds(120), Double.POSITIVE_INFINITY),
            withoutData("web", T0.plusSeconds(180), Double.NEGATIVE_INFINITY));

    RootCauseAnalysis alone = analyze(List.of(), noData, List.of());

    assertThat(alone.candidates())
        .containsExactlyElementsOf(analyze(List.of(), List.of(), List.of()).candidates());
    assertThat(alone.candidates()).allSatisfy(c -> assertThat(c.confidence()).isLessThan(0.1));
    assertThat(alone.steps())
        .contains(
            "3 anomalies without a finite value (current value and deviation NaN or infinite)"
                + " were not weighed: no data.");
    assertThat(alone.steps()).noneMatch(s -> s.contains("NaN") && !s.contains("no data"));
  }

  @Test
  void anomaliesWithoutAFiniteValueDoNotChangeTheAnalysisOfRealOnes() {
    RootCauseAnalysis baseline = analyze(List.of(), inWindow, List.of());
    List<Anomaly> withNoData =
        List.of(
            inWindow.get(0),
            withoutData("db", T0.plusSeconds(60), Double.NaN),
            inWindow.get(1),
            withoutData("svc", T0.plusSeconds(60), Double.POSITIVE_INFINITY));

    RootCauseAnalysis analysis = analyze(List.of(), withNoData, List.of());

    assertThat(analysis.candidates()).containsExactlyElementsOf(baseline.candidates());
    assertThat(analysis.candidates()).noneMatch(c -> c.resource().id().equals("db"));
  }

  @Test
  void anAnomalyWithAFiniteDeviationButNoCurrentValueIsStillEvidence() {
    Anomaly deviationOnly =
        new Anomaly(
            "latency",
            "db",
            T0.plusSeconds(60),
            T0.plusSeconds(60),
            Severity.HIGH,
            Double.NaN,
            Double.NaN,
            9,
            0.99,
            "");

    RootCauseAnalysis analysis = analyze(List.of(), List.of(deviationOnly), List.of());

    assertThat(analysis.candidates()).extracting(c -> c.resource().id()).contains("db");
    assertThat(analysis.candidates())
        .flatExtracting(RootCauseCandidate::evidence)
        .extracting(Evidence::description)
        .contains("db: latency was 9 robust SD above its baseline from " + T0.plusSeconds(60))
        .noneMatch(d -> d.contains("NaN"));
    assertThat(analysis.steps()).noneMatch(s -> s.contains("NaN"));
  }
}
