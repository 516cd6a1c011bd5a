package io.topdeck.monitoring.core.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Anomaly;
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
import org.junit.jupiter.api.Test;

/** A share series (error rate, pool usage, CPU) that reaches the top of its scale, 1.0. */
class FullScaleShareTest {

  private static final Instant T = Instant.parse("2026-12-01T09:40:00Z");
  private static final TimeRange WINDOW =
      new TimeRange(T.minus(Duration.ofMinutes(40)), T.plus(Duration.ofMinutes(20)));

  /** {@code metric} of {@code resource} rising at T plus {@code at} s, flagged for 15 minutes. */
  private static Anomaly held(String resource, String metric, int at, double from, double to) {
    Instant start = T.plusSeconds(at);
    return Incidents.rise(resource, metric, start, from, to)
        .seenUntil(start.plus(Duration.ofMinutes(15)));
  }

  private static ErrorEvent errors(String resource, int at, String type, String message) {
    return Incidents.errors(resource, T.plusSeconds(at), type, message, 200);
  }

  /** web calling pay calling db; pay's error rate goes from 0 to {@code peak} and holds. */
  private static RootCauseAnalysis paymentsOutage(double peak) {
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("web", "web_app"))
            .resource(ResourceRef.of("pay", "web_app"))
            .resource(ResourceRef.of("db", "sql_database"))
            .dependsOn("web", "pay", "http")
            .dependsOn("pay", "db", "database")
            .build();
    List<ErrorEvent> errors =
        List.of(
            errors(
                "web",
                35,
                "HttpServerErrorException$ServiceUnavailable",
                "503 Service Unavailable from POST http://pay/charge"));
    List<Anomaly> anomalies =
        List.of(held("pay", "error_rate", 0, 0, peak), held("web", "error_rate", 30, 0.01, 0.4));
    return TopologyErrorCorrelator.create(graph)
        .analyze(new IncidentContext("web", WINDOW, errors, anomalies, List.of()));
  }

  @Test
  void aServiceFailingEveryRequestIsNamedAsSurelyAsOneFailingMost() {
    RootCauseCandidate most = paymentsOutage(0.95).rootCause().orElseThrow();
    RootCauseCandidate all = paymentsOutage(1.0).rootCause().orElseThrow();

    assertThat(most.resource().id()).isEqualTo("pay");
    assertThat(all.resource().id()).isEqualTo("pay");
    assertThat(all.confidence()).isGreaterThanOrEqualTo(most.confidence());
  }

  /** app calling db; db's {@code metric} goes from {@code from} to 1.0, app timing out on it. */
  private static RootCauseAnalysis databaseFull(String metric, double from) {
    InMemoryTopologyGraph graph = Incidents.appOnDatabase().build();
    List<ErrorEvent> errors =
        List.of(
            errors(
                "app",
                40,
                "SQLTransientConnectionException",
                "HikariPool-1 - Connection is not available, request timed out after 30000ms"));
    List<Anomaly> anomalies =
        List.of(held("db", metric, 0, from, 1.0), held("app", "latency_ms", 30, 80, 2000));
    return TopologyErrorCorrelator.create(graph)
        .analyze(new IncidentContext("app", WINDOW, errors, anomalies, List.of()));
  }

  @Test
  void aDatabaseWhosePoolOrCpuIsFullyTakenIsNamedOverItsWaitingCaller() {
    for (RootCauseAnalysis analysis :
        List.of(
            databaseFull("connection_pool_usage", 0.3), databaseFull("cpu_utilization", 0.35))) {
      RootCauseCandidate top = analysis.rootCause().orElseThrow();
      assertThat(top.resource().id()).isEqualTo("db");
      assertThat(top.confidence()).isGreaterThanOrEqualTo(0.5);
    }
  }
}
