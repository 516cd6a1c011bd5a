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
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** How the ranking weighs onset order, per-series evidence, changes and separate failures. */
class RootCauseRankingTest {

  private static final Instant T = Instant.parse("2026-12-01T09:40:00Z");
  private static final TimeRange WINDOW =
      new TimeRange(T.minus(Duration.ofMinutes(40)), T.plus(Duration.ofMinutes(20)));

  private static Anomaly rise(
      String resource, String metric, int secondsAfterT, double from, double to) {
    return rise(resource, metric, Duration.ofSeconds(secondsAfterT), from, to);
  }

  private static Anomaly rise(
      String resource, String metric, Duration afterT, double from, double to) {
    return Incidents.rise(resource, metric, T.plus(afterT), from, to);
  }

  private static RootCauseAnalysis analyze(
      InMemoryTopologyGraph graph, String symptom, List<Anomaly> anomalies) {
    return TopologyErrorCorrelator.create(graph)
        .analyze(new IncidentContext(symptom, WINDOW, List.of(), anomalies, List.of()));
  }

  private static List<String> topIds(RootCauseAnalysis analysis, int n) {
    return analysis.candidates().stream().limit(n).map(c -> c.resource().id()).toList();
  }

  /** A database failing under two callers, one of them deployed minutes before. */
  private static InMemoryTopologyGraph.Builder sharedDatabase() {
    return InMemoryTopologyGraph.builder()
        .resource(ResourceRef.of("gw", "api_gateway"))
        .resource(ResourceRef.of("orders", "service"))
        .resource(ResourceRef.of("billing", "service"))
        .resource(ResourceRef.of("db", "sql_database"))
        .dependsOn("gw", "orders", "http")
        .dependsOn("orders", "db", "database")
        .dependsOn("billing", "db", "database");
  }

  private static List<Anomaly> databaseFailsFirst() {
    return List.of(
        rise("db", "db_query_time_ms", 0, 12, 90),
        rise("db", "lock_wait_ms", 0, 3, 40),
        rise("orders", "latency_ms", 60, 80, 600),
        rise("orders", "error_rate", 60, 0.01, 0.2),
        rise("billing", "latency_ms", 90, 50, 400),
        rise("gw", "latency_ms", 120, 100, 700));
  }

  /** A chain whose middle service reports nothing of its own, as when its telemetry is missing. */
  private static InMemoryTopologyGraph relayChain() {
    return InMemoryTopologyGraph.builder()
        .resource(ResourceRef.of("gw", "api_gateway"))
        .resource(ResourceRef.of("orders", "service"))
        .resource(ResourceRef.of("inventory", "service"))
        .resource(ResourceRef.of("db", "sql_database"))
        .dependsOn("gw", "orders", "http")
        .dependsOn("orders", "inventory", "http")
        .dependsOn("inventory", "db", "database")
        .build();
  }

  private static RootCauseAnalysis relayed(String message) {
    // A CPU blip on orders before the database fails hides the order of onsets.
    List<Anomaly> anomalies =
        List.of(
            rise("orders", "cpu_percent", -30, 30, 55),
            rise("db", "db_query_time_ms", 0, 12, 90),
            rise("db", "cpu_percent", 0, 40, 95),
            rise("db", "lock_wait_ms", 0, 3, 40),
            rise("orders", "latency_ms", 60, 80, 600),
            rise("orders", "error_rate", 60, 0.01, 0.2),
            rise("gw", "latency_ms", 120, 100, 700));
    ErrorEvent errors =
        new ErrorEvent(
            "e-1",
            "test",
            Optional.of("orders"),
            T.plus(Duration.ofSeconds(60)),
            "HttpServerErrorException$BadGateway",
            message,
            "",
            Optional.empty(),
            500,
            OptionalLong.empty(),
            Map.of());
    return TopologyErrorCorrelator.create(relayChain())
        .analyze(new IncidentContext("gw", WINDOW, List.of(errors), anomalies, List.of()));
  }

