package io.topdeck.monitoring.core.correlation;

import static io.topdeck.monitoring.core.correlation.Incidents.DB;
import static io.topdeck.monitoring.core.correlation.Incidents.DECOY;
import static io.topdeck.monitoring.core.correlation.Incidents.DEPLOYMENT;
import static io.topdeck.monitoring.core.correlation.Incidents.GATEWAY;
import static io.topdeck.monitoring.core.correlation.Incidents.PAYMENTS;
import static io.topdeck.monitoring.core.correlation.Incidents.WEBAPP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import io.topdeck.monitoring.core.inmemory.InMemoryPlatform;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RootCauseAnalysisTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:31:00Z");

  private static RootCauseAnalysis analyze(InMemoryTopologyGraph graph, InMemoryPlatform platform) {
    IncidentContext context = Incidents.context(platform, WEBAPP);
    return TopologyErrorCorrelator.builder(graph)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build()
        .analyze(context);
  }

  private static RootCauseAnalysis deadlockIncident(boolean decoy) {
    InMemoryTopologyGraph.Builder graph = Incidents.topology().change(DEPLOYMENT);
    if (decoy) {
      graph.change(DECOY);
    }
    return analyze(graph.build(), Incidents.deadlockAfterDeployment(decoy));
  }

  @Test
  void blamesTheDeploymentThatIntroducedADeadlockingQuery() {
    RootCauseAnalysis analysis = deadlockIncident(false);

    RootCauseCandidate top = analysis.rootCause().orElseThrow();
    assertThat(top.resource()).isEqualTo(WEBAPP);
    assertThat(top.change()).contains(DEPLOYMENT);
    assertThat(top.summary())
        .isEqualTo(
            "Deployment v1.2.5 of webapp-prod introduced a query that deadlocks on"
                + " sql-db-prod (Orders)");
    assertThat(top.recommendation())
        .startsWith("Roll back webapp-prod to v1.2.4")
        .contains("locks on Orders in the same order");
    assertThat(analysis.candidates())
        .extracting(c -> c.resource().id())
        .containsExactly("webapp-prod", "sql-db-prod");
    assertThat(analysis.analyzedAt()).isEqualTo(NOW);
  }

  @Test
  void aDeploymentTwoHopsAboveTheDeadlocksExplainsNothingWhenTheServiceBetweenSentNoMoreQueries() {
    RootCauseAnalysis analysis = twoHopDeadlock(false);

    assertThat(analysis.candidates())
        .filteredOn(c -> c.change().filter(c2 -> c2.id().equals("gw-7")).isPresent())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.summary())
                  .isEqualTo(
                      "Deployment v2 of api-gateway came before the incident, but the failure of"
                          + " api-gateway came from below it");
              assertThat(c.confidence()).isLessThan(0.05);
            });
    assertThat(analysis.candidates())
        .filteredOn(c -> c.change().filter(c2 -> c2.id().equals("w-1")).isPresent())
        .singleElement()
        .extracting(RootCauseCandidate::summary)
        .isEqualTo("Deployment v9 of webapp-prod introduced a query that deadlocks on sql-db-prod");
  }

  @Test
  void aDeploymentTwoHopsAboveTheDeadlocksIsNotSaidToHaveIntroducedTheQuery() {
    RootCauseAnalysis analysis = twoHopDeadlock(true);

    assertThat(analysis.candidates())
        .filteredOn(c -> c.change().filter(c2 -> c2.id().equals("gw-7")).isPresent())
        .singleElement()
        .extracting(RootCauseCandidate::summary)
        .isEqualTo(
            "Deployment v2 of api-gateway preceded deadlocks on sql-db-prod, which api-gateway"
                + " reaches only through other resources");
  }

  /**
   * A gateway deployed ten minutes before a database deadlocks two hops below it, behind a web app
   * deployed two hours before; with {@code moreRequests}, the web app in between receives more
   * requests as it slows down and sends the database more queries, which is how a release of the
   * gateway can reach the database.
   */
  private static RootCauseAnalysis twoHopDeadlock(boolean moreRequests) {
    Instant onset = Instant.parse("2026-12-01T09:45:00Z");
    ChangeEvent webapp =
        ChangeEvent.deployment("w-1", onset.minusSeconds(7_200), "webapp-prod", "v9", "v8");
    ChangeEvent gateway =
        ChangeEvent.deployment("gw-7", onset.minusSeconds(600), "api-gateway", "v2", "v1");
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("api-gateway", "api_gateway"))
            .resource(ResourceRef.of("webapp-prod", "web_app"))
            .resource(ResourceRef.of("sql-db-prod", "sql_database"))
            .dependsOn("api-gateway", "webapp-prod", "http")
            .dependsOn("webapp-prod", "sql-db-prod", "database")
            .change(webapp)
            .change(gateway)
            .build();
    List<Anomaly> anomalies =
        List.of(
            anomaly("sql-db-prod", "averageQueryTimeMs", onset, 12, 170),
            anomaly("sql-db-prod", "deadlocks", onset, 0.02, 3),
            anomaly("webapp-prod", "p95ResponseTimeMs", onset.plusSeconds(120), 240, 720),
            anomaly("api-gateway", "p95ResponseTimeMs", onset.plusSeconds(180), 180, 500));
    if (moreRequests) {
      anomalies = new ArrayList<>(anomalies);
      anomalies.add(anomaly("webapp-prod", "requestRate", onset.plusSeconds(120), 300, 900));
      anomalies.add(anomaly("sql-db-prod", "queriesPerSecond", onset.plusSeconds(120), 850, 2500));
    }
    List<ErrorEvent> errors = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      errors.add(
          new ErrorEvent(
              "dl-" + i,
              "test",
              Optional.of("sql-db-prod"),
              onset.plusSeconds(60 + 300L * i),
              "SqlException",
              "Transaction (Process ID 64) was deadlocked on lock resources with another process",
              "",
              Optional.empty(),
              10,
              OptionalLong.empty(),
              Map.of("error_code", "1205")));
    }
    IncidentContext context =
        new IncidentContext(
            "webapp-prod",
            new TimeRange(onset.minusSeconds(6 * 3_600), onset.plusSeconds(2_400)),
            errors,
            anomalies,
            List.of());

    return TopologyErrorCorrelator.builder(graph)
        .clock(Clock.fixed(onset.plusSeconds(2_400), ZoneOffset.UTC))
        .build()
        .analyze(context);
  }

  @Test
  void callersTimingOutOnADatabaseByNameCountAsItsReachThoughTheyShowFirst() {
    Instant onset = Instant.parse("2026-12-01T09:45:00Z");
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("orders-db", "sql_database"))
            .resource(ResourceRef.of("svc-a", "web_app"))
            .resource(ResourceRef.of("svc-b", "web_app"))
            .dependsOn("svc-a", "orders-db", "database")
            .dependsOn("svc-b", "orders-db", "database")
            .build();
    List<Anomaly> anomalies =
        List.of(
            anomaly("svc-a", "errorRate", onset, 0.001, 0.03),
            anomaly("svc-b", "errorRate", onset, 0.001, 0.03),
            anomaly("orders-db", "lockWaitMs", onset.plusSeconds(90), 2, 6));
    List<ErrorEvent> errors = new ArrayList<>();
    for (String caller : List.of("svc-a", "svc-b")) {
      errors.add(
          new ErrorEvent(
              caller + "-timeouts",
              "test",
              Optional.of(caller),
              onset.plusSeconds(30),
              "SQLServerException",
              "Execution Timeout Expired on orders-db. The timeout period elapsed",
              "",
              Optional.empty(),
              200,
              OptionalLong.empty(),
              Map.of()));
    }
    RootCauseAnalysis analysis =
        TopologyErrorCorrelator.builder(graph)
            .clock(Clock.fixed(onset.plusSeconds(1_800), ZoneOffset.UTC))
            .build()
            .analyze(
                new IncidentContext(
                    "svc-a",
                    new TimeRange(onset.minusSeconds(3_600), onset.plusSeconds(1_800)),
                    errors,
                    anomalies,
                    List.of()));

    RootCauseCandidate top = analysis.rootCause().orElseThrow();
    assertThat(top.resource().id()).isEqualTo("orders-db");
    assertThat(top.evidence())
        .extracting(Evidence::description)
        .contains(
            "A failure of orders-db explains 2 failing resources along its edges that began"
                + " later or report its failure");
  }

  @Test
  void aWorkerWhoseOnlyCallerShowsNothingMakesItsOwnDemand() {
    RootCauseCandidate top = jobFloodingTheDatabase(true).rootCause().orElseThrow();

    assertThat(top.resource().id()).isEqualTo("report-job");
    assertThat(top.evidence())
        .extracting(Evidence::description)
        .contains(
            "report-job makes its own demand (its callers show nothing), which rose before the"
                + " failures it reaches through its dependencies");
  }

  @Test
  void aWorkerWhoseCallerReportedNothingIsNotSaidToMakeItsOwnDemand() {
    assertThat(jobFloodingTheDatabase(false).candidates())
        .flatExtracting(RootCauseCandidate::evidence)
        .extracting(Evidence::description)
        .noneMatch(d -> d.contains("makes its own demand"));
  }

  /**
   * A worker (not typed as a job), which an admin service calls, sends a database three times its
   * queries; the database slows a minute later. With {@code callerReported}, the admin service is
   * known to have reported telemetry (and shows nothing); without, its silence may be missing data.
   */
  private static RootCauseAnalysis jobFloodingTheDatabase(boolean callerReported) {
    Instant onset = Instant.parse("2026-12-01T09:45:00Z");
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("admin-svc", "web_app"))
            .resource(ResourceRef.of("report-job", "container_app"))
            .resource(ResourceRef.of("orders-db", "sql_database"))
            .dependsOn("admin-svc", "report-job", "http")
            .dependsOn("report-job", "orders-db", "database")
            .build();
    List<Anomaly> anomalies =
        List.of(
            anomaly("report-job", "requestRate", onset, 20, 60),
            anomaly("orders-db", "averageQueryTimeMs", onset.plusSeconds(60), 8, 20),
            anomaly("orders-db", "cpuPercent", onset.plusSeconds(60), 30, 70));
    IncidentContext context =
        new IncidentContext(
            "orders-db",
            new TimeRange(onset.minusSeconds(3_600), onset.plusSeconds(1_800)),
            List.of(),
            anomalies,
            List.of());
    if (callerReported) {
      context = context.withObservedResources(Set.of("admin-svc", "report-job", "orders-db"));
    }
    return TopologyErrorCorrelator.builder(graph)
        .clock(Clock.fixed(onset.plusSeconds(1_800), ZoneOffset.UTC))
        .build()
        .analyze(context);
  }

  @Test
  void aFewTimeoutsOnADependencyBeforeDoNotExplainAwayALastingFailureAfterADeployment() {
    Instant onset = Instant.parse("2026-12-01T09:45:00Z");
    ChangeEvent release =
        ChangeEvent.deployment("orders-9", onset.minusSeconds(180), "orders-svc", "v9", "v8");
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("orders-svc", "web_app"))
            .resource(ResourceRef.of("ledger-svc", "web_app"))
            .dependsOn("orders-svc", "ledger-svc", "http")
            .change(release)
            .build();
    List<ErrorEvent> errors = new ArrayList<>();
    errors.add(
        new ErrorEvent(
            "ledger-timeouts",
            "test",
            Optional.of("ledger-svc"),
            onset.minusSeconds(20),
            "java.net.SocketTimeoutException",
            "Read timed out",
            "",
            Optional.empty(),
            3,
            OptionalLong.empty(),
            Map.of()));
    errors.add(
        new ErrorEvent(
            "orders-npe",
            "test",
            Optional.of("orders-svc"),
            onset.plusSeconds(20),
            "java.lang.NullPointerException",
            "Cannot invoke \"Order.getLines()\" because \"order\" is null",
            "",
            Optional.empty(),
            5_000,
            OptionalLong.empty(),
            Map.of()));
    IncidentContext context =
        new IncidentContext(
            "orders-svc",
            new TimeRange(onset.minusSeconds(3_600), onset.plusSeconds(1_800)),
            errors,
            List.of(
                anomaly("orders-svc", "errorRate", onset, 0.005, 0.05),
                anomaly("orders-svc", "p95ResponseTimeMs", onset, 80, 160)),
            List.of());

    RootCauseCandidate top =
        TopologyErrorCorrelator.builder(graph)
            .clock(Clock.fixed(onset.plusSeconds(1_800), ZoneOffset.UTC))
            .build()
            .analyze(context)
            .rootCause()
            .orElseThrow();

    assertThat(top.change()).contains(release);
    assertThat(top.summary())
        .isEqualTo("Deployment v9 of orders-svc preceded the failures of orders-svc");
  }

  @Test
  void aGatewayReleaseExplainsABackendSaturatingOnlyWhenMoreRequestsReachIt() {
    assertThat(gatewayRelease(false).summary())
        .isEqualTo(
            "Deployment v5 of api-gateway came before the incident, but the failure of"
                + " api-gateway came from below it");
    assertThat(gatewayRelease(true).summary())
        .isEqualTo(
            "Deployment v5 of api-gateway preceded the failures of coupons-svc, api-gateway");
  }

  /**
   * The candidate about a gateway deployed five minutes before a service behind it ran out of CPU
   * and slowed the gateway; with {@code moreRequests}, the requests reaching the service rose too.
   */
  private static RootCauseCandidate gatewayRelease(boolean moreRequests) {
    Instant onset = Instant.parse("2026-12-01T09:45:00Z");
    ChangeEvent release =
        ChangeEvent.deployment("gw-5", onset.minusSeconds(300), "api-gateway", "v5", "v4");
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("api-gateway", "api_gateway"))
            .resource(ResourceRef.of("coupons-svc", "web_app"))
            .dependsOn("api-gateway", "coupons-svc", "http")
            .change(release)
            .build();
    List<Anomaly> anomalies = new ArrayList<>();
    anomalies.add(anomaly("coupons-svc", "cpuPercent", onset, 20, 95));
    anomalies.add(anomaly("coupons-svc", "p95ResponseTimeMs", onset.plusSeconds(240), 60, 300));
    anomalies.add(anomaly("api-gateway", "p95ResponseTimeMs", onset.plusSeconds(300), 180, 450));
    if (moreRequests) {
      anomalies.add(anomaly("coupons-svc", "requestRate", onset, 300, 900));
    }
    IncidentContext context =
        new IncidentContext(
            "api-gateway",
            new TimeRange(onset.minusSeconds(3_600), onset.plusSeconds(1_800)),
            List.of(),
            anomalies,
            List.of());
    return TopologyErrorCorrelator.builder(graph)
        .clock(Clock.fixed(onset.plusSeconds(1_800), ZoneOffset.UTC))
        .build()
        .analyze(context)
        .candidates()
        .stream()
        .filter(c -> c.change().filter(release::equals).isPresent())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aServiceBackInLineWhileAnotherFailureHoldsIsWeakened() {
    RootCauseAnalysis analysis = recoveredService(Duration.ofMinutes(4), false);

    assertThat(recoveredWeight(analysis, "cart-svc")).isEqualTo(-2.3, within(1e-9));
    assertThat(recoveredWeight(analysis, "orders-db")).isZero();
  }

  @Test
  void aFaintWobbleOfAnotherSeriesLaterOnDoesNotHideTheRecovery() {
    RootCauseAnalysis analysis = recoveredService(Duration.ofMinutes(4), true);

    assertThat(recoveredWeight(analysis, "cart-svc")).isEqualTo(-2.3, within(1e-9));
  }

  /** Returns the weight of the "back in line" evidence on the candidates about {@code id}. */
  private static double recoveredWeight(RootCauseAnalysis analysis, String id) {
    return analysis.candidates().stream()
        .filter(c -> c.resource().id().equals(id))
        .flatMap(c -> c.evidence().stream())
        .filter(e -> e.description().contains("was back in line"))
        .mapToDouble(Evidence::weight)
        .sum();
  }

  @Test
  void aServiceStillOutOfLineIsNotSaidToHaveRecovered() {
    RootCauseAnalysis analysis = recoveredService(Duration.ofMinutes(20), false);

    assertThat(analysis.candidates())
        .flatExtracting(RootCauseCandidate::evidence)
        .noneMatch(e -> e.description().contains("was back in line"));
  }

  /**
   * A database slow for twenty minutes, and an unrelated service, deployed eight minutes before,
   * whose latency and errors rose for {@code episode}; with {@code wobble}, its memory dipped a
   * little in the last minutes.
   */
  private static RootCauseAnalysis recoveredService(Duration episode, boolean wobble) {
    Instant onset = Instant.parse("2026-12-01T09:45:00Z");
    Instant end = onset.plus(Duration.ofMinutes(20));
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("reports-job", "batch_job"))
            .resource(ResourceRef.of("orders-db", "sql_database"))
            .resource(ResourceRef.of("cart-svc", "web_app"))
            .dependsOn("reports-job", "orders-db", "database")
            .change(
                ChangeEvent.deployment(
                    "cart-1", onset.minus(Duration.ofMinutes(8)), "cart-svc", "v4", "v3"))
            .build();
    Instant cartFrom = onset.plus(Duration.ofMinutes(2));
    Instant cartTo = cartFrom.plus(episode).isAfter(end) ? end : cartFrom.plus(episode);
    List<Anomaly> anomalies =
        List.of(
            anomaly("orders-db", "averageQueryTimeMs", onset, 5, 9).seenUntil(end),
            anomaly("orders-db", "cpuPercent", onset, 15, 27).seenUntil(end),
            anomaly("cart-svc", "p95ResponseTimeMs", cartFrom, 100, 380).seenUntil(cartTo),
            anomaly("cart-svc", "errorRate", cartFrom, 0.002, 0.02).seenUntil(cartTo));
    if (wobble) {
      Instant at = end.minus(Duration.ofMinutes(3));
      anomalies = new ArrayList<>(anomalies);
      anomalies.add(
          new Anomaly(
              "memoryPercent",
              "cart-svc",
              at,
              at,
              Severity.MEDIUM,
              37,
              33,
              2,
              0.55,
              "memoryPercent of cart-svc is 33",
              Optional.of(end)));
    }
    List<ErrorEvent> errors = new ArrayList<>();
    for (Instant at = cartFrom; at.isBefore(cartTo); at = at.plusSeconds(60)) {
      errors.add(
          new ErrorEvent(
              "cart-" + at.getEpochSecond(),
              "test",
              Optional.of("cart-svc"),
              at,
              "IllegalStateException",
              "Request failed",
              "",
              Optional.empty(),
              100,
              OptionalLong.empty(),
              Map.of()));
    }
    IncidentContext context =
        new IncidentContext(
            "cart-svc",
            new TimeRange(onset.minusSeconds(3_600), end.plusSeconds(60)),
            errors,
            anomalies,
            List.of());
    return TopologyErrorCorrelator.builder(graph)
        .clock(Clock.fixed(end.plusSeconds(60), ZoneOffset.UTC))
        .build()
        .analyze(context);
  }

  private static Anomaly anomaly(
      String resource, String metric, Instant onset, double baseline, double current) {
    return new Anomaly(
        metric,
        resource,
        onset.plusSeconds(60),
        onset,
        Severity.HIGH,
        baseline,
        current,
        10,
        0.95,
        metric + " of " + resource + " is " + current,
        Optional.of(onset.plusSeconds(1_200)));
  }

  @Test
  void supportsTheVerdictWithTimingAnomaliesSignatureAndQuietPeers() {
    RootCauseCandidate top = deadlockIncident(false).rootCause().orElseThrow();

    assertThat(descriptions(top, Evidence.Kind.TIMING))
        .filteredOn(d -> d.startsWith("Deployment"))
        .singleElement()
        .asString()
        .contains("Deployment v1.2.5 of webapp-prod came 1 h 45 min before")
        .endsWith(
            "(sql-db-prod: an anomaly from 2026-12-01T09:45:00Z;"
                + " webapp-prod: an anomaly from 2026-12-01T09:47:00Z)");
    assertThat(descriptions(top, Evidence.Kind.ANOMALY))
        .anySatisfy(
            d -> assertThat(d).startsWith("webapp-prod: errorRate rose from 0.01 to 0.05 (+400%)"))
        .anySatisfy(d -> assertThat(d).startsWith("sql-db-prod: averageQueryTimeMs rose"));
    assertThat(descriptions(top, Evidence.Kind.ERROR_SIGNATURE))
        .containsExactly("sql-db-prod: 40 deadlock errors (SqlException) on table Orders");
    assertThat(descriptions(top, Evidence.Kind.CHANGE))
        .contains("sql-db-prod had no change of its own in the 24 h 0 min before the onset");
    assertThat(descriptions(top, Evidence.Kind.DEPENDENCY_PATH))
        .contains("Dependency path: webapp-prod -> sql-db-prod")
        .contains(
            "Resources outside the path show no anomaly or error: api-gateway, payments-api,"
                + " redis-cache, search-api, search-index");
  }

  @Test
  void scoresAreTheSumOfEvidenceAndConfidencesAreWeighedAgainstTheNullHypothesis() {
    List<RootCauseCandidate> candidates = deadlockIncident(false).candidates();

    for (RootCauseCandidate c : candidates) {
      assertThat(c.score())
          .isCloseTo(c.evidence().stream().mapToDouble(Evidence::weight).sum(), within(1e-9));
    }
    // Both hypotheses explain the same group of failures (the database and its caller), so they
    // share its mass with the hypothesis that nothing there is a root.
    double top = candidates.get(0).score();
    double second = candidates.get(1).score();
    assertThat(candidates.get(0).confidence())
        .isCloseTo(
            1 / (Math.exp(RootCauseRanker.NULL_SCORE - top) + 1 + Math.exp(second - top)),
            within(1e-9));
    assertThat(candidates.stream().mapToDouble(RootCauseCandidate::confidence).sum())
        .isLessThan(1.0);
    assertThat(candidates.get(0).confidence()).isGreaterThan(0.5);
    assertThat(top).isGreaterThan(second);
  }

  @Test
  void theDatabaseCandidateIsWeakenedByTheDeploymentAboveIt() {
    RootCauseCandidate db = deadlockIncident(false).candidates().get(1);

    assertThat(db.change()).isEmpty();
    assertThat(db.evidence())
        .filteredOn(e -> e.weight() < 0)
        .extracting(Evidence::description)
        .containsExactly(
            "sql-db-prod had no change of its own, but deployment v1.2.5 of"
                + " webapp-prod came 1 h 45 min before its failure");
  }

  @Test
  void writesTheStepsInOrder() {
    List<String> steps = deadlockIncident(false).steps();

    assertThat(steps).hasSize(6);
    assertThat(steps.get(0))
        .isEqualTo(
            "Recent deployments and changes: webapp-prod v1.2.5 (was v1.2.4) at"
                + " 2026-12-01T08:00:00Z, 1 h 45 min before the first onset.");
    assertThat(steps.get(1))
        .startsWith("Symptom on webapp-prod: errorRate rose from 0.01 to 0.05 (+400%)");
    assertThat(steps.get(2))
        .startsWith(
            "Dependency health below webapp-prod: sql-db-prod failing from 2026-12-01T09:45:00Z");
    assertThat(steps.get(3))
        .startsWith("Findings on sql-db-prod (sql_database): averageQueryTimeMs rose")
        .contains("40 deadlock errors on table Orders")
        .endsWith("no change of its own.");
    assertThat(steps.get(4)).isEqualTo("Outside the path: 5 resources show no anomaly or error.");
    assertThat(steps.get(5))
        .startsWith(
            "Conclusion: Deployment v1.2.5 of webapp-prod introduced a query that"
                + " deadlocks on sql-db-prod (Orders) (confidence ")
        .contains("Recommendation: Roll back webapp-prod to v1.2.4");
  }

  @Test
  void aDecoyDeploymentOnAnUnrelatedServiceIsNotBlamed() {
    RootCauseAnalysis analysis = deadlockIncident(true);

    assertThat(analysis.rootCause().orElseThrow().change()).contains(DEPLOYMENT);
    assertThat(analysis.candidates())
        .noneMatch(c -> c.resource().equals(PAYMENTS))
        .noneMatch(c -> c.change().equals(Optional.of(DECOY)));
    assertThat(analysis.steps())
        .anySatisfy(
            s -> assertThat(s).contains("changes there were not blamed: payments-api v3.1.0"));
  }

  @Test
  void aSaturatedDatabaseWithoutAnyDeploymentRanksFirst() {
    RootCauseAnalysis analysis =
        analyze(Incidents.topology().build(), Incidents.saturatedDatabase());

    RootCauseCandidate top = analysis.rootCause().orElseThrow();
    assertThat(top.resource()).isEqualTo(DB);
    assertThat(top.change()).isEmpty();
    assertThat(top.summary())
        .startsWith("sql-db-prod is saturated (cpuPercent at ")
        .endsWith("with no recent change");
    assertThat(top.recommendation()).startsWith("Scale up the database sql-db-prod");
    assertThat(top.evidence())
        .extracting(Evidence::kind)
        .contains(Evidence.Kind.SATURATION, Evidence.Kind.ERROR_SIGNATURE);
    assertThat(analysis.candidates())
        .extracting(c -> c.resource().id())
        .containsExactly("sql-db-prod", "webapp-prod");
    assertThat(analysis.steps().get(0)).startsWith("Recent deployments and changes: none on");
  }

  @Test
  void startingFromTheGatewayReachesTheSameRootCause() {
    InMemoryTopologyGraph graph = Incidents.topology().change(DEPLOYMENT).build();
    IncidentContext context =
        Incidents.context(Incidents.deadlockAfterDeployment(false), Incidents.GATEWAY);

    RootCauseAnalysis analysis = TopologyErrorCorrelator.create(graph).analyze(context);

    assertThat(analysis.rootCause().orElseThrow().change()).contains(DEPLOYMENT);
    assertThat(analysis.steps().get(1))
        .isEqualTo("Symptom on api-gateway: no anomaly or error of its own in the window.");
    assertThat(analysis.steps().get(2))
        .isEqualTo(
            "Dependency health below api-gateway: webapp-prod failing from"
                + " 2026-12-01T09:47:00Z (1 anomaly, 0 errors); sql-db-prod failing from"
                + " 2026-12-01T09:45:00Z (1 anomaly, 40 errors).");
  }

  @Test
  void aHealthyPeerOfTheFailingDatabaseStrengthensTheChangeAndWeakensTheDatabase() {
    InMemoryTopologyGraph graph =
        Incidents.topology()
            .dependsOn(PAYMENTS.id(), DB.id(), "database")
            .change(DEPLOYMENT)
            .build();
    RootCauseAnalysis withPeer = analyze(graph, Incidents.deadlockAfterDeployment(false));
    RootCauseAnalysis without = deadlockIncident(false);

    String peer =
        "payments-api also depends on sql-db-prod and shows nothing, so sql-db-prod fails only"
            + " under webapp-prod's load";
    assertThat(descriptions(withPeer.candidates().get(0), Evidence.Kind.DEPENDENCY_PATH))
        .contains(peer);
    assertThat(withPeer.candidates().get(1).evidence())
        .anySatisfy(e -> assertThat(e.weight()).isNegative())
        .extracting(Evidence::description)
        .contains(
            "payments-api also depends on sql-db-prod and shows nothing, which a failure of"
                + " sql-db-prod itself would not spare");
    assertThat(withPeer.candidates().get(0).confidence())
        .isGreaterThan(without.candidates().get(0).confidence());
  }

  @Test
  void aPeerThatReportedNoTelemetryNeitherClearsNorWeakensTheDatabase() {
    InMemoryTopologyGraph graph =
        Incidents.topology()
            .dependsOn(PAYMENTS.id(), DB.id(), "database")
            .change(DEPLOYMENT)
            .build();
    IncidentContext context = Incidents.context(Incidents.deadlockAfterDeployment(false), WEBAPP);
    TopologyErrorCorrelator correlator =
        TopologyErrorCorrelator.builder(graph).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    RootCauseAnalysis unknown = correlator.analyze(context);
    RootCauseAnalysis silent =
        correlator.analyze(
            context.withObservedResources(Set.of(GATEWAY.id(), WEBAPP.id(), DB.id())));
    RootCauseAnalysis reporting =
        correlator.analyze(
            context.withObservedResources(
                Set.of(GATEWAY.id(), WEBAPP.id(), DB.id(), PAYMENTS.id())));

    assertThat(silent.candidates())
        .flatExtracting(RootCauseCandidate::evidence)
        .extracting(Evidence::description)
        .noneMatch(d -> d.startsWith("payments-api also depends on sql-db-prod"));
    assertThat(scoreOf(silent, DB.id())).isGreaterThan(scoreOf(unknown, DB.id()));
    assertThat(scoreOf(silent, WEBAPP.id())).isLessThan(scoreOf(unknown, WEBAPP.id()));
    assertThat(scoreOf(reporting, DB.id())).isEqualTo(scoreOf(unknown, DB.id()));
    assertThat(scoreOf(reporting, WEBAPP.id())).isEqualTo(scoreOf(unknown, WEBAPP.id()));
  }

  private static double scoreOf(RootCauseAnalysis analysis, String id) {
    return analysis.candidates().stream()
        .filter(c -> c.resource().id().equals(id))
        .findFirst()
        .orElseThrow()
        .score();
  }

  @Test
  void reportsWhatCouldNotBeAttributed() {
    IncidentContext base = Incidents.context(Incidents.deadlockAfterDeployment(false), WEBAPP);
    List<ErrorEvent> errors = new ArrayList<>(base.errors());
    errors.add(
        new ErrorEvent(
            "stray",
            "inmemory",
            Optional.empty(),
            Incidents.ONSET,
            "IOException",
            "reset",
            "",
            Optional.empty(),
            1,
            OptionalLong.empty(),
            Map.of("pod", "x-1")));
    List<Anomaly> anomalies = new ArrayList<>(base.anomalies());
    anomalies.add(
        new Anomaly(
            "cpu",
            "ghost-vm",
            Incidents.ONSET,
            Incidents.ONSET,
            Severity.HIGH,
            1,
            2,
            5,
            0.9,
            "cpu up"));
    IncidentContext context =
        new IncidentContext(WEBAPP.id(), base.window(), errors, anomalies, List.of());

    RootCauseAnalysis analysis =
        TopologyErrorCorrelator.create(Incidents.topology().change(DEPLOYMENT).build())
            .analyze(context);

    assertThat(analysis.steps())
        .contains(
            "Not attributed, so not weighed: 1 error matches no resource; anomalies on"
                + " resources outside the topology: ghost-vm.");
    assertThat(analysis.rootCause().orElseThrow().change()).contains(DEPLOYMENT);
  }

  @Test
  void aDeploymentThatBreaksOnlyItsOwnResourceIsRolledBack() {
    Anomaly errorRate =
        new Anomaly(
            "errorRate",
            WEBAPP.id(),
            Incidents.ONSET,
            Incidents.ONSET,
            Severity.HIGH,
            0.01,
            0.2,
            30,
            0.97,
            "errorRate up");
    IncidentContext context =
        new IncidentContext(
            WEBAPP.id(), Incidents.WINDOW, List.of(), List.of(errorRate), List.of());

    RootCauseAnalysis analysis =
        TopologyErrorCorrelator.create(Incidents.topology().change(DEPLOYMENT).build())
            .analyze(context);

    RootCauseCandidate top = analysis.rootCause().orElseThrow();
    assertThat(top.change()).contains(DEPLOYMENT);
    assertThat(top.summary())
        .isEqualTo("Deployment v1.2.5 of webapp-prod preceded the failures of" + " webapp-prod");
    assertThat(top.recommendation()).startsWith("Roll back webapp-prod to v1.2.4");
  }

  @Test
  void aQuietIncidentNamesNoRootCause() {
    IncidentContext quiet =
        new IncidentContext(WEBAPP.id(), Incidents.WINDOW, List.of(), List.of(), List.of());

    RootCauseAnalysis analysis =
        TopologyErrorCorrelator.create(Incidents.topology().build()).analyze(quiet);

    assertThat(analysis.candidates()).isEmpty();
    assertThat(analysis.steps())
        .last()
        .isEqualTo(
            "Conclusion: nothing on the path of webapp-prod stood out; no root cause can be"
                + " named.");
  }

  private static final String GHOST_GAP =
      "The symptom resource 'ghost' is not in the topology: its dependency path is unknown, so"
          + " only the resources that fail clearly in the context are ranked.";

  @Test
  void aSymptomOutsideTheTopologyIsStatedAsAGapAndTheFailingResourcesAreStillRanked() {
    IncidentContext known = Incidents.context(Incidents.saturatedDatabase(), WEBAPP);
    IncidentContext context =
        new IncidentContext(
            "ghost", known.window(), known.errors(), known.anomalies(), known.alerts());

    RootCauseAnalysis analysis =
        TopologyErrorCorrelator.builder(Incidents.topology().build())
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build()
            .analyze(context);

    assertThat(analysis.symptomResourceId()).isEqualTo("ghost");
    assertThat(analysis.steps().get(0)).isEqualTo(GHOST_GAP);
    assertThat(analysis.rootCause().orElseThrow().resource()).isEqualTo(DB);
    assertThat(analysis.candidates())
        .extracting(c -> c.resource().id())
        .containsExactlyInAnyOrder(DB.id(), WEBAPP.id());
    assertThat(analysis.steps())
        .anySatisfy(s -> assertThat(s).startsWith("Findings on sql-db-prod (sql_database): "))
        .last()
        .satisfies(s -> assertThat(s).startsWith("Conclusion: sql-db-prod is saturated"));
  }

  @Test
  void aSymptomOutsideTheTopologyWithNothingFailingNamesNoRootCause() {
    IncidentContext context =
        new IncidentContext("ghost", Incidents.WINDOW, List.of(), List.of(), List.of());

    RootCauseAnalysis analysis =
        TopologyErrorCorrelator.create(Incidents.topology().build()).analyze(context);

    assertThat(analysis.candidates()).isEmpty();
    assertThat(analysis.steps())
        .containsExactly(
            GHOST_GAP,
            "Recent deployments and changes: none on the resources weighed in the 24 h 0 min"
                + " before the first onset ("
                + Incidents.WINDOW.to()
                + ").",
            "Conclusion: no resource fails clearly in the context; no root cause can be named.");
  }

  private static List<String> descriptions(RootCauseCandidate c, Evidence.Kind kind) {
    return c.evidence().stream().filter(e -> e.kind() == kind).map(Evidence::description).toList();
  }
}
