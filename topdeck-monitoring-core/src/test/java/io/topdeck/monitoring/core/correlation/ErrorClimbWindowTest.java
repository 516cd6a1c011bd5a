package io.topdeck.monitoring.core.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.IncidentContext;
import io.topdeck.monitoring.api.RootCauseAnalysis;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the errors of the last two minutes of an incident are counted to tell whether they were still
 * climbing: a service calling a database, the database flagged for the incident's last three
 * minutes and logging errors at the times given.
 */
class ErrorClimbWindowTest {

  private static final Instant T = Instant.parse("2026-12-01T09:40:00Z");
  private static final Instant END = T.plus(Duration.ofMinutes(3));
  private static final TimeRange WINDOW =
      new TimeRange(T.minus(Duration.ofMinutes(40)), T.plus(Duration.ofMinutes(20)));

  private static ErrorEvent tooManyClients(Instant at, long count) {
    return Incidents.errors(
        "db", at, "PSQLException", "FATAL: sorry, too many clients already " + count, count);
  }

  private static RootCauseAnalysis analyze(List<ErrorEvent> dbErrors) {
    InMemoryTopologyGraph graph = Incidents.appOnDatabase().build();
    List<Anomaly> anomalies =
        List.of(
            Incidents.rise("db", "connection_count", T, 50, 100).seenUntil(END),
            Incidents.rise("app", "latency_ms", T.plusSeconds(10), 80, 2000).seenUntil(END));
    return TopologyErrorCorrelator.create(graph)
        .analyze(new IncidentContext("app", WINDOW, dbErrors, anomalies, List.of()));
  }

  /** Errors reported every minute, the last batch at the incident's end plus {@code shift}. */
  private static RootCauseAnalysis onTheMinuteGrid(Duration shift, long... perMinute) {
    List<ErrorEvent> errors = new ArrayList<>();
    for (int i = 0; i < perMinute.length; i++) {
      Instant at = END.minus(Duration.ofMinutes(perMinute.length - 1 - i)).plus(shift);
      errors.add(tooManyClients(at, perMinute[i]));
    }
    return analyze(errors);
  }

  private static boolean creditedAsClimbing(RootCauseAnalysis analysis) {
    return analysis.candidates().stream()
        .filter(c -> c.resource().id().equals("db"))
        .flatMap(c -> c.evidence().stream())
        .anyMatch(e -> e.weight() > 0 && e.description().contains("errors were still climbing"));
  }

  @Test
  void aSteadyRateReportedOnTheMinuteGridIsNotClimbing() {
    // Batches at end - 2 min, end - 1 min and end: one per minute, not two in the last.
    assertThat(creditedAsClimbing(onTheMinuteGrid(Duration.ZERO, 10, 10, 10))).isFalse();
    assertThat(creditedAsClimbing(onTheMinuteGrid(Duration.ofSeconds(-1), 10, 10, 10))).isFalse();
  }

  @Test
  void aRateThatDoublesOnTheMinuteGridIsClimbing() {
    assertThat(creditedAsClimbing(onTheMinuteGrid(Duration.ZERO, 5, 10, 25))).isTrue();
    assertThat(creditedAsClimbing(onTheMinuteGrid(Duration.ofSeconds(-1), 5, 10, 25))).isTrue();
  }

  @Test
  void absurdCountsInTheLastMinuteAreHeldAtTheCapInsteadOfWrapping() {
    // Two reports of Long.MAX_VALUE would wrap to a negative total and hide the climb.
    List<ErrorEvent> errors =
        List.of(
            tooManyClients(END.minusSeconds(100), 5),
            tooManyClients(END.minusSeconds(40), Long.MAX_VALUE),
            tooManyClients(END.minusSeconds(39), Long.MAX_VALUE));

    assertThat(creditedAsClimbing(analyze(errors))).isTrue();
  }
}