  /**
   * Three backends behind a gateway, sharing a database that shows nothing. The gateway was
   * released three minutes before the backends' error rates rose, two of them logging 50 {@code
   * errorType} errors each; the gateway's own error rate rose after theirs.
   */
  private static RootCauseAnalysis afterGatewayRelease(String errorType, String message) {
    InMemoryTopologyGraph.Builder graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("gw", "api_gateway"))
            .resource(ResourceRef.of("db", "sql_database"))
            .change(
                ChangeEvent.deployment("gw-v2", T.minus(Duration.ofMinutes(3)), "gw", "v2", "v1"));
    List<Anomaly> anomalies = new ArrayList<>();
    List<ErrorEvent> errors = new ArrayList<>();
    int offset = 0;
    for (String backend : List.of("svc-a", "svc-b", "svc-c")) {
      graph
          .resource(ResourceRef.of(backend, "web_app"))
          .dependsOn("gw", backend, "http")
          .dependsOn(backend, "db", "database");
      anomalies.add(rise(backend, "error_rate", offset, 0.01, 0.6));
      if (!backend.equals("svc-c")) {
        errors.add(
            new ErrorEvent(
                "e-" + backend,
                "test",
                Optional.of(backend),
                T.plus(Duration.ofSeconds(offset + 5)),
                errorType,
                message,
                "",
                Optional.empty(),
                50,
                OptionalLong.empty(),
                Map.of()));
      }
      offset += 10;
    }
    anomalies.add(rise("gw", "error_rate", 40, 0.002, 0.5));
    return TopologyErrorCorrelator.create(graph.build())
        .analyze(new IncidentContext("gw", WINDOW, errors, anomalies, List.of()));
  }

  @Test
  void aGatewayReleaseAfterWhichItsBackendsRejectItsRequestsIsTheRoot() {
    RootCauseAnalysis rejected =
        afterGatewayRelease("MissingRequestHeaderException", "Required header X-Tenant missing");

    RootCauseCandidate top = rejected.rootCause().orElseThrow();
    assertThat(top.resource().id()).isEqualTo("gw");
    assertThat(top.change().map(ChangeEvent::id)).contains("gw-v2");
    assertThat(top.confidence()).isGreaterThan(0.9);
    assertThat(top.evidence())
        .anySatisfy(e -> assertThat(e.description()).isEqualTo("Dependency path: gw -> svc-a"))
        .anySatisfy(e -> assertThat(e.description()).isEqualTo("Dependency path: gw -> svc-b"));
    assertThat(rejected.candidates())
        .filteredOn(c -> c.resource().id().equals("svc-a") && c.change().isEmpty())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.evidence())
                    .anySatisfy(
                        e ->
                            assertThat(e.description())
                                .contains("turn requests away as malformed")));
  }

  private static ErrorEvent errors(String resource, int afterT, String type, String message) {
    return new ErrorEvent(
        "e-" + resource,
        "test",
        Optional.of(resource),
        T.plus(Duration.ofSeconds(afterT)),
        type,
        message,
        "",
        Optional.empty(),
        60,
        OptionalLong.empty(),
        Map.of());
  }

  /**
   * A frontend released five minutes before the service two hops down began to reject what it
   * forwards ({@code rejection}), the service in between relaying that failure by name.
   */
  private static RootCauseAnalysis payloadTwoHopsDown(String type, String rejection) {
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("frontend", "web_app"))
            .resource(ResourceRef.of("orders", "web_app"))
            .resource(ResourceRef.of("payments", "web_app"))
            .resource(ResourceRef.of("payments-db", "sql_database"))
            .dependsOn("frontend", "orders", "http")
            .dependsOn("orders", "payments", "http")
            .dependsOn("payments", "payments-db", "database")
            .change(
                ChangeEvent.deployment(
                    "fe-v9", T.minus(Duration.ofMinutes(5)), "frontend", "v9", "v8"))
            .build();
    List<Anomaly> anomalies =
        List.of(
            rise("payments", "error_rate", 0, 0.001, 0.4),
            rise("orders", "error_rate", 20, 0.005, 0.4),
            rise("frontend", "error_rate", 40, 0.005, 0.3));
    List<ErrorEvent> errors =
        List.of(
            errors("payments", 5, type, rejection),
            errors("orders", 25, "HttpServerErrorException", "500 from payments"));
    return TopologyErrorCorrelator.create(graph)
        .analyze(new IncidentContext("frontend", WINDOW, errors, anomalies, List.of()));
  }

  @Test
  void aReleaseWhosePayloadIsRejectedTwoHopsDownIsTheRoot() {
    RootCauseAnalysis rejected =
        payloadTwoHopsDown(
            "ConstraintViolationException", "createPayment.request.currency: must not be null");
    RootCauseAnalysis own =
        payloadTwoHopsDown("IllegalStateException", "Ledger entry out of balance");

    RootCauseCandidate top = rejected.rootCause().orElseThrow();
    assertThat(top.resource().id()).isEqualTo("frontend");
    assertThat(top.change().map(ChangeEvent::id)).contains("fe-v9");
    assertThat(top.evidence())
        .anySatisfy(
            e ->
                assertThat(e.description())
                    .isEqualTo("Dependency path: frontend -> orders -> payments"));
    // An error of the service's own says nothing of what it was sent.
    assertThat(own.candidates().get(0).resource().id()).isEqualTo("payments");
  }

  /**
   * A database whose queries and lock waits climb, logging 60 errors ({@code type}, {@code
   * message}), under two callers; orders was released ten minutes before, and both callers time out
   * on the database a minute later, or orders alone when {@code billingFails} is false.
   */
  private static RootCauseAnalysis databaseUnderReleasedCaller(
      String type, String message, boolean billingFails) {
    InMemoryTopologyGraph graph =
        sharedDatabase()
            .change(
                ChangeEvent.deployment(
                    "orders-v7", T.minus(Duration.ofMinutes(10)), "orders", "v7", "v6"))
            .build();
    List<Anomaly> anomalies =
        new ArrayList<>(
            List.of(
                rise("db", "db_query_time_ms", 0, 12, 900),
                rise("db", "lock_wait_ms", 0, 3, 400),
                rise("orders", "latency_ms", 60, 80, 2000),
                rise("orders", "error_rate", 60, 0.01, 0.3),
                rise("gw", "latency_ms", 120, 100, 2500)));
    List<ErrorEvent> errors =
        new ArrayList<>(
            List.of(
                errors("db", 5, type, message),
                errors("orders", 65, "SQLTimeoutException", "Query to db timed out")));
    if (billingFails) {
      anomalies.add(rise("billing", "latency_ms", 70, 50, 1500));
      anomalies.add(rise("billing", "error_rate", 70, 0.01, 0.3));
      errors.add(errors("billing", 75, "SQLTimeoutException", "Query to db timed out"));
    }
    return TopologyErrorCorrelator.create(graph)
        .analyze(new IncidentContext("gw", WINDOW, errors, anomalies, List.of()));
  }

  @Test
  void aDatabaseWhoseOwnErrorsCarryA400IsNotTakenForRejectingAReleasedCaller() {
    List<RootCauseAnalysis> analyses =
        List.of(
            databaseUnderReleasedCaller(
                "SQLServerException",
                "Transaction (Process ID 400) was deadlocked on lock resources with another"
                    + " process and has been chosen as the deadlock victim.",
                true),
            databaseUnderReleasedCaller(
                "SQLException", "Lock wait timeout exceeded after 400 ms", true),
            databaseUnderReleasedCaller(
                "ProvisionedThroughputExceededException",
                "The level of configured provisioned throughput for the table was exceeded"
                    + " (Service: DynamoDb, Status Code: 400)",
                true),
            databaseUnderReleasedCaller(
                "IllegalStateException", "Connection must not be null", true));

    for (RootCauseAnalysis analysis : analyses) {
      RootCauseCandidate top = analysis.rootCause().orElseThrow();
      assertThat(top.resource().id()).isEqualTo("db");
      assertThat(top.change()).isEmpty();
      assertThat(top.confidence()).isGreaterThan(0.9);
    }
  }

  @Test
  void aReleaseIsNotBlamedForRejectionsWhenACallerItDoesNotReachFailsToo() {
    String type = "MethodArgumentNotValidException";
    String message = "Validation failed: customerId must not be null";
    RootCauseAnalysis both = databaseUnderReleasedCaller(type, message, true);
    RootCauseAnalysis released = databaseUnderReleasedCaller(type, message, false);

    // billing, which orders-v7 does not reach, fails with orders: db's failure is its own.
    RootCauseCandidate top = both.rootCause().orElseThrow();
    assertThat(top.resource().id()).isEqualTo("db");
    assertThat(top.change()).isEmpty();
    assertThat(both.candidates())
        .filteredOn(c -> c.change().map(ChangeEvent::id).equals(Optional.of("orders-v7")))
        .allSatisfy(c -> assertThat(c.confidence()).isLessThan(0.5));
    // Only the released caller fails: its payload is what db turns away.
    assertThat(released.rootCause().orElseThrow().change().map(ChangeEvent::id))
        .contains("orders-v7");
  }

  @Test
  void aGatewayReleaseIsNotBlamedForBackendsFailingWithErrorsOfTheirOwn() {
    RootCauseAnalysis own =
        afterGatewayRelease("IllegalStateException", "Order state machine stuck in PENDING");

    assertThat(own.candidates().get(0).resource().id()).isNotEqualTo("gw");
    assertThat(own.candidates())
        .filteredOn(c -> c.resource().id().equals("gw") && c.change().isPresent())
        .allSatisfy(c -> assertThat(c.confidence()).isLessThan(0.5));
  }

  @Test
  void aServiceWhoseErrorsNameItsDependencyIsNotTakenForTheRoot() {
    RootCauseAnalysis named = relayed("502 Bad Gateway from inventory.");
    RootCauseAnalysis unnamed = relayed("502 Bad Gateway");

    assertThat(topIds(named, 1)).containsExactly("db");
    assertThat(named.candidates())
        .filteredOn(c -> c.resource().id().equals("orders"))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.evidence())
                    .anySatisfy(
                        e ->
                            assertThat(e.description()).contains("name its dependency inventory")));
    assertThat(topIds(unnamed, 1)).containsExactly("orders");
  }

  @Test
  void aBatchJobWhoseOwnDemandRoseBeforeTheFailuresOfItsSharedDatabaseIsNamed() {
    InMemoryTopologyGraph graph =
        sharedDatabase()
            .resource(ResourceRef.of("batch", "batch_job"))
            .dependsOn("batch", "db", "database")
            .build();
    List<Anomaly> anomalies =
        List.of(
            rise("batch", "request_rate", 0, 20, 45),
            rise("db", "db_query_time_ms", 30, 12, 20),
            rise("orders", "latency_ms", 60, 80, 400),
            rise("billing", "latency_ms", 90, 50, 300),
            rise("gw", "latency_ms", 120, 100, 500));

    RootCauseCandidate top = analyze(graph, "gw", anomalies).rootCause().get();

    assertThat(top.resource().id()).isEqualTo("batch");
    assertThat(top.confidence()).isGreaterThanOrEqualTo(0.5);
    assertThat(top.evidence())
        .anySatisfy(e -> assertThat(e.description()).contains("makes its own demand"));
  }

  @Test
  void aBatchJobWhoseCpuAloneRoseBeforeTheFailuresOfItsSharedDatabaseIsNamed() {
    // The job's throughput series is missing: more work shows only as more CPU.
    InMemoryTopologyGraph graph =
        sharedDatabase()
            .resource(ResourceRef.of("batch", "batch_job"))
            .dependsOn("batch", "db", "database")
            .build();
    List<Anomaly> anomalies =
        List.of(
            rise("batch", "cpu_percent", 0, 20, 45),
            rise("db", "db_query_time_ms", 30, 12, 20),
            rise("db", "lock_wait_ms", 30, 3, 9),
            rise("orders", "latency_ms", 60, 80, 400),
            rise("billing", "latency_ms", 90, 50, 300),
            rise("gw", "latency_ms", 120, 100, 500));

    RootCauseCandidate top = analyze(graph, "gw", anomalies).rootCause().get();

    assertThat(top.resource().id()).isEqualTo("batch");
    assertThat(top.evidence())
        .anySatisfy(e -> assertThat(e.description()).contains("makes its own demand"));
  }

  @Test
  void aBatchJobWhoseDatabaseIsFlaggedASampleBeforeItsCpuIsNotTakenForItsVictim() {
    // The slower queries the job causes are flagged half a minute before its CPU rise: within the
    // lag allowed to demand, so the database is loaded by the job, and the job inherits nothing.
    InMemoryTopologyGraph graph =
        sharedDatabase()
            .resource(ResourceRef.of("batch", "batch_job"))
            .dependsOn("batch", "db", "database")
            .build();
    Instant end = T.plus(Duration.ofMinutes(20));
    List<Anomaly> anomalies =
        List.of(
            rise("batch", "cpu_percent", 30, 20, 45).seenUntil(end),
            rise("db", "db_query_time_ms", 0, 12, 20).seenUntil(end),
            rise("db", "lock_wait_ms", 0, 3, 9).seenUntil(end),
            rise("orders", "latency_ms", 60, 80, 400).seenUntil(end),
            rise("billing", "latency_ms", 90, 50, 300).seenUntil(end),
            rise("gw", "latency_ms", 120, 100, 500).seenUntil(end));

    RootCauseCandidate top = analyze(graph, "gw", anomalies).rootCause().get();

    assertThat(top.resource().id()).isEqualTo("batch");
    assertThat(top.confidence()).isGreaterThanOrEqualTo(0.5);
    assertThat(top.evidence())
        .anySatisfy(e -> assertThat(e.description()).contains("makes its own demand"))
        .noneSatisfy(e -> assertThat(e.description()).contains("failed first"));
  }

  @Test
  void aBatchJobReachesTheCallersOfASharedDatabaseThatReportsNothing() {
    // The database's telemetry is missing: the job's load shows only in its callers' failures.
    InMemoryTopologyGraph graph =
        sharedDatabase()
            .resource(ResourceRef.of("batch", "batch_job"))
            .dependsOn("batch", "db", "database")
            .build();
    Instant end = T.plus(Duration.ofMinutes(20));
    List<Anomaly> anomalies =
        List.of(
            rise("batch", "cpu_percent", 0, 20, 45).seenUntil(end),
            rise("orders", "latency_ms", 60, 80, 400).seenUntil(end),
            rise("orders", "error_rate", 60, 0.01, 0.2).seenUntil(end),
            rise("gw", "latency_ms", 120, 100, 500).seenUntil(end));

    RootCauseCandidate top = analyze(graph, "gw", anomalies).rootCause().get();

    assertThat(top.resource().id()).isEqualTo("batch");
    assertThat(top.evidence())
        .anySatisfy(e -> assertThat(e.description()).contains("makes its own demand"))
        .anySatisfy(e -> assertThat(e.description()).contains("explains 2 failing resources"));
  }

  /**
   * A service whose CPU climbs and whose latency follows, held for twenty minutes, below a
   * dependency whose latency rose a minute before and held until {@code dependencyUntil}.
   */
  private static RootCauseAnalysis saturatingBelow(Duration dependencyUntil) {
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("gw", "api_gateway"))
            .resource(ResourceRef.of("reviews", "service"))
            .resource(ResourceRef.of("catalog", "service"))
            .dependsOn("gw", "reviews", "http")
            .dependsOn("reviews", "catalog", "http")
            .build();
    Instant end = T.plus(Duration.ofMinutes(20));
    List<Anomaly> anomalies =
        List.of(
            rise("catalog", "latency_ms", -60, 13, 19).seenUntil(T.plus(dependencyUntil)),
            rise("reviews", "cpu_percent", 0, 33, 60).seenUntil(end),
            rise("reviews", "latency_ms", 300, 34, 90).seenUntil(end),
            rise("gw", "latency_ms", 330, 60, 200).seenUntil(end));
    return analyze(graph, "gw", anomalies);
  }

  @Test
  void aFailureThatHoldsIsNotTakenAsInheritedFromADependencyThatOnlySpiked() {
    RootCauseAnalysis spiked = saturatingBelow(Duration.ofSeconds(-60));
    RootCauseAnalysis held = saturatingBelow(Duration.ofMinutes(20));

    assertThat(topIds(spiked, 1)).containsExactly("reviews");
    assertThat(spiked.candidates().get(0).evidence())
        .noneSatisfy(e -> assertThat(e.description()).contains("failed first"));
    assertThat(held.candidates())
        .filteredOn(c -> c.resource().id().equals("reviews"))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.evidence())
                    .anySatisfy(e -> assertThat(e.description()).contains("failed first")));
  }

  /**
   * A shared database failing for four minutes on, its batch job's CPU risen from {@code jobFrom}.
   */
  private static RootCauseAnalysis jobCpuThenDatabase(Duration jobFrom, Duration jobUntil) {
    InMemoryTopologyGraph graph =
        sharedDatabase()
            .resource(ResourceRef.of("batch", "batch_job"))
            .dependsOn("batch", "db", "database")
            .build();
    Instant end = T.plus(Duration.ofMinutes(4));
    List<Anomaly> anomalies =
        List.of(
            rise("batch", "cpu_percent", jobFrom, 20, 45).seenUntil(T.plus(jobUntil)),
            rise("db", "db_query_time_ms", 30, 12, 20).seenUntil(end),
            rise("db", "lock_wait_ms", 30, 3, 9).seenUntil(end),
            rise("orders", "latency_ms", 60, 80, 400).seenUntil(end),
            rise("billing", "latency_ms", 90, 50, 300).seenUntil(end),
            rise("gw", "latency_ms", 120, 100, 500).seenUntil(end));
    return analyze(graph, "gw", anomalies);
  }

  @Test
  void aBatchJobWhoseCpuBurstPassedWithinMinutesIsNotTakenForTheDemandThatBrokeItsDatabase() {
    // Ninety seconds of more CPU and back to normal while the database stays broken: noise.
    RootCauseAnalysis analysis = jobCpuThenDatabase(Duration.ZERO, Duration.ofSeconds(90));

    assertThat(topIds(analysis, 1)).doesNotContain("batch");
    assertThat(analysis.candidates())
        .allSatisfy(
            c ->
                assertThat(c.evidence())
                    .noneSatisfy(
                        e -> assertThat(e.description()).contains("makes its own demand")));
  }

  @Test
  void aBatchJobWhoseCpuRiseIsStillGoingWhenTheTelemetryEndsIsNamedHoweverRecent() {
    // Analysed four minutes in: the job's CPU has held only that long, but has not let go.
    RootCauseCandidate top =
        jobCpuThenDatabase(Duration.ZERO, Duration.ofMinutes(4)).rootCause().get();

    assertThat(top.resource().id()).isEqualTo("batch");
    assertThat(top.evidence())
        .anySatisfy(e -> assertThat(e.description()).contains("makes its own demand"));
  }

  /**
   * A service whose CPU, latency and errors begin together and hold for twenty minutes, its
   * gateway's users sending half as much again from half a minute before when {@code surge}.
   */
  private static RootCauseAnalysis serviceHolding(boolean surge) {
    return serviceHolding(surge, InMemoryTopologyGraph.builder());
  }

  private static RootCauseAnalysis serviceHolding(
      boolean surge, InMemoryTopologyGraph.Builder builder) {
    InMemoryTopologyGraph graph =
        builder
            .resource(ResourceRef.of("gw", "api_gateway"))
            .resource(ResourceRef.of("orders", "service"))
            .resource(ResourceRef.of("db", "sql_database"))
            .dependsOn("gw", "orders", "http")
            .dependsOn("orders", "db", "database")
            .build();
    Instant end = T.plus(Duration.ofMinutes(20));
    List<Anomaly> anomalies = new ArrayList<>();
    if (surge) {
      anomalies.add(rise("gw", "request_rate", 0, 200, 300).seenUntil(end));
    }
    anomalies.add(rise("orders", "cpu_percent", 30, 30, 60).seenUntil(end));
    anomalies.add(rise("orders", "latency_ms", 30, 80, 200).seenUntil(end));
    anomalies.add(rise("orders", "error_rate", 30, 0.005, 0.03).seenUntil(end));
    return analyze(graph, "gw", anomalies);
  }

  @Test
  void aServiceFailingUnderTheTrafficItsEntryPointReceivedFirstIsNotNamed() {
    // Its signals began together and held, as a fault's do, but so do an overloaded service's.
    RootCauseAnalysis surge = serviceHolding(true);
    RootCauseAnalysis alone = serviceHolding(false);

    assertThat(surge.candidates()).allSatisfy(c -> assertThat(c.confidence()).isLessThan(0.5));
    assertThat(alone.rootCause().get().resource().id()).isEqualTo("orders");
    assertThat(alone.rootCause().get().confidence()).isGreaterThanOrEqualTo(0.5);
  }

  @Test
  void aDeploymentOfAServiceFailingUnderTheTrafficItsEntryPointReceivedFirstIsNotBlamed() {
    ChangeEvent deployment =
        ChangeEvent.deployment("d-1", T.minus(Duration.ofMinutes(6)), "orders", "v2", "v1");

    RootCauseAnalysis analysis =
        serviceHolding(true, InMemoryTopologyGraph.builder().change(deployment));

    assertThat(analysis.candidates()).allSatisfy(c -> assertThat(c.confidence()).isLessThan(0.5));
  }

  /**
   * A database whose query time is flagged at half as much again in the last five minutes of the
   * telemetry, then climbs to {@code peak}, its caller and the gateway slowing after it.
   */
  private static RootCauseAnalysis databaseLateInTheWindow(double peak) {
    Instant end = T.plus(Duration.ofMinutes(5));
    List<Anomaly> anomalies =
        List.of(
            rise("db", "db_query_time_ms", 0, 14, 22).seenUntil(end, peak),
            rise("orders", "latency_ms", 120, 80, 110).seenUntil(end),
            rise("gw", "latency_ms", 150, 70, 150).seenUntil(end));
    return analyze(sharedDatabase().build(), "gw", anomalies);
  }

  /**
   * A database failing for twenty minutes under its caller and the gateway, while {@code blips}
   * other services behind the same gateway each spike once for twenty seconds around the gateway's
   * onset, as a large estate's do.
   */
  private static RootCauseAnalysis heldFaultAmongBlips(int blips) {
    InMemoryTopologyGraph.Builder builder =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("gw", "api_gateway"))
            .resource(ResourceRef.of("orders", "service"))
            .resource(ResourceRef.of("db", "sql_database"))
            .dependsOn("gw", "orders", "http")
            .dependsOn("orders", "db", "database");
    Instant end = T.plus(Duration.ofMinutes(20));
    List<Anomaly> anomalies = new ArrayList<>();
    anomalies.add(rise("db", "db_query_time_ms", 0, 12, 60).seenUntil(end));
    anomalies.add(rise("orders", "latency_ms", 60, 80, 300).seenUntil(end));
    anomalies.add(rise("gw", "latency_ms", 120, 100, 400).seenUntil(end));
    for (int i = 0; i < blips; i++) {
      String id = "svc-" + i;
      builder.resource(ResourceRef.of(id, "service")).dependsOn("gw", id, "http");
      Duration at = Duration.ofSeconds(60 + i % 120);
      anomalies.add(rise(id, "latency_ms", at, 40, 120).seenUntil(T.plus(at).plusSeconds(20)));
    }
    return analyze(builder.build(), "gw", anomalies);
  }

  @Test
  void theBlipsOfABusyEstateTogetherWeighAsOneAlternativeToAFaultThatHolds() {
    RootCauseAnalysis quiet = heldFaultAmongBlips(0);
    RootCauseAnalysis busy = heldFaultAmongBlips(300);

    assertThat(quiet.rootCause().get().resource().id()).isEqualTo("db");
    assertThat(busy.rootCause().get().resource().id()).isEqualTo("db");
    // 300 blips against one fault: the fault stays named, not shared out among the noise.
    assertThat(busy.rootCause().get().confidence())
        .isGreaterThanOrEqualTo(0.5)
        .isGreaterThan(quiet.rootCause().get().confidence() - 0.2);
    assertThat(busy.candidates())
        .filteredOn(c -> c.resource().id().startsWith("svc-"))
        .isNotEmpty()
        .allSatisfy(
            c ->
                assertThat(c.evidence())
                    .anySatisfy(e -> assertThat(e.description()).contains("one of 300 resources")));
  }

  /**
   * A service and its database, whose query time rises 75-fold and holds, the service timing out
   * half a minute later with {@code type} errors: "Query timed out".
   */
  private static RootCauseAnalysis queriesTimingOut(String type, boolean secondDatabase) {
    return queriesTimingOut(type, "Query timed out", secondDatabase, false);
  }

  /**
   * The same, the service also reading a warehouse the topology does not type as a database; when
   * {@code warehouseFails} its query time rises from the start instead of the database's.
   */
  private static RootCauseAnalysis queriesTimingOut(
      String type, String message, boolean secondDatabase, boolean warehouseFails) {
    return queriesTimingOut(type, message, secondDatabase, warehouseFails ? 0 : null);
  }

  /**
   * The same, the warehouse's query time rising {@code warehouseFrom} seconds after T instead of
   * the database's when it is not null.
   */
  private static RootCauseAnalysis queriesTimingOut(
      String type, String message, boolean secondDatabase, Integer warehouseFrom) {
    boolean warehouseFails = warehouseFrom != null;
    InMemoryTopologyGraph.Builder builder =
        Incidents.appOnDatabase()
            .resource(ResourceRef.of("warehouse", "data_warehouse"))
            .dependsOn("app", "warehouse", "jdbc");
    if (secondDatabase) {
      builder.resource(ResourceRef.of("reports-db", "sql_database"));
      builder.dependsOn("app", "reports-db", "database");
    }
    Instant end = T.plus(Duration.ofMinutes(15));
    List<Anomaly> anomalies =
        List.of(
            warehouseFails
                ? rise("warehouse", "db_query_time_ms", warehouseFrom, 2000, 60000).seenUntil(end)
                : rise("db", "db_query_time_ms", 0, 12, 900).seenUntil(end),
            rise("app", "latency_ms", 30, 80, 2000).seenUntil(end));
    return TopologyErrorCorrelator.create(builder.build())
        .analyze(
            new IncidentContext(
                "app", WINDOW, List.of(errors("app", 40, type, message)), anomalies, List.of()));
  }

  @Test
  void aSqlClientsTimeoutsReportItsOnlyDatabase() {
    RootCauseAnalysis sql = queriesTimingOut("java.sql.SQLTimeoutException", false);
    RootCauseAnalysis other = queriesTimingOut("java.util.concurrent.TimeoutException", false);
    RootCauseAnalysis twoDatabases = queriesTimingOut("java.sql.SQLTimeoutException", true);

    assertThat(sql.rootCause().get().resource().id()).isEqualTo("db");
    assertThat(sql.rootCause().get().confidence()).isGreaterThanOrEqualTo(0.9);
    assertThat(credited(sql, "db", "The errors of app report a failure of db itself")).isTrue();
    // A timeout that is not a SQL client's, or a caller with two databases, names none of them.
    assertThat(credited(other, "db", "report a failure")).isFalse();
    assertThat(credited(twoDatabases, "db", "report a failure")).isFalse();
    assertThat(other.rootCause().get().resource().id()).isEqualTo("db");
  }

  @Test
  void neitherAnEmptyPoolNorAnotherFailingDependencyIsTheDatabasesFailure() {
    // Hikari's pool with no connection to lend is the caller's own limit, though its exception
    // is a java.sql one; a warehouse failing beside the database may be the one timing out.
    RootCauseAnalysis pool =
        queriesTimingOut(
            "java.sql.SQLTransientConnectionException",
            "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
            false,
            false);
    RootCauseAnalysis warehouse =
        queriesTimingOut(
            "net.snowflake.client.jdbc.SnowflakeSQLException",
            "Statement reached its statement or warehouse timeout of 60 second(s) and was"
                + " canceled.",
            false,
            true);

    // A warehouse that began to slow seven minutes before its driver's timeouts, as they build up.
    RootCauseAnalysis slowBuildUp =
        queriesTimingOut(
            "java.sql.SQLTimeoutException", "Query timed out after 30000 ms", false, -420);

    assertThat(credited(slowBuildUp, "db", "report a failure")).isFalse();
    assertThat(credited(pool, "db", "report a failure")).isFalse();
    assertThat(credited(warehouse, "db", "report a failure")).isFalse();
    assertThat(warehouse.rootCause().get().resource().id()).isEqualTo("warehouse");
  }

  /**
   * A database whose query time rises under a service that logs its statement timeouts, beside a
   * cache that spiked ten minutes before and whose clients rose two minutes after the timeouts
   * began, threads stuck on the database holding their cache connections; when {@code
   * longStanding}, the cache's memory has also been growing for half an hour.
   */
  private static RootCauseAnalysis timeoutsBesideACache(boolean longStanding) {
    InMemoryTopologyGraph graph =
        Incidents.appOnDatabase()
            .resource(ResourceRef.of("web", "web_app"))
            .resource(ResourceRef.of("cache", "redis"))
            .dependsOn("web", "app", "http")
            .dependsOn("app", "cache", "cache")
            .build();
    Instant end = T.plus(Duration.ofMinutes(15));
    List<Anomaly> anomalies = new ArrayList<>();
    anomalies.add(rise("db", "db_query_time_ms", 0, 12, 900).seenUntil(end));
    anomalies.add(rise("app", "latency_ms", 30, 80, 2000).seenUntil(end));
    anomalies.add(rise("cache", "connected_clients", 120, 40, 90).seenUntil(end));
    anomalies.add(rise("cache", "cpu_percent", -600, 20, 60).seenUntil(T.minusSeconds(580)));
    if (longStanding) {
      anomalies.add(rise("cache", "used_memory_bytes", -1800, 2e9, 6e9).seenUntil(end));
    }
    return TopologyErrorCorrelator.create(graph)
        .analyze(
            new IncidentContext(
                "web",
                WINDOW,
                List.of(
                    errors(
                        "app",
                        40,
                        "org.postgresql.util.PSQLException",
                        "ERROR: canceling statement due to statement timeout")),
                anomalies,
                List.of()));
  }

  @Test
  void aDependencyThatFailsAfterTheQueryTimeoutsOrLongBeforeLeavesThemToTheDatabase() {
    RootCauseAnalysis analysis = timeoutsBesideACache(false);
    RootCauseAnalysis longStanding = timeoutsBesideACache(true);

    assertThat(credited(analysis, "db", "The errors of app report a failure of db itself"))
        .isTrue();
    assertThat(analysis.rootCause().get().resource().id()).isEqualTo("db");
    assertThat(analysis.rootCause().get().confidence()).isGreaterThanOrEqualTo(0.8);
    assertThat(credited(longStanding, "db", "The errors of app report a failure of db itself"))
        .isTrue();
  }

  @Test
  void theCallersThatSpikeAfterADependencysShortFailoverAreNotItsBackgroundNoise() {
    InMemoryTopologyGraph graph =
        Incidents.appOnDatabase()
            .resource(ResourceRef.of("web", "web_app"))
            .dependsOn("web", "app", "http")
            .build();
    List<Anomaly> anomalies =
        List.of(
            rise("db", "db_query_time_ms", 0, 12, 900).seenUntil(T.plusSeconds(30)),
            rise("app", "latency_ms", 5, 80, 2000).seenUntil(T.plusSeconds(35)),
            rise("web", "latency_ms", 10, 100, 2500).seenUntil(T.plusSeconds(40)));

    RootCauseAnalysis analysis = analyze(graph, "web", anomalies);

    assertThat(analysis.candidates())
        .allSatisfy(
            c ->
                assertThat(c.evidence())
                    .noneSatisfy(
                        e -> assertThat(e.description()).contains("that only spiked among")));
  }

  /** Whether the candidate {@code id} has evidence of positive weight that says {@code words}. */
  private static boolean credited(RootCauseAnalysis analysis, String id, String words) {
    return analysis.candidates().stream()
        .filter(c -> c.resource().id().equals(id))
        .flatMap(c -> c.evidence().stream())
        .anyMatch(e -> e.weight() > 0 && e.description().contains(words));
  }

  private static boolean creditedAsClimbing(RootCauseAnalysis analysis, String id) {
    return credited(analysis, id, "still climbing");
  }

  @Test
  void aDeviationStillClimbingWhenTheTelemetryEndsEarnsTheFullCreditForHolding() {
    // Five minutes are too short to tell a fault from a noise episode, unless it keeps growing.
    RootCauseAnalysis climbing = databaseLateInTheWindow(80);
    RootCauseAnalysis level = databaseLateInTheWindow(23);

    assertThat(creditedAsClimbing(climbing, "db")).isTrue();
    assertThat(topIds(climbing, 1)).containsExactly("db");
    assertThat(creditedAsClimbing(level, "db")).isFalse();
    assertThat(climbing.rootCause().get().confidence())
        .isGreaterThan(level.candidates().get(0).confidence());
  }

  /** {@code count} "Request failed" errors logged on orders {@code seconds} after T. */
  private static ErrorEvent requestsFailedOnOrders(long seconds, long count) {
    return new ErrorEvent(
        "e-" + seconds,
        "test",
        Optional.of("orders"),
        T.plus(Duration.ofSeconds(seconds)),
        "IllegalStateException",
        "Request failed",
        "",
        Optional.empty(),
        count,
        OptionalLong.empty(),
        Map.of());
  }

  /**
   * A service whose CPU and latency series are missing: all it reports is its error rate, flagged
   * in the last minute of the telemetry, and {@code earlier} then {@code later} errors logged a
   * minute apart, the later ones seconds before the telemetry ends.
   */
  private static RootCauseAnalysis lateErrorsOnly(long earlier, long later) {
    Instant end = T.plus(Duration.ofMinutes(2));
    List<ErrorEvent> errors = new ArrayList<>();
    for (long[] logged : new long[][] {{40, earlier}, {110, later}}) {
      if (logged[1] > 0) {
        errors.add(requestsFailedOnOrders(logged[0], logged[1]));
      }
    }
    List<Anomaly> anomalies = List.of(rise("orders", "error_rate", 60, 0.007, 0.03).seenUntil(end));
    return TopologyErrorCorrelator.create(sharedDatabase().build())
        .analyze(new IncidentContext("gw", WINDOW, errors, anomalies, List.of()));
  }

  @Test
  void errorsStillClimbingWhenTheTelemetryEndsEarnTheFullCreditForHolding() {
    // A service saturating with no CPU or latency series shows only its errors, and only late.
    RootCauseAnalysis climbing = lateErrorsOnly(6, 40);
    RootCauseAnalysis steady = lateErrorsOnly(23, 23);

    assertThat(creditedAsClimbing(climbing, "orders")).isTrue();
    assertThat(climbing.rootCause().get().resource().id()).isEqualTo("orders");
    assertThat(climbing.rootCause().get().confidence()).isGreaterThanOrEqualTo(0.5);
    assertThat(climbing.rootCause().get().evidence())
        .anySatisfy(
            e ->
                assertThat(e.description())
                    .contains("errors were still climbing")
                    .contains("40 in its last minute, 6 in the minute before"));
    assertThat(creditedAsClimbing(steady, "orders")).isFalse();
    assertThat(steady.candidates()).allSatisfy(c -> assertThat(c.confidence()).isLessThan(0.5));
  }

  /**
   * The service of {@link #lateErrorsOnly}, its error rate flagged for the last of the incident's
   * two minutes, logging a steady {@code perMinute} errors a minute for {@code minutes} minutes.
   */
  private static RootCauseAnalysis steadyErrorsFor(int minutes, long perMinute) {
    Instant end = T.plus(Duration.ofMinutes(2));
    List<ErrorEvent> errors = new ArrayList<>();
    for (int m = 0; m < minutes; m++) {
      errors.add(requestsFailedOnOrders(40 + 60L * m, perMinute));
    }
    List<Anomaly> anomalies = List.of(rise("orders", "error_rate", 60, 0.007, 0.03).seenUntil(end));
    return TopologyErrorCorrelator.create(sharedDatabase().build())
        .analyze(new IncidentContext("gw", WINDOW, errors, anomalies, List.of()));
  }

  @Test
  void aSteadyErrorRateLoggedOnAfterTheAnomaliesEndIsNotClimbing() {
    // 30 a minute for 18 minutes: the 16 minutes after the last anomaly are not its last minute.
    assertThat(creditedAsClimbing(steadyErrorsFor(2, 30), "orders")).isFalse();
    assertThat(creditedAsClimbing(steadyErrorsFor(18, 30), "orders")).isFalse();
  }

  @Test
  void errorsThatOnlyBeganInTheLastMinuteEarnNoCreditForClimbing() {
    // A first burst says nothing of a trend, however large.
    assertThat(creditedAsClimbing(lateErrorsOnly(0, 46), "orders")).isFalse();
  }

  /**
   * A service whose latency and CPU rise a minute apart, each for one sample or for ten minutes.
   */
  private static RootCauseAnalysis serviceTwoSeries(boolean hold) {
    Instant end = T.plus(Duration.ofMinutes(hold ? 11 : 0));
    List<Anomaly> anomalies =
        List.of(
            rise("orders", "latency_ms", 0, 33, 68).seenUntil(hold ? end : T),
            rise("orders", "cpu_percent", 60, 19, 40)
                .seenUntil(hold ? end : T.plus(Duration.ofMinutes(1))));
    return analyze(sharedDatabase().build(), "gw", anomalies);
  }

  private static boolean creditsMovingTogether(RootCauseAnalysis analysis, String id) {
    return credited(analysis, id, "began within a minute");
  }

  @Test
  void seriesThatSpikedTogetherEarnNothingForMovingTogether() {
    // Two one-sample spikes a minute apart are one noise episode, not the mark of one fault.
    assertThat(creditsMovingTogether(serviceTwoSeries(false), "orders")).isFalse();
    assertThat(creditsMovingTogether(serviceTwoSeries(true), "orders")).isTrue();
  }

  /**
   * A service whose latency and errors begin three minutes after T and hold for three, its
   * database's query time having spiked for one sample {@code spikeBefore} before that.
   */
  private static RootCauseAnalysis serviceAfterDatabaseSpike(Duration spikeBefore) {
    Instant onset = T.plus(Duration.ofMinutes(3));
    Instant spike = onset.minus(spikeBefore);
    Instant until = onset.plus(Duration.ofMinutes(3));
    List<Anomaly> anomalies =
        List.of(
            rise("db", "db_query_time_ms", Duration.between(T, spike), 12, 40).seenUntil(spike),
            rise("orders", "latency_ms", 180, 80, 200).seenUntil(until),
            rise("orders", "error_rate", 180, 0.005, 0.03).seenUntil(until));
    return analyze(sharedDatabase().build(), "gw", anomalies);
  }

  private static boolean inheritsFrom(RootCauseAnalysis analysis, String id, String dependency) {
    return analysis.candidates().stream()
        .filter(c -> c.resource().id().equals(id) && c.change().isEmpty())
        .flatMap(c -> c.evidence().stream())
        .anyMatch(
            e -> e.description().startsWith("Its dependency " + dependency + " failed first"));
  }

  @Test
  void aDatabaseSpikeOverMinutesBeforeAServiceFailedIsNotWhatTheServiceInherited() {
    // A spike passes its failure on while it lasts; one over two minutes before explains nothing.
    RootCauseAnalysis longOver = serviceAfterDatabaseSpike(Duration.ofMinutes(2));
    RootCauseAnalysis justOver = serviceAfterDatabaseSpike(Duration.ofSeconds(30));

    assertThat(inheritsFrom(longOver, "orders", "db")).isFalse();
    assertThat(topIds(longOver, 1)).containsExactly("orders");
    assertThat(inheritsFrom(justOver, "orders", "db")).isTrue();
  }

  /**
   * A gateway whose users send half as much again, its CPU rising with the requests and its latency
   * half a minute later, the two services it calls receiving that many more requests too when
   * {@code passedOn}, or no more when not.
   */
  private static RootCauseAnalysis gatewayUnderSurge(boolean passedOn) {
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("gw", "api_gateway"))
            .resource(ResourceRef.of("orders", "service"))
            .resource(ResourceRef.of("search", "service"))
            .dependsOn("gw", "orders", "http")
            .dependsOn("gw", "search", "http")
            .build();
    Instant end = T.plus(Duration.ofMinutes(20));
    List<Anomaly> anomalies = new ArrayList<>();
    anomalies.add(rise("gw", "request_rate", 0, 600, 880).seenUntil(end));
    anomalies.add(rise("gw", "cpu_percent", 0, 24, 44).seenUntil(end));
    anomalies.add(rise("gw", "latency_ms", 30, 58, 160).seenUntil(end));
    if (passedOn) {
      anomalies.add(rise("orders", "request_rate", 30, 350, 500).seenUntil(end));
      anomalies.add(rise("orders", "cpu_percent", 30, 33, 47).seenUntil(end));
      anomalies.add(rise("search", "request_rate", 30, 410, 650).seenUntil(end));
      anomalies.add(rise("search", "cpu_percent", 30, 29, 54).seenUntil(end));
    } else {
      anomalies.add(rise("orders", "cpu_percent", 30, 33, 47).seenUntil(end));
    }
    return analyze(graph, "gw", anomalies);
  }

  @Test
  void aGatewayPassingOnASurgeInProportionEarnsNothingForItsSignalsMovingTogetherAndHolding() {
    // Every tier busier by about as much as the gateway's users sent more: demand, not a fault.
    RootCauseAnalysis surge = gatewayUnderSurge(true);
    RootCauseAnalysis notPassedOn = gatewayUnderSurge(false);

    assertThat(topIds(surge, 5)).contains("gw");
    assertThat(creditsTiming(surge, "gw")).isFalse();
    assertThat(surge.candidates()).allSatisfy(c -> assertThat(c.confidence()).isLessThan(0.5));
    assertThat(surge.candidates().stream().filter(c -> c.resource().id().equals("gw")))
        .flatMap(RootCauseCandidate::evidence)
        .anySatisfy(e -> assertThat(e.description()).contains("received more in proportion"));
    // A gateway whose dependencies receive no more than before did not pass a surge on.
    assertThat(creditsTiming(notPassedOn, "gw")).isTrue();
  }

  /**
   * A service whose CPU, latency and errors begin together and hold, its database's query time
   * having risen half a minute before, held for twenty minutes or spiking for one sample.
   */
  private static RootCauseAnalysis serviceAfterDatabase(boolean databaseHolds) {
    Instant end = T.plus(Duration.ofMinutes(20));
    List<Anomaly> anomalies =
        List.of(
            rise("db", "db_query_time_ms", 0, 12, 40).seenUntil(databaseHolds ? end : T),
            rise("orders", "cpu_percent", 30, 30, 60).seenUntil(end),
            rise("orders", "latency_ms", 30, 80, 200).seenUntil(end),
            rise("orders", "error_rate", 30, 0.005, 0.03).seenUntil(end),
            rise("gw", "latency_ms", 60, 100, 300).seenUntil(end));
    return analyze(sharedDatabase().build(), "gw", anomalies);
  }

  private static boolean creditsTiming(RootCauseAnalysis analysis, String id) {
    return analysis.candidates().stream()
        .filter(c -> c.resource().id().equals(id) && c.change().isEmpty())
        .flatMap(c -> c.evidence().stream())
        .anyMatch(
            e ->
                e.resourceId().equals(id)
                    && e.weight() > 0
                    && (e.description().contains("began within a minute")
                        || e.description().contains("deviated for")));
  }

  @Test
  void aServiceDraggedDownByItsDatabaseEarnsNothingForItsSignalsMovingTogetherAndHolding() {
    // An inherited failure moves several series at once and lasts as long as the database's.
    RootCauseAnalysis inherited = serviceAfterDatabase(true);
    RootCauseAnalysis afterSpike = serviceAfterDatabase(false);

    assertThat(topIds(inherited, 1)).containsExactly("db");
    assertThat(creditsTiming(inherited, "orders")).isFalse();
    // A database that spiked for one sample cannot have passed on twenty minutes of failure.
    assertThat(topIds(afterSpike, 1)).containsExactly("orders");
    assertThat(creditsTiming(afterSpike, "orders")).isTrue();
  }

  @Test
  void aServiceWhoseCpuAloneRoseBeforeItsDatabaseFailedSendsItNoDemand() {
    // A service others call can be busier for their sake: its CPU is not demand it makes.
    List<Anomaly> anomalies =
        List.of(
            rise("billing", "cpu_percent", 0, 20, 45),
            rise("db", "db_query_time_ms", 30, 12, 20),
            rise("db", "lock_wait_ms", 30, 3, 9),
            rise("orders", "latency_ms", 60, 80, 400),
            rise("gw", "latency_ms", 120, 100, 500));
    InMemoryTopologyGraph graph =
        sharedDatabase()
            .resource(ResourceRef.of("admin", "service"))
            .dependsOn("admin", "billing", "http")
            .build();

    assertThat(analyze(graph, "gw", anomalies).rootCause().get().resource().id()).isEqualTo("db");
  }

  private static List<Anomaly> seenFor(List<Anomaly> anomalies, Duration lasted) {
    return anomalies.stream().map(a -> a.seenUntil(a.onset().plus(lasted))).toList();
  }

  private static RootCauseCandidate rootOf(List<Anomaly> anomalies) {
    return analyze(sharedDatabase().build(), "gw", anomalies).rootCause().orElseThrow();
  }

  private static List<Anomaly> slowDatabaseAlone() {
    return List.of(
        rise("db", "db_query_time_ms", 0, 12, 30), rise("orders", "latency_ms", 60, 80, 120));
  }

  @Test
  void aDeviationSeenToPersistForAQuarterOfAnHourRaisesTheConfidenceInItsResource() {
    RootCauseCandidate unknown = rootOf(slowDatabaseAlone());
    RootCauseCandidate persisting = rootOf(seenFor(slowDatabaseAlone(), Duration.ofMinutes(15)));

    assertThat(persisting.resource().id()).isEqualTo("db");
    assertThat(persisting.confidence()).isGreaterThan(unknown.confidence() + 0.1);
    assertThat(persisting.evidence())
        .anySatisfy(e -> assertThat(e.description()).contains("deviated for 15 minutes"));
  }

  @Test
  void aResourceWhoseEveryDeviationWasASpikeLosesConfidence() {
    List<Anomaly> spikes =
        List.of(
            rise("billing", "latency_ms", 0, 50, 400), rise("billing", "cpu_percent", 0, 20, 60));
    RootCauseCandidate unknown = rootOf(spikes);
    RootCauseCandidate spiked = rootOf(seenFor(spikes, Duration.ZERO));

    assertThat(spiked.resource().id()).isEqualTo("billing");
    assertThat(spiked.confidence()).isLessThan(unknown.confidence());
    assertThat(spiked.evidence())
        .anySatisfy(
            e -> {
              assertThat(e.weight()).isNegative();
              assertThat(e.description()).contains("noise spike");
            });
  }

  @Test
  void theSymptomCreditOfOneResourceIsCappedHoweverManySeriesMove() {
    List<Anomaly> anomalies = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      anomalies.add(rise("orders", "endpoint_" + i + "_latency_ms", 0, 80, 600));
    }
    RootCauseCandidate orders =
        analyze(sharedDatabase().build(), "gw", anomalies).rootCause().get();

    double credit =
        orders.evidence().stream()
            .filter(e -> e.kind() == Evidence.Kind.ANOMALY)
            .mapToDouble(Evidence::weight)
            .sum();
    assertThat(orders.resource().id()).isEqualTo("orders");
    assertThat(credit).isLessThanOrEqualTo(3.0 + 1e-9).isGreaterThan(2.9);
  }

  @Test
  void aDeploymentOnOneCallerOfADatabaseThatFailsForEveryCallerIsNotBlamed() {
    ChangeEvent decoy =
        ChangeEvent.deployment("d-1", T.minus(Duration.ofMinutes(5)), "orders", "v2", "v1");
    RootCauseAnalysis analysis =
        analyze(sharedDatabase().change(decoy).build(), "gw", databaseFailsFirst());

    RootCauseCandidate top = analysis.rootCause().orElseThrow();
    assertThat(top.resource().id()).isEqualTo("db");
    assertThat(top.change()).isEmpty();
    assertThat(top.confidence()).isGreaterThanOrEqualTo(0.5);
    assertThat(analysis.candidates())
        .filteredOn(c -> c.change().isPresent())
        .allSatisfy(c -> assertThat(c.confidence()).isLessThan(0.5));
  }

  @Test
  void aDeploymentOnTheResourceThatFailsFirstIsBlamed() {
    ChangeEvent bad =
        ChangeEvent.deployment("d-2", T.minus(Duration.ofMinutes(2)), "db", "v9", "v8");
    RootCauseAnalysis analysis =
        analyze(sharedDatabase().change(bad).build(), "gw", databaseFailsFirst());

    RootCauseCandidate top = analysis.rootCause().orElseThrow();
    assertThat(top.resource().id()).isEqualTo("db");
    assertThat(top.change()).contains(bad);
    assertThat(top.confidence()).isGreaterThanOrEqualTo(0.5);
  }

  @Test
  void isolatedSmallCountsOnAHealthyDatabaseNameNoRoot() {
    InMemoryTopologyGraph graph = sharedDatabase().build();
    List<Anomaly> blips = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      blips.add(rise("db", "deadlocks", -1800 + 300 * i, 0, 1));
    }

    RootCauseAnalysis analysis = analyze(graph, "gw", blips);

    assertThat(analysis.candidates()).allSatisfy(c -> assertThat(c.confidence()).isLessThan(0.5));
  }

  @Test
  void smallCountsOnAHealthyDatabaseDoNotOutrankARealFault() {
    List<Anomaly> anomalies = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      anomalies.add(rise("db", "deadlocks", -300 + 60 * i, 0, 1));
    }
    anomalies.add(rise("orders", "latency_ms", 0, 80, 900));
    anomalies.add(rise("orders", "error_rate", 0, 0.01, 0.3));
    anomalies.add(rise("gw", "latency_ms", 60, 100, 1000));

    RootCauseAnalysis analysis = analyze(sharedDatabase().build(), "gw", anomalies);

    assertThat(topIds(analysis, 1)).containsExactly("orders");
    assertThat(analysis.candidates())
        .filteredOn(c -> c.resource().id().equals("db"))
        .allSatisfy(c -> assertThat(c.confidence()).isLessThan(0.1));
  }

  @Test
  void seriesThatMoveTogetherOnOneResourceWeighMoreThanTheSameSeriesMovingApart() {
    List<Anomaly> together =
        List.of(
            rise("db", "db_query_time_ms", 0, 12, 30),
            rise("db", "lock_wait_ms", 30, 3, 9),
            rise("orders", "latency_ms", 120, 80, 200));
    List<Anomaly> apart =
        List.of(
            rise("db", "db_query_time_ms", 0, 12, 30),
            rise("db", "lock_wait_ms", 600, 3, 9),
            rise("orders", "latency_ms", 120, 80, 200));

    RootCauseCandidate joint = analyze(sharedDatabase().build(), "gw", together).rootCause().get();
    RootCauseCandidate scattered = analyze(sharedDatabase().build(), "gw", apart).rootCause().get();

    assertThat(joint.resource().id()).isEqualTo("db");
    assertThat(joint.confidence()).isGreaterThan(scattered.confidence());
    assertThat(joint.evidence())
        .anySatisfy(
            e ->
                assertThat(e.description())
                    .isEqualTo(
                        "db: 2 signals began within a minute of one another, as one fault does"));
  }

  @Test
  void aServiceWhoseCpuClimbedMinutesBeforeItsLatencyIsMoreLikelyItsOwnRoot() {
    List<Anomaly> usageFirst =
        List.of(
            rise("orders", "cpu_percent", 0, 22, 38),
            rise("orders", "latency_ms", 840, 115, 175),
            rise("orders", "error_rate", 1020, 0.005, 0.02),
            rise("gw", "latency_ms", 870, 100, 160));
    List<Anomaly> usageLast =
        List.of(
            rise("orders", "cpu_percent", 1500, 22, 38),
            rise("orders", "latency_ms", 840, 115, 175),
            rise("orders", "error_rate", 1020, 0.005, 0.02),
            rise("gw", "latency_ms", 870, 100, 160));

    RootCauseCandidate lead = analyze(sharedDatabase().build(), "gw", usageFirst).rootCause().get();
    RootCauseCandidate lag = analyze(sharedDatabase().build(), "gw", usageLast).rootCause().get();

    assertThat(lead.resource().id()).isEqualTo("orders");
    assertThat(lag.resource().id()).isEqualTo("orders");
    assertThat(lead.confidence()).isGreaterThan(lag.confidence());
    assertThat(lead.evidence())
        .anySatisfy(
            e -> assertThat(e.description()).contains("cpu_percent climbed minutes before"));
    assertThat(lag.evidence()).noneSatisfy(e -> assertThat(e.description()).contains("climbed"));
  }

  @Test
  void aCpuBurstThatPassedMinutesBeforeTheLatencyRoseIsNoSignOfRunningOutOfCapacity() {
    Instant end = T.plus(Duration.ofMinutes(20));
    List<Anomaly> held =
        List.of(
            rise("orders", "cpu_percent", 0, 22, 38).seenUntil(end),
            rise("orders", "latency_ms", 840, 115, 175).seenUntil(end),
            rise("gw", "latency_ms", 870, 100, 160).seenUntil(end));
    List<Anomaly> burst =
        List.of(
            rise("orders", "cpu_percent", 0, 22, 38).seenUntil(T.plusSeconds(30)),
            rise("orders", "latency_ms", 840, 115, 175).seenUntil(end),
            rise("gw", "latency_ms", 870, 100, 160).seenUntil(end));

    RootCauseCandidate climbing = analyze(sharedDatabase().build(), "gw", held).rootCause().get();
    RootCauseCandidate passed = analyze(sharedDatabase().build(), "gw", burst).rootCause().get();

    assertThat(climbing.evidence())
        .anySatisfy(
            e -> assertThat(e.description()).contains("cpu_percent climbed minutes before"));
    assertThat(passed.evidence()).noneSatisfy(e -> assertThat(e.description()).contains("climbed"));
  }

  @Test
  void aServiceWhoseFirstSignIsMoreDemandFromItsCallersIsNotNamed() {
    List<Anomaly> anomalies =
        List.of(
            rise("orders", "request_rate", 0, 200, 500),
            rise("orders", "cpu_percent", 30, 30, 60),
            rise("orders", "latency_ms", 240, 80, 400),
            rise("db", "query_rate", 300, 200, 600),
            rise("db", "db_query_time_ms", 300, 12, 50));

    RootCauseAnalysis analysis = analyze(sharedDatabase().build(), "gw", anomalies);

    RootCauseCandidate orders =
        analysis.candidates().stream()
            .filter(c -> c.resource().id().equals("orders"))
            .findFirst()
            .orElseThrow();
    assertThat(orders.confidence()).isLessThan(0.5);
    assertThat(orders.evidence())
        .anySatisfy(
            e ->
                assertThat(e.description())
                    .isEqualTo(
                        "More demand arrived at orders before anything else went wrong, and its"
                            + " callers send that demand"));
  }

  @Test
  void twoRootsBelowOneServiceAreBothNamedWhenNeitherExplainsTheOther() {
    InMemoryTopologyGraph graph =
        sharedDatabase()
            .resource(ResourceRef.of("sessions", "cache"))
            .dependsOn("orders", "sessions", "cache")
            .build();
    List<Anomaly> anomalies =
        List.of(
            rise("sessions", "latency_ms", 0, 1, 40),
            rise("sessions", "error_rate", 0, 0.001, 0.5),
            rise("sessions", "memory_percent", 0, 40, 99),
            rise("db", "db_query_time_ms", 0, 12, 90),
            rise("db", "lock_wait_ms", 0, 3, 40),
            rise("db", "cpu_percent", 0, 30, 95),
            rise("orders", "latency_ms", 60, 80, 900),
            rise("orders", "error_rate", 60, 0.01, 0.3),
            rise("billing", "latency_ms", 90, 50, 400),
            rise("gw", "latency_ms", 120, 100, 1000));

    RootCauseAnalysis analysis = analyze(graph, "gw", anomalies);

    assertThat(topIds(analysis, 2)).containsExactlyInAnyOrder("sessions", "db");
    assertThat(analysis.candidates().subList(0, 2))
        .allSatisfy(c -> assertThat(c.confidence()).isGreaterThanOrEqualTo(0.5));
  }

  @Test
  void aDatabaseWhoseCallersDemandRoseASampleAfterItsLatencyIsLoadedFromAbove() {
    List<Anomaly> anomalies =
        List.of(
            rise("db", "db_query_time_ms", 0, 12, 40),
            rise("db", "cpu_percent", 0, 30, 60),
            rise("orders", "request_rate", 30, 200, 500),
            rise("billing", "request_rate", 30, 100, 250));

    RootCauseAnalysis analysis = analyze(sharedDatabase().build(), "gw", anomalies);

    assertThat(analysis.candidates())
        .filteredOn(c -> c.resource().id().equals("db"))
        .singleElement()
        .satisfies(
            db -> {
              assertThat(db.confidence()).isLessThan(0.5);
              assertThat(db.evidence())
                  .anySatisfy(e -> assertThat(e.description()).contains("sent more load first"));
            });
  }

  @Test
  void aBatchJobFloodingASharedDatabaseBesideTheSymptomPathIsRanked() {
    InMemoryTopologyGraph graph =
        sharedDatabase()
            .resource(ResourceRef.of("nightly", "batch_job"))
            .dependsOn("nightly", "db", "database")
            .build();
    List<Anomaly> anomalies =
        List.of(
            rise("nightly", "request_rate", 0, 30, 300),
            rise("nightly", "cpu_percent", 0, 30, 60),
            rise("db", "query_rate", 30, 200, 1200),
            rise("db", "db_query_time_ms", 30, 12, 60),
            rise("orders", "latency_ms", 90, 80, 500),
            rise("gw", "latency_ms", 150, 100, 600));

    RootCauseAnalysis analysis = analyze(graph, "gw", anomalies);

    RootCauseCandidate top = analysis.rootCause().orElseThrow();
    assertThat(top.resource().id()).isEqualTo("nightly");
    assertThat(top.confidence()).isGreaterThanOrEqualTo(0.5);
    assertThat(analysis.candidates())
        .filteredOn(c -> c.resource().id().equals("db"))
        .singleElement()
        .satisfies(
            db ->
                assertThat(db.evidence())
                    .anySatisfy(
                        e -> assertThat(e.description()).startsWith("Its caller nightly sent")));
  }

  @Test
  void twoUnrelatedRootsAreBothInTheTopThree() {
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("gw-a", "api_gateway"))
            .resource(ResourceRef.of("svc-a", "service"))
            .resource(ResourceRef.of("db-a", "sql_database"))
            .resource(ResourceRef.of("gw-b", "api_gateway"))
            .resource(ResourceRef.of("svc-b", "service"))
            .resource(ResourceRef.of("maps", "external_api"))
            .dependsOn("gw-a", "svc-a", "http")
            .dependsOn("svc-a", "db-a", "database")
            .dependsOn("gw-b", "svc-b", "http")
            .dependsOn("svc-b", "maps", "external")
            .build();
    List<Anomaly> anomalies =
        List.of(
            rise("db-a", "db_query_time_ms", 0, 12, 120),
            rise("db-a", "cpu_percent", 0, 40, 95),
            rise("svc-a", "latency_ms", 60, 80, 900),
            rise("gw-a", "latency_ms", 120, 100, 1000),
            rise("maps", "latency_ms", 120, 100, 2000),
            rise("maps", "error_rate", 120, 0.001, 0.4),
            rise("svc-b", "latency_ms", 180, 80, 2100),
            rise("gw-b", "latency_ms", 240, 100, 2200));

    RootCauseAnalysis analysis = analyze(graph, "gw-a", anomalies);

    assertThat(topIds(analysis, 3)).contains("db-a", "maps");
    assertThat(analysis.candidates())
        .filteredOn(c -> List.of("db-a", "maps").contains(c.resource().id()))
        .allSatisfy(c -> assertThat(c.confidence()).isGreaterThanOrEqualTo(0.5));
  }

  @Test
  void aChainOfFourThousandFailingResourcesIsAnalysedDownToItsDeepestResource() {
    int n = 4_000;
    InMemoryTopologyGraph.Builder b = InMemoryTopologyGraph.builder();
    List<Anomaly> anomalies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      b.resource(ResourceRef.of("r" + i, "service"));
      if (i > 0) {
        b.dependsOn("r" + (i - 1), "r" + i, "http");
      }
      // The deepest resource fails first; each caller a quarter of a second after its dependency.
      Duration after = Duration.ofMillis(250L * (n - 1 - i));
      anomalies.add(rise("r" + i, "latency_ms", after, 50, 500));
      anomalies.add(rise("r" + i, "error_rate", after, 0.01, 0.2));
    }

    RootCauseAnalysis analysis = analyze(b.build(), "r0", anomalies);

    RootCauseCandidate top = analysis.rootCause().orElseThrow();
    assertThat(top.resource().id()).isEqualTo("r" + (n - 1));
    assertThat(top.confidence()).isGreaterThanOrEqualTo(0.5);
    assertThat(top.evidence())
        .anySatisfy(e -> assertThat(e.description()).contains("explains at least 256"));
    assertThat(analysis.candidates()).hasSize(n);
  }

  @Test
  void scoresTooLargeForExpKeepFiniteConfidencesAndTheQuietResourceLow() {
    List<Anomaly> anomalies = new ArrayList<>(databaseFailsFirst());
    for (int i = 0; i < 1_000; i++) {
      anomalies.add(rise("gw", "endpoint_" + i + "_latency_ms", 120, 100, 700));
    }

    RootCauseAnalysis analysis = analyze(sharedDatabase().build(), "gw", anomalies);

    assertThat(analysis.candidates())
        .allSatisfy(c -> assertThat(c.confidence()).isBetween(0.0, 1.0));
    assertThat(analysis.candidates())
        .filteredOn(c -> c.resource().id().equals("billing"))
        .allSatisfy(c -> assertThat(c.confidence()).isLessThan(0.5));
    assertThat(analysis.candidates().stream().filter(c -> c.confidence() == 1.0).count())
        .isLessThanOrEqualTo(1);
  }

  /**
   * A database on its own, whose CPU was flagged at 63% on its way to {@code peak} (unknown when
   * NaN), with its query rate doubling when {@code moreDemand}.
   */
  private static RootCauseAnalysis climbingDatabase(double peak, boolean moreDemand) {
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("api", "service"))
            .resource(ResourceRef.of("billing-db", "sql_database"))
            .dependsOn("api", "billing-db", "database")
            .build();
    Anomaly cpu =
        new Anomaly(
            "cpu_percent",
            "billing-db",
            T,
            T,
            Severity.MEDIUM,
            42,
            63,
            5,
            0.6,
            "cpu_percent rose on billing-db",
            Optional.of(T.plus(Duration.ofMinutes(16))),
            Double.isNaN(peak) ? OptionalDouble.empty() : OptionalDouble.of(peak));
    List<Anomaly> anomalies = new ArrayList<>(List.of(cpu));
    if (moreDemand) {
      anomalies.add(rise("billing-db", "query_rate", 0, 400, 800));
    }
    return analyze(graph, "api", anomalies);
  }

  private static List<String> saturationLines(RootCauseAnalysis analysis) {
    return analysis.candidates().stream()
        .flatMap(c -> c.evidence().stream())
        .filter(e -> e.kind() == Evidence.Kind.SATURATION)
        .map(Evidence::description)
        .toList();
  }

  @Test
  void aUsageThatClimbedToSaturationWhileFlaggedCountsAsSaturated() {
    assertThat(saturationLines(climbingDatabase(96, false)))
        .singleElement()
        .asString()
        .contains("billing-db is saturated")
        .endsWith("and went on to 96");
    assertThat(saturationLines(climbingDatabase(Double.NaN, false))).isEmpty();
    assertThat(saturationLines(climbingDatabase(70, false))).isEmpty();
  }

  @Test
  void aUsageThatClimbedWithMoreDemandIsNotCreditedForItsPeak() {
    assertThat(saturationLines(climbingDatabase(96, true))).isEmpty();
  }

  /**
   * A database whose own telemetry shows one faint but lasting rise, under a caller that fails
   * clearly and logs {@code message} while a batch job beside it shows nothing.
   */
  private static RootCauseAnalysis faintDatabaseUnder(String message, String exceptionType) {
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("gw", "api_gateway"))
            .resource(ResourceRef.of("catalog", "service"))
            .resource(ResourceRef.of("reports", "batch_job"))
            .resource(ResourceRef.of("payments-db", "sql_database"))
            .dependsOn("gw", "catalog", "http")
            .dependsOn("catalog", "payments-db", "database")
            .dependsOn("reports", "payments-db", "database")
            .build();
    Anomaly faint =
        new Anomaly(
            "lock_wait_ms",
            "payments-db",
            T,
            T,
            Severity.MEDIUM,
            3,
            8,
            4,
            0.5,
            "lock_wait_ms rose on payments-db",
            Optional.of(T.plus(Duration.ofMinutes(17))));
    List<Anomaly> anomalies =
        List.of(
            faint,
            rise("catalog", "latency_ms", 90, 40, 300),
            rise("catalog", "error_rate", 90, 0.01, 0.2),
            rise("gw", "latency_ms", 120, 60, 400));
    ErrorEvent errors =
        new ErrorEvent(
            "e-1",
            "test",
            Optional.of("catalog"),
            T.plus(Duration.ofSeconds(90)),
            exceptionType,
            message,
            "",
            Optional.empty(),
            800,
            OptionalLong.empty(),
            Map.of());
    return TopologyErrorCorrelator.create(graph)
        .analyze(new IncidentContext("gw", WINDOW, List.of(errors), anomalies, List.of()));
  }

  private static double confidenceOf(RootCauseAnalysis analysis, String id) {
    return analysis.candidates().stream()
        .filter(c -> c.resource().id().equals(id))
        .mapToDouble(RootCauseCandidate::confidence)
        .max()
        .orElse(0);
  }

  @Test
  void aFaintDatabaseThatItsCallersErrorsNameIsNamedWithConfidence() {
    RootCauseAnalysis named =
        faintDatabaseUnder(
            "Execution Timeout Expired on payments-db. The timeout period elapsed",
            "SQLServerException");
    RootCauseAnalysis unnamed = faintDatabaseUnder("Request failed", "IllegalStateException");

    assertThat(topIds(named, 1)).containsExactly("payments-db");
    assertThat(named.candidates().get(0).confidence()).isGreaterThanOrEqualTo(0.5);
    assertThat(confidenceOf(unnamed, "payments-db")).isLessThan(0.5);
    assertThat(named.candidates().get(0).evidence())
        .anySatisfy(
            e -> assertThat(e.description()).contains("catalog report a failure of payments-db"));
  }

  @Test
  void deadlockErrorsOfACallerWithOneDatabaseConfirmThatDatabase() {
    RootCauseAnalysis deadlocks =
        faintDatabaseUnder(
            "Transaction (Process ID 61) was deadlocked on lock resources with another process",
            "SQLServerException");
    RootCauseAnalysis generic = faintDatabaseUnder("Request failed", "IllegalStateException");

    assertThat(confidenceOf(deadlocks, "payments-db"))
        .isGreaterThanOrEqualTo(0.5)
        .isGreaterThan(confidenceOf(generic, "payments-db"));
  }

  @Test
  void credentialsInErrorMessagesAreMaskedInTheEvidence() {
    RootCauseAnalysis analysis =
        faintDatabaseUnder(
            "Execution Timeout Expired on payments-db, url=https://pay.example/q?api_key=sk_live_"
                + "ABCDEF123456&token=hunter2",
            "SQLServerException");

    List<String> texts = new ArrayList<>();
    analysis.candidates().forEach(c -> c.evidence().forEach(e -> texts.add(e.description())));
    assertThat(texts).anySatisfy(t -> assertThat(t).contains("Execution Timeout Expired"));
    assertThat(String.join("\n", texts))
        .doesNotContain("sk_live_ABCDEF123456")
        .doesNotContain("hunter2");
  }
}
