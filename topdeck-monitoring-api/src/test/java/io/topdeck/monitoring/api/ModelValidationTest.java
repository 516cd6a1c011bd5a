package io.topdeck.monitoring.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelValidationTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void timeRangeIsHalfOpen() {
    TimeRange range = TimeRange.of(T0, Duration.ofMinutes(5));

    assertThat(range.contains(T0)).isTrue();
    assertThat(range.contains(T0.plusSeconds(299))).isTrue();
    assertThat(range.contains(T0.plusSeconds(300))).isFalse();
    assertThat(range.overlaps(TimeRange.of(T0.plusSeconds(300), Duration.ofMinutes(5)))).isFalse();
    assertThat(range.overlaps(TimeRange.of(T0.plusSeconds(299), Duration.ofMinutes(5)))).isTrue();
  }

  @Test
  void incidentContextTakesEveryResourceAsObservedUntilToldWhichReported() {
    IncidentContext context =
        new IncidentContext(
            "api", TimeRange.of(T0, Duration.ofMinutes(5)), List.of(), List.of(), List.of());
    IncidentContext told = context.withObservedResources(Set.of("api", "db"));

    assertThat(context.observedResourceIds()).isEmpty();
    assertThat(context.observed("batch")).isTrue();
    assertThat(told.observedResourceIds()).contains(Set.of("api", "db"));
    assertThat(told.observed("db")).isTrue();
    assertThat(told.observed("batch")).isFalse();
    assertThat(told.symptomResourceId()).isEqualTo("api");
    assertThat(told.window()).isEqualTo(context.window());
  }

  @Test
  void anAnomalyReachedItsPeakOnItsOwnSideOrElseItsValueAtDetection() {
    Anomaly rise =
        new Anomaly("cpu", "db", T0, T0, Severity.MEDIUM, 40, 60, 5, 0.6, "cpu rose on db");
    Anomaly fall =
        new Anomaly("qps", "db", T0, T0, Severity.MEDIUM, 400, 200, -5, 0.6, "qps fell on db");

    assertThat(rise.reached()).isEqualTo(60);
    assertThat(rise.seenUntil(T0.plusSeconds(600), 95).reached()).isEqualTo(95);
    assertThat(rise.seenUntil(T0.plusSeconds(600), 50).reached()).isEqualTo(60);
    assertThat(fall.seenUntil(T0.plusSeconds(600), 120).reached()).isEqualTo(120);
    assertThat(rise.seenUntil(T0.plusSeconds(600), 95).seenUntil(T0.plusSeconds(900)).peakValue())
        .hasValue(95);
    assertThatThrownBy(() -> rise.seenUntil(T0.plusSeconds(600), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("peakValue must be finite");
  }

  @Test
  void emptyOrInvertedTimeRangeIsRejected() {
    assertThatThrownBy(() -> new TimeRange(T0, T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("to must be after from");
  }

  @Test
  void seriesRejectsPointsOutOfOrder() {
    List<MetricPoint> points =
        List.of(new MetricPoint(T0.plusSeconds(60), 1), new MetricPoint(T0, 2));

    assertThatThrownBy(() -> new MetricSeries("cpu", "percent", Map.of(), points))
        .hasMessageContaining("strictly ascending");
  }

  @Test
  void seriesKeepsNonFiniteValues() {
    MetricSeries series =
        new MetricSeries("p95", "seconds", Map.of(), List.of(new MetricPoint(T0, Double.NaN)));

    assertThat(series.points().get(0).value()).isNaN();
  }

  @Test
  void errorEventNeedsAPositiveCount() {
    assertThatThrownBy(
            () ->
                new ErrorEvent(
                    "e1",
                    "inmemory",
                    Optional.empty(),
                    T0,
                    "SqlException",
                    "deadlock",
                    "",
                    Optional.empty(),
                    0,
                    OptionalLong.empty(),
                    Map.of()))
        .hasMessage("count must be at least 1, but was 0");
  }

  @Test
  void anomalyScoreMustBeWithinUnitInterval() {
    assertThatThrownBy(
            () -> new Anomaly("cpu", "vm-1", T0, T0, Severity.HIGH, 10, 90, 8, 1.5, "CPU at 90%"))
        .hasMessage("score must be in [0, 1], but was 1.5");
  }

  @Test
  void anomalyOnsetCannotFollowDetection() {
    assertThatThrownBy(
            () ->
                new Anomaly("cpu", "vm-1", T0, T0.plusSeconds(1), Severity.LOW, 1, 2, 3, 0.5, "x"))
        .hasMessageContaining("onset must not be after detectedAt");
  }

  @Test
  void anomalyLastSeenCannotPrecedeDetection() {
    Anomaly a = new Anomaly("cpu", "vm-1", T0.plusSeconds(60), T0, Severity.LOW, 1, 2, 3, 0.5, "x");
    assertThatThrownBy(() -> a.seenUntil(T0))
        .hasMessageContaining("lastSeenAt must not be before detectedAt");
  }

  @Test
  void anomalyPersistenceRunsFromOnsetToLastSeenAndIsUnknownWithoutIt() {
    Anomaly a = new Anomaly("cpu", "vm-1", T0.plusSeconds(60), T0, Severity.LOW, 1, 2, 3, 0.5, "x");
    assertThat(a.lastSeenAt()).isEmpty();
    assertThat(a.persistence()).isEmpty();
    assertThat(a.seenUntil(T0.plusSeconds(600)).persistence())
        .contains(java.time.Duration.ofSeconds(600));
  }

  @Test
  void dependencyCannotPointAtItself() {
    assertThatThrownBy(() -> new Dependency("a", "a", Dependency.Type.DEPENDS_ON, "http", 1))
        .hasMessage("a resource cannot depend on itself: a");
  }

  @Test
  void changeNeedsATarget() {
    assertThatThrownBy(
            () ->
                new ChangeEvent(
                    "c1",
                    ChangeEvent.ChangeType.SCALING,
                    T0,
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    "",
                    Map.of()))
        .hasMessage("targetResourceIds must not be empty");
  }

  @Test
  void rootCauseIsTheFirstCandidate() {
    ResourceRef db = ResourceRef.of("sql-db-prod", "sql_database");
    RootCauseCandidate first =
        new RootCauseCandidate(db, Optional.empty(), 2, 0.7, "db", List.of(), "scale");
    RootCauseCandidate second =
        new RootCauseCandidate(db, Optional.empty(), 1, 0.3, "db", List.of(), "scale");
    RootCauseAnalysis analysis =
        new RootCauseAnalysis(
            "db", TimeRange.of(T0, Duration.ofHours(1)), T0, List.of(first, second), List.of());

    assertThat(analysis.rootCause()).contains(first);
  }

  @Test
  void failureKindsSayWhetherRetryMayHelp() {
    assertThat(MonitoringException.Kind.THROTTLED.retryable()).isTrue();
    assertThat(MonitoringException.Kind.UNAVAILABLE.retryable()).isTrue();
    assertThat(MonitoringException.Kind.TIMEOUT.retryable()).isTrue();
    assertThat(MonitoringException.Kind.UNAUTHORIZED.retryable()).isFalse();
    assertThat(MonitoringException.Kind.BAD_QUERY.retryable()).isFalse();
    assertThat(MonitoringException.Kind.MALFORMED_RESPONSE.retryable()).isFalse();
  }

  @Test
  void failureCarriesPlatformAndRetryAfter() {
    MonitoringException e =
        new MonitoringException(
            MonitoringException.Kind.THROTTLED, "datadog", "HTTP 429", Duration.ofSeconds(7), null);

    assertThat(e.getMessage()).isEqualTo("datadog: HTTP 429");
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(e.platform()).isEqualTo("datadog");
  }

  @Test
  void configurationExceptionListsEveryProblem() {
    ConfigurationException e = new ConfigurationException(List.of("url is required", "bad key"));

    assertThat(e.getMessage()).isEqualTo("2 configuration problems: url is required; bad key");
    assertThat(e.problems()).hasSize(2);
  }
}
