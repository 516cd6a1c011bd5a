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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two callers, a and b, of one service, svc; a is released four minutes before svc begins to turn
 * its requests away as invalid. What b shows decides whether the release is to blame.
 */
class RejectionCallersTest {

  private static final Instant T = Instant.parse("2026-12-01T09:40:00Z");
  private static final TimeRange WINDOW =
      new TimeRange(T.minus(Duration.ofMinutes(40)), T.plus(Duration.ofMinutes(20)));
  private static final String RELEASE = "a-v2";

  private static Anomaly rise(String resource, String metric, int at, int heldFor, double to) {
    double from = metric.equals("error_rate") ? 0.01 : 50;
    Instant start = T.plusSeconds(at);
    return Incidents.rise(resource, metric, start, from, to).seenUntil(start.plusSeconds(heldFor));
  }

  private static ErrorEvent errors(String resource, int at, String type, String message, long n) {
    return Incidents.errors(resource, T.plusSeconds(at), type, message, n);
  }

  private static ErrorEvent badRequests(String caller, int at) {
    return errors(
        caller,
        at,
        "HttpClientErrorException$BadRequest",
        "400 Bad Request from POST http://svc/pay",
        200);
  }

  private static RootCauseAnalysis analyze(List<Anomaly> onB, List<ErrorEvent> ofB) {
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("a", "web_app"))
            .resource(ResourceRef.of("b", "web_app"))
            .resource(ResourceRef.of("svc", "web_app"))
            .dependsOn("a", "svc", "http")
            .dependsOn("b", "svc", "http")
            .change(
                ChangeEvent.deployment(RELEASE, T.minus(Duration.ofMinutes(4)), "a", "v2", "v1"))
            .build();
    List<ErrorEvent> errors =
        new ArrayList<>(
            List.of(
                errors(
                    "svc",
                    0,
                    "MethodArgumentNotValidException",
                    "Validation failed for argument [0]: field 'currency' must not be null",
                    200),
                badRequests("a", 5)));
    errors.addAll(ofB);
    List<Anomaly> anomalies =
        new ArrayList<>(
            List.of(rise("svc", "error_rate", 0, 900, 0.6), rise("a", "error_rate", 5, 900, 0.6)));
    anomalies.addAll(onB);
    return TopologyErrorCorrelator.create(graph)
        .analyze(new IncidentContext("a", WINDOW, errors, anomalies, List.of()));
  }

  private static void assertReleaseBlamed(RootCauseAnalysis analysis) {
    RootCauseCandidate top = analysis.rootCause().orElseThrow();
    assertThat(top.change().map(ChangeEvent::id)).contains(RELEASE);
    assertThat(top.confidence()).isGreaterThanOrEqualTo(0.5);
  }

  @Test
  void aReleaseIsBlamedWhenTheOtherCallerOnlySpikedOnce() {
    for (int at : new int[] {-1800, -60, 300, 900}) {
      assertReleaseBlamed(analyze(List.of(rise("b", "latency_ms", at, 20, 500)), List.of()));
      assertReleaseBlamed(analyze(List.of(rise("b", "cpu_percent", at, 20, 95)), List.of()));
    }
  }

  @Test
  void aReleaseIsBlamedWhenTheOtherCallerLoggedBackgroundErrorsBeforeIt() {
    assertReleaseBlamed(
        analyze(
            List.of(),
            List.of(errors("b", -1500, "SocketTimeoutException", "Read timed out", 12))));
  }

  @Test
  void aReleaseIsNotBlamedWhenTheOtherCallerFailsTheSameWayAndHolds() {
    RootCauseAnalysis analysis =
        analyze(List.of(rise("b", "error_rate", 10, 900, 0.6)), List.of(badRequests("b", 10)));

    RootCauseCandidate top = analysis.rootCause().orElseThrow();
    assertThat(top.resource().id()).isEqualTo("svc");
    assertThat(top.change()).isEmpty();
    assertThat(analysis.candidates())
        .filteredOn(c -> c.change().map(ChangeEvent::id).equals(Optional.of(RELEASE)))
        .allSatisfy(c -> assertThat(c.confidence()).isLessThan(0.5));
  }

  @Test
  void aReleaseIsNotBlamedWhenTheOtherCallersErrorRateRisesAndHoldsWithItsOwn() {
    // No errors logged by b, but its error rate rises after the release and holds as a's does.
    RootCauseAnalysis analysis = analyze(List.of(rise("b", "error_rate", 10, 900, 0.6)), List.of());

    assertThat(analysis.rootCause().orElseThrow().change()).isEmpty();
  }
}
