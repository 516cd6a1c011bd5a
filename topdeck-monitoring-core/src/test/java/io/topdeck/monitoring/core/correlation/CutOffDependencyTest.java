package io.topdeck.monitoring.core.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Anomaly;
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

/**
 * A network partition cuts svc-a and svc-b off orders-db, which svc-c, in another zone, still uses:
 * gw calls the three services, each of which calls orders-db.
 */
class CutOffDependencyTest {

  private static final Instant ONSET = Instant.parse("2026-12-01T09:45:00Z");
  private static final TimeRange WINDOW =
      new TimeRange(ONSET.minus(Duration.ofHours(1)), ONSET.plus(Duration.ofMinutes(30)));
  private static final List<String> SERVICES = List.of("svc-a", "svc-b", "svc-c");
  private static final Set<String> ALL = Set.of("gw", "svc-a", "svc-b", "svc-c", "orders-db");
  private static final String CONNECT_TIMEOUT = "connect timed out to orders-db:5432";

  private static InMemoryTopologyGraph graph() {
    InMemoryTopologyGraph.Builder b =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("gw", "api_gateway"))
            .resource(ResourceRef.of("orders-db", "sql_database"));
    for (String s : SERVICES) {
      b.resource(ResourceRef.of(s, "web_app"))
          .dependsOn("gw", s, "http")
          .dependsOn(s, "orders-db", "database");
    }
    return b.build();
  }

  private static Anomaly anomaly(String metric, String id, Instant at, double from, double to) {
    return new Anomaly(metric, id, at, at, Severity.HIGH, from, to, 30, 0.97, "shift");
  }

  /** Twelve reports, five errors each, of {@code type}: {@code message} on {@code service}. */
  private static List<ErrorEvent> errors(String service, String type, String message) {
    List<ErrorEvent> out = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      out.add(
          new ErrorEvent(
              service + "-" + i,
              "test",
              Optional.of(service),
              ONSET.plusSeconds(30L * i),
              type,
              message,
              "",
              Optional.empty(),
              5,
              OptionalLong.empty(),
              Map.of()));
    }
    return out;
  }

  /**
   * svc-a and svc-b fail (errors 0.01 to 0.5, svc-a's latency up) with errors {@code type}: {@code
   * message}, and gw's error rate rises after them; {@code more} adds anomalies.
   */
  private static IncidentContext partition(
      String type, String message, List<String> failing, List<Anomaly> more) {
    List<Anomaly> anomalies = new ArrayList<>(more);
    anomalies.add(anomaly("p95ResponseTimeMs", "svc-a", ONSET, 120, 2000));
    List<ErrorEvent> errors = new ArrayList<>();
    for (int i = 0; i < failing.size(); i++) {
      anomalies.add(anomaly("errorRate", failing.get(i), ONSET.plusSeconds(20L * i), 0.01, 0.5));
      errors.addAll(errors(failing.get(i), type, message));
    }
    anomalies.add(anomaly("errorRate", "gw", ONSET.plusSeconds(90), 0.002, 0.2));
    return new IncidentContext("gw", WINDOW, errors, anomalies, List.of());
  }

  private static IncidentContext partition(List<Anomaly> onTheDatabase) {
    return partition(
        "java.net.SocketTimeoutException",
        CONNECT_TIMEOUT,
        List.of("svc-a", "svc-b"),
        onTheDatabase);
  }

  private static RootCauseAnalysis analyze(IncidentContext context) {
    return TopologyErrorCorrelator.create(graph()).analyze(context);
  }

  private static void assertNamesTheNetworkPath(RootCauseCandidate top) {
    assertThat(top.resource().id()).isEqualTo("orders-db");
    assertThat(top.change()).isEmpty();
    assertThat(top.confidence()).isGreaterThan(0.5).isLessThanOrEqualTo(0.7);
    assertThat(top.summary())
        .isEqualTo(
            "svc-a, svc-b cannot connect to orders-db, which shows no fault of its own and still"
                + " serves svc-c: the network path between them fails, not orders-db itself");
    assertThat(top.recommendation())
        .startsWith("Check the network path from svc-a, svc-b to orders-db: security groups")
        .contains("the DNS resolution of orders-db", "zone or subnet", "svc-c does not share")
        .doesNotContain("Scale up", "slow queries", "Roll back");
    assertThat(top.evidence())
        .extracting(Evidence::description)
        .contains(
            "The errors of svc-a, svc-b say they cannot connect to it"
                + " (java.net.SocketTimeoutException: "
                + CONNECT_TIMEOUT
                + ")",
            "svc-c also depends on orders-db and shows nothing: orders-db still serves it, as it"
                + " would not if it failed itself");
  }

  @Test
  void callersCutOffADatabaseWhoseLoadFellAreAPathFaultNotTheDatabases() {
    RootCauseAnalysis analysis =
        analyze(
            partition(List.of(anomaly("requestRate", "orders-db", ONSET.plusSeconds(30), 800, 300)))
                .withObservedResources(ALL));

    RootCauseCandidate top = analysis.rootCause().orElseThrow();
    assertNamesTheNetworkPath(top);
    assertThat(top.evidence())
        .filteredOn(e -> e.kind() == Evidence.Kind.ANOMALY)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.weight()).isZero();
              assertThat(e.description())
                  .startsWith("orders-db: requestRate fell from 800 to 300")
                  .endsWith("the load of the callers that cannot reach it, not a fault of its own");
            });
    assertThat(analysis.candidates())
        .filteredOn(c -> c.resource().id().equals("orders-db"))
        .hasSize(1);
  }

  @Test
  void callersCutOffADatabaseThatShowsNothingAreAPathFaultNotTheDatabases() {
    RootCauseAnalysis analysis = analyze(partition(List.of()).withObservedResources(ALL));

    assertNamesTheNetworkPath(analysis.rootCause().orElseThrow());
    assertThat(analysis.candidates().get(1).confidence()).isLessThan(0.1);
    assertThat(analysis.steps().get(analysis.steps().size() - 1))
        .contains("the network path between them fails", "(confidence 70%)");
  }

  @Test
  void theCutOffCallersRelayTheLostConnectionRatherThanFailOnTheirOwn() {
    RootCauseAnalysis analysis = analyze(partition(List.of()).withObservedResources(ALL));

    assertThat(analysis.candidates())
        .filteredOn(c -> c.resource().id().equals("svc-a"))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.evidence())
                    .anyMatch(
                        e ->
                            e.weight() < 0
                                && e.description()
                                    .equals(
                                        "Most of svc-a's errors say it cannot connect to its"
                                            + " dependency orders-db: the path to it fails, not"
                                            + " svc-a itself")));
  }

  @Test
  void oneCallerCutOffWhileTwoAreServedIsAPathFaultToo() {
    RootCauseCandidate top =
        analyze(
                partition(
                        "java.net.SocketTimeoutException",
                        "Connect timed out to orders-db/10.0.3.7:5432",
                        List.of("svc-a"),
                        List.of())
                    .withObservedResources(ALL))
            .rootCause()
            .orElseThrow();

    assertThat(top.resource().id()).isEqualTo("orders-db");
    assertThat(top.confidence()).isGreaterThan(0.5).isLessThanOrEqualTo(0.7);
    assertThat(top.summary())
        .isEqualTo(
            "svc-a cannot connect to orders-db, which shows no fault of its own and still serves"
                + " svc-b, svc-c: the network path between them fails, not orders-db itself");
    assertThat(top.recommendation()).contains("that svc-b, svc-c do not share");
  }

  @Test
  void refusedConnectionsAreTheDatabasesOwnProcessDownNotAPath() {
    // The host answers and turns the connection down: nothing listens on the port. The third
    // caller showing nothing may just be idle.
    RootCauseCandidate top =
        analyze(
                partition(
                        "java.net.ConnectException",
                        "Connection refused: orders-db/10.0.3.7:5432",
                        List.of("svc-a", "svc-b"),
                        List.of(anomaly("requestRate", "orders-db", ONSET, 900, 50)))
                    .withObservedResources(ALL))
            .rootCause()
            .orElseThrow();

    assertThat(top.resource().id()).isEqualTo("orders-db");
    assertThat(top.summary()).doesNotContain("network path");
    assertThat(top.recommendation()).doesNotContain("network path");
  }

  @Test
  void refusalsAreToldFromConnectionsThatWereNeverAnswered() {
    assertThat(
            List.of(
                    error("java.net.ConnectException", "Connection refused (Connection refused)"),
                    error("PSQLException", "Connection to orders-db:5432 refused."),
                    error("Error", "connect ECONNREFUSED 10.0.3.7:5432"))
                .stream()
                .map(Reachability::refusal))
        .containsOnly(true);
    assertThat(
            List.of(
                    error("java.net.SocketTimeoutException", "Connect timed out"),
                    error(
                        "java.net.SocketTimeoutException",
                        "Connect timed out after 3 attempts; last error: Connection refused"))
                .stream()
                .map(Reachability::refusal))
        .containsOnly(false);
  }

  @Test
  void refusalsWhileTheDatabaseStillServesOthersAreAPathFault() {
    // A firewall that rejects instead of dropping: the database's throughput keeps the share of
    // the callers it still serves.
    RootCauseCandidate top =
        analyze(
                partition(
                        "java.net.ConnectException",
                        "Connection refused: orders-db/10.0.3.7:5432",
                        List.of("svc-a", "svc-b"),
                        List.of(
                            anomaly("requestRate", "orders-db", ONSET.plusSeconds(30), 800, 300)))
                    .withObservedResources(ALL))
            .rootCause()
            .orElseThrow();

    assertThat(top.resource().id()).isEqualTo("orders-db");
    assertThat(top.confidence()).isGreaterThan(0.5).isLessThanOrEqualTo(0.7);
    assertThat(top.summary()).contains("the network path between them fails");
  }

  @Test
  void aFewConnectTimeoutsAmongRefusalsDoNotMakeADeadProcessAPathFault() {
    // A database pod that died: its old address times out for a few calls, its service refuses.
    IncidentContext refused =
        partition(
            "PSQLException",
            "Connection to orders-db:5432 refused. Check that the hostname and port are correct",
            List.of("svc-a", "svc-b"),
            List.of());
    List<ErrorEvent> errors = new ArrayList<>(refused.errors());
    for (String caller : List.of("svc-a", "svc-b")) {
      errors.add(
          Incidents.errors(
              caller, ONSET.plusSeconds(5), "java.net.SocketTimeoutException", CONNECT_TIMEOUT, 3));
    }
    IncidentContext context =
        new IncidentContext(
                refused.symptomResourceId(),
                refused.window(),
                errors,
                refused.anomalies(),
                refused.alerts())
            .withObservedResources(ALL);

    RootCauseCandidate top = analyze(context).rootCause().orElseThrow();

    assertThat(top.resource().id()).isEqualTo("orders-db");
    assertThat(top.summary()).doesNotContain("network path");
  }

  @Test
  void aDatabaseLoggingItsClientsConnectionsBreakingIsStillCutOff() {
    IncidentContext cut =
        partition(List.of(anomaly("requestRate", "orders-db", ONSET.plusSeconds(30), 800, 300)));
    List<ErrorEvent> errors = new ArrayList<>(cut.errors());
    for (int i = 0; i < 4; i++) {
      errors.add(
          Incidents.errors(
              "orders-db",
              ONSET.plusSeconds(10L * i),
              "postgres",
              "LOG: could not receive data from client: Connection reset by peer",
              10));
    }
    IncidentContext context =
        new IncidentContext(
                cut.symptomResourceId(), cut.window(), errors, cut.anomalies(), cut.alerts())
            .withObservedResources(ALL);

    assertNamesTheNetworkPath(analyze(context).rootCause().orElseThrow());
  }

  @Test
  void aDatabaseThatEveryCallerCannotReachIsStillNamedAsFailing() {
    RootCauseCandidate top =
        analyze(
                partition("java.net.SocketTimeoutException", CONNECT_TIMEOUT, SERVICES, List.of())
                    .withObservedResources(ALL))
            .rootCause()
            .orElseThrow();

    assertThat(top.resource().id()).isEqualTo("orders-db");
    assertThat(top.confidence()).isGreaterThan(0.9);
    assertThat(top.summary()).doesNotContain("network path");
    assertThat(top.recommendation()).doesNotContain("network path");
  }

  @Test
  void aDatabaseWhoseOwnTelemetryShowsAFaultIsNamedAsFailing() {
    RootCauseCandidate top =
        analyze(
                partition(
                        List.of(
                            anomaly("cpuPercent", "orders-db", ONSET.minusSeconds(60), 40, 99),
                            anomaly(
                                "averageQueryTimeMs",
                                "orders-db",
                                ONSET.minusSeconds(60),
                                12,
                                400)))
                    .withObservedResources(ALL))
            .rootCause()
            .orElseThrow();

    assertThat(top.resource().id()).isEqualTo("orders-db");
    assertThat(top.confidence()).isGreaterThan(0.9);
    assertThat(top.summary()).startsWith("orders-db is saturated");
    assertThat(top.recommendation()).doesNotContain("network path");
  }

  @Test
  void aDatabaseThatSendsNoTelemetryIsNotTakenForCutOff() {
    Set<String> withoutTheDatabase = Set.of("gw", "svc-a", "svc-b", "svc-c");
    RootCauseCandidate top =
        analyze(partition(List.of()).withObservedResources(withoutTheDatabase))
            .rootCause()
            .orElseThrow();

    assertThat(top.resource().id()).isEqualTo("orders-db");
    assertThat(top.summary()).doesNotContain("network path");
    assertThat(top.recommendation()).contains("add telemetry to orders-db");
  }

  @Test
  void aDatabaseWhoseThroughputFellToNothingServesNoOneAndIsNotTakenForCutOff() {
    RootCauseCandidate top =
        analyze(
                partition(
                        List.of(anomaly("requestRate", "orders-db", ONSET.plusSeconds(30), 800, 0)))
                    .withObservedResources(ALL))
            .rootCause()
            .orElseThrow();

    assertThat(top.resource().id()).isEqualTo("orders-db");
    assertThat(top.summary()).doesNotContain("network path");
  }

  @Test
  void readTimeoutsOnADatabaseAreItsOwnSlownessNotALostConnection() {
    RootCauseAnalysis analysis =
        analyze(
            partition(
                    "java.net.SocketTimeoutException",
                    "Read timed out waiting for orders-db",
                    List.of("svc-a", "svc-b"),
                    List.of())
                .withObservedResources(ALL));

    assertThat(analysis.candidates())
        .noneMatch(c -> c.summary().contains("network path"))
        .noneMatch(c -> c.recommendation().contains("network path"));
  }

  @Test
  void withoutKnowingWhichCallersReportedNoneIsKnownToBeServed() {
    RootCauseAnalysis analysis = analyze(partition(List.of()));

    assertThat(analysis.candidates()).noneMatch(c -> c.summary().contains("network path"));
  }

  @Test
  void connectionLevelErrorsAreToldFromSlowAnswersAndEmptyPools() {
    assertThat(
            List.of(
                    error("java.net.SocketTimeoutException", "Connect timed out"),
                    error("java.net.SocketException", "Connection reset"),
                    error("java.net.ConnectException", "Connection refused (Connection refused)"),
                    error("java.net.NoRouteToHostException", "No route to host"),
                    error("java.net.UnknownHostException", "orders-db: Name or service not known"),
                    error("PSQLException", "The connection attempt failed."),
                    error("Error", "dial tcp 10.0.3.7:5432: i/o timeout"),
                    error("Error", "getaddrinfo ENOTFOUND orders-db"),
                    error(
                        "CommunicationsException",
                        "Communications link failure; the driver has not received any packets"))
                .stream()
                .map(Reachability::connectionFailure))
        .containsOnly(true);
    assertThat(
            List.of(
                    error("java.net.SocketTimeoutException", "Read timed out"),
                    error(
                        "java.sql.SQLTransientConnectionException",
                        "HikariPool-1 - Connection is not available, request timed out after"
                            + " 30000ms"),
                    error("SqlException", "Execution Timeout Expired on orders-db"),
                    error("HttpServerErrorException", "502 Bad Gateway from orders-svc"))
                .stream()
                .map(Reachability::connectionFailure))
        .containsOnly(false);
  }

  private static ErrorEvent error(String type, String message) {
    return Incidents.errors("svc-a", ONSET, type, message, 1);
  }
}
