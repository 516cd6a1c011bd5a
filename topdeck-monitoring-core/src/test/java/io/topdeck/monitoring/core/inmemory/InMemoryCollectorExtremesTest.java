package io.topdeck.monitoring.core.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Extreme but valid ranges and steps give points or a BAD_QUERY, never an ArithmeticException. */
class InMemoryCollectorExtremesTest {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final ResourceRef APP = ResourceRef.of("app", "web_app");

  private final InMemoryCollector collector =
      InMemoryPlatform.builder()
          .seed(1)
          .application("app", ApplicationField.REQUEST_RATE, Series.baseline(100))
          .build()
          .collector();

  @Test
  void wholeTimelineAtAYearlyStepIsABadQueryNamingThePointCount() {
    MonitoringException e =
        catchThrowableOfType(
            MonitoringException.class,
            () ->
                collector.applicationMetrics(
                    APP, new TimeRange(Instant.MIN, Instant.MAX), Duration.ofDays(365)));

    assertThat(e.kind()).isEqualTo(MonitoringException.Kind.BAD_QUERY);
    assertThat(e.getMessage())
        .contains(" at step PT8760H holds 584942417 points, more than 1000000");
  }

  @Test
  void stepLongerThanEpochMillisecondsGivesTheOnePointAtTheEpoch() {
    List<ApplicationMetrics> rows =
        collector.applicationMetrics(
            APP,
            new TimeRange(Instant.EPOCH.minusSeconds(60), Instant.EPOCH.plusSeconds(60)),
            Duration.ofSeconds(Long.MAX_VALUE));

    assertThat(rows).extracting(ApplicationMetrics::timestamp).containsExactly(Instant.EPOCH);
  }

  @Test
  void stepLongerThanTheRangeAwayFromTheEpochGivesNoPoint() {
    List<ApplicationMetrics> rows =
        collector.applicationMetrics(
            APP, TimeRange.of(T0, Duration.ofMinutes(5)), Duration.ofSeconds(Long.MAX_VALUE));

    assertThat(rows).isEmpty();
  }

  @Test
  void extremeEpochMillisecondsAtTheLongestStepGiveTheirAlignedPoints() {
    List<ApplicationMetrics> rows =
        collector.applicationMetrics(
            APP,
            new TimeRange(
                Instant.ofEpochMilli(Long.MIN_VALUE), Instant.ofEpochMilli(Long.MAX_VALUE)),
            Duration.ofMillis(Long.MAX_VALUE));

    assertThat(rows)
        .extracting(ApplicationMetrics::timestamp)
        .containsExactly(Instant.ofEpochMilli(-Long.MAX_VALUE), Instant.EPOCH);
  }

  @Test
  void rangeEntirelyBeforeEpochMillisecondsGivesNoPoint() {
    List<ApplicationMetrics> rows =
        collector.applicationMetrics(
            APP, new TimeRange(Instant.MIN, Instant.MIN.plusSeconds(3600)), Duration.ofMinutes(1));

    assertThat(rows).isEmpty();
  }
}
