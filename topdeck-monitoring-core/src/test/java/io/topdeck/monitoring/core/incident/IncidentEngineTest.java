package io.topdeck.monitoring.core.incident;

import static io.topdeck.monitoring.core.incident.Scenarios.DB;
import static io.topdeck.monitoring.core.incident.Scenarios.DEPLOYMENT;
import static io.topdeck.monitoring.core.incident.Scenarios.GATEWAY;
import static io.topdeck.monitoring.core.incident.Scenarios.NOTICED;
import static io.topdeck.monitoring.core.incident.Scenarios.ONSET;
import static io.topdeck.monitoring.core.incident.Scenarios.REDIS;
import static io.topdeck.monitoring.core.incident.Scenarios.WEBAPP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.api.Alert;
import io.topdeck.monitoring.api.DatabaseMetrics;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.Evidence;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Severity;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.inmemory.ApplicationField;
import io.topdeck.monitoring.core.inmemory.InMemoryCollector;
import io.topdeck.monitoring.core.inmemory.InMemoryPlatform;
import io.topdeck.monitoring.core.inmemory.Series;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IncidentEngineTest {

  private static IncidentEngine engine(MetricsCollector collector) {
    return IncidentEngine.builder(Scenarios.topology().build(), collector).build();
  }

  private static Alert alert(Optional<String> resourceId) {
    return new Alert(
        "fp-9",
        "WebappErrorRate",
        Alert.Status.FIRING,
        Severity.HIGH,
        resourceId,
        ONSET.plusSeconds(200),
        Optional.empty(),
        "alertmanager",
        Map.of(),
        Map.of());
  }

  @Test
  void anUnrelatedConcurrentAnomalyIsReportedAsASeparateIncident() {
    Investigation investigation =
        engine(Scenarios.deadlock(true).collector())
            .investigate(new Symptom(GATEWAY.id(), NOTICED, "the site is slow"));

    assertThat(investigation.reports()).hasSize(2);
    IncidentReport primary = investigation.primary().orElseThrow();
    assertThat(primary.incident().root()).isEqualTo(DB);
    assertThat(primary.analysis().rootCause().orElseThrow().change()).contains(DEPLOYMENT);
    IncidentReport other = investigation.reports().get(1);
    assertThat(other.incident().root()).isEqualTo(REDIS);
    assertThat(other.incident().linkedSymptoms()).isEmpty();
    assertThat(other.incident().anomalies())
        .allSatisfy(a -> assertThat(a.resourceId()).isEqualTo(REDIS.id()));
    assertThat(other.analysis().rootCause().orElseThrow().resource()).isEqualTo(REDIS);
    assertThat(other.analysis().candidates()).noneMatch(c -> c.change().isPresent());
  }

  @Test
  void collectsTheSymptomItsDependenciesAndItsDirectCallers() {
    Investigation investigation =
        engine(Scenarios.deadlock(false).collector()).investigate(Symptom.of(WEBAPP.id(), NOTICED));

    assertThat(investigation.resources())
        .extracting(ResourceRef::id)
        .containsExactly(WEBAPP.id(), DB.id(), GATEWAY.id());
    assertThat(investigation.range())
        .isEqualTo(new TimeRange(NOTICED.minus(Duration.ofHours(6)), NOTICED.plusSeconds(60)));
    assertThat(investigation.gaps()).isEmpty();
  }

  @Test
  void aCallerThatReportedNoTelemetryIsNotTakenAsAHealthyPeer() {
    ResourceRef reports = ResourceRef.of("reports-api", "web_app");
    InMemoryTopologyGraph graph =
        Scenarios.topology().resource(reports).dependsOn(reports.id(), DB.id(), "database").build();
    InMemoryPlatform reporting =
        Scenarios.deadlockBuilder(false)
            .application(
                reports.id(), ApplicationField.REQUEST_RATE, Series.baseline(120).noise(0.04))
            .application(
                reports.id(), ApplicationField.ERROR_RATE, Series.baseline(0.002).noise(0.1))
            .build();
    String peer = "reports-api also depends on sql-db-prod and shows nothing";

    assertThat(evidenceOf(graph, reporting)).anyMatch(d -> d.startsWith(peer));
    assertThat(evidenceOf(graph, Scenarios.deadlock(false))).noneMatch(d -> d.startsWith(peer));
  }

  private static List<String> evidenceOf(InMemoryTopologyGraph graph, InMemoryPlatform platform) {
    return IncidentEngine.builder(graph, platform.collector())
        .build()
        .investigate(Symptom.of(DB.id(), NOTICED))
        .primary()
        .orElseThrow()
        .analysis()
        .candidates()
        .stream()
        .flatMap(c -> c.evidence().stream())
        .map(Evidence::description)
        .toList();
  }

  /**
   * An edge above the gateway and a storage account below the database, on top of the scenarios.
   */
  private static IncidentEngine.Builder deeperEngine() {
    InMemoryTopologyGraph graph =
        Scenarios.topology()
            .resource(ResourceRef.of("cdn-edge", "cdn"))
            .resource(ResourceRef.of("storage-prod", "storage_account"))
            .dependsOn("cdn-edge", GATEWAY.id(), "http")
            .dependsOn(DB.id(), "storage-prod", "storage")
            .build();
    return IncidentEngine.builder(graph, Scenarios.deadlock(false).collector());
  }

  @Test
  void collectsWhatTheSymptomDependsOnAndWhatDependsOnItTransitivelyNearestFirst() {
    Investigation investigation =
        deeperEngine().build().investigate(Symptom.of(WEBAPP.id(), NOTICED));

    assertThat(investigation.resources())
        .extracting(ResourceRef::id)
        .containsExactly(WEBAPP.id(), DB.id(), GATEWAY.id(), "storage-prod", "cdn-edge");
    assertThat(investigation.gaps()).isEmpty();
  }

  @Test
  void collectsTheOtherCallersOfTheSymptomsDependencies() {
    // Whether the database still serves its other callers tells a database that failed from one
    // the symptom cannot reach.
    InMemoryTopologyGraph graph =
        Scenarios.topology()
            .resource(ResourceRef.of("reports", "web_app"))
            .resource(ResourceRef.of("billing", "web_app"))
            .dependsOn("reports", DB.id(), "database")
            .dependsOn("billing", DB.id(), "database")
            .build();

    Investigation wide =
        IncidentEngine.builder(graph, Scenarios.deadlock(false).collector())
            .build()
            .investigate(Symptom.of(WEBAPP.id(), NOTICED));
    Investigation bounded =
        IncidentEngine.builder(graph, Scenarios.deadlock(false).collector())
            .scope(4, 4)
            .build()
            .investigate(Symptom.of(WEBAPP.id(), NOTICED));

    assertThat(wide.resources())
        .extracting(ResourceRef::id)
        .containsExactly(WEBAPP.id(), DB.id(), GATEWAY.id(), "billing", "reports");
    assertThat(wide.gaps()).isEmpty();
    assertThat(bounded.resources())
        .extracting(ResourceRef::id)
        .containsExactly(WEBAPP.id(), DB.id(), GATEWAY.id(), "billing");
    assertThat(bounded.gaps())
        .containsExactly(
            "Scope of webapp-prod cut by its bound (4 hops, 4 resources): 1 more within 4 hops"
                + " not collected");
  }

  @Test
  void resourcesTheBoundLeavesOutAreNotedAsAGap() {
    Investigation shallow =
        deeperEngine().scope(1, 100).build().investigate(Symptom.of(WEBAPP.id(), NOTICED));
    Investigation small =
        deeperEngine().scope(4, 3).build().investigate(Symptom.of(WEBAPP.id(), NOTICED));

    assertThat(shallow.resources())
        .extracting(ResourceRef::id)
        .containsExactly(WEBAPP.id(), DB.id(), GATEWAY.id());
    assertThat(shallow.gaps())
        .containsExactly(
            "Scope of webapp-prod cut by its bound (1 hops, 100 resources): resources further"
                + " away not collected");
    assertThat(small.resources()).isEqualTo(shallow.resources());
    assertThat(small.gaps())
        .containsExactly(
            "Scope of webapp-prod cut by its bound (4 hops, 3 resources): 2 more within 4 hops"
                + " not collected");
    assertThat(small.primary().orElseThrow().incident().root()).isEqualTo(DB);
  }

  @Test
  void startsFromAnAlertAndKeepsItAsAFinding() {
    Alert alert = alert(Optional.of(WEBAPP.id()));

    Investigation investigation = engine(Scenarios.deadlock(false).collector()).investigate(alert);

    assertThat(investigation.symptom())
        .isEqualTo(new Symptom(WEBAPP.id(), alert.startsAt(), "Alert WebappErrorRate"));
    IncidentReport report = investigation.primary().orElseThrow();
    assertThat(report.incident().alerts()).containsExactly(alert);
    assertThat(report.analysis().rootCause().orElseThrow().change()).contains(DEPLOYMENT);
  }

  @Test
  void rejectsAnAlertWithoutResourceAndAnUnknownResource() {
    IncidentEngine engine = engine(Scenarios.deadlock(false).collector());

    assertThatThrownBy(() -> engine.investigate(alert(Optional.empty())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Alert 'WebappErrorRate' names no resource: nothing to investigate");
    assertThatThrownBy(() -> engine.investigate(Symptom.of("ghost", NOTICED)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Resource 'ghost' is not in the topology");
  }

  @Test
  void rejectsASymptomTooNearTheLimitsOfTimeForItsLookback() {
    IncidentEngine engine = engine(Scenarios.deadlock(false).collector());

    for (Instant at : List.of(Instant.MAX.minusSeconds(10), Instant.MIN.plusSeconds(10))) {
      assertThatThrownBy(() -> engine.investigate(Symptom.of(WEBAPP.id(), at)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(
              "Symptom time " + at + " leaves no room for the lookback of PT6H");
    }
  }

  @Test
  void aFailingPlatformCallIsNotedAsAGapAndTheRestIsStillAnalysed() {
    InMemoryCollector inner = Scenarios.deadlock(false).collector();
    MetricsCollector failingDatabase =
        new MetricsCollector() {
          @Override
          public String platform() {
            return inner.platform();
          }

          @Override
          public Set<Signal> supportedSignals() {
            return inner.supportedSignals();
          }

          @Override
          public List<io.topdeck.monitoring.api.ApplicationMetrics> applicationMetrics(
              ResourceRef resource, TimeRange range, Duration step) {
            return inner.applicationMetrics(resource, range, step);
          }

          @Override
          public List<DatabaseMetrics> databaseMetrics(
              ResourceRef resource, TimeRange range, Duration step) {
            if (!resource.equals(DB)) {
              return inner.databaseMetrics(resource, range, step);
            }
            throw new MonitoringException(
                MonitoringException.Kind.TIMEOUT, "inmemory", "query timed out after 30s");
          }

          @Override
          public List<ErrorEvent> errors(ResourceRef resource, TimeRange range) {
            return inner.errors(resource, range);
          }

          @Override
          public List<io.topdeck.monitoring.api.ChangeEvent> changes(
              ResourceRef resource, TimeRange range) {
            return inner.changes(resource, range);
          }
        };

    Investigation investigation =
        engine(failingDatabase).investigate(Symptom.of(WEBAPP.id(), NOTICED));

    assertThat(investigation.gaps())
        .contains("No database metrics of sql-db-prod: inmemory: query timed out after 30s");
    assertThat(investigation.primary().orElseThrow().analysis().rootCause().orElseThrow().change())
        .contains(DEPLOYMENT);
  }

  @Test
  void findsDeploymentsThePlatformReportsButTheGraphDoesNotKnow() {
    InMemoryPlatform platform = Scenarios.deadlock(false);

    Investigation investigation =
        IncidentEngine.builder(Scenarios.topology().build(), platform.collector())
            .build()
            .investigate(Symptom.of(WEBAPP.id(), NOTICED));

    assertThat(investigation.primary().orElseThrow().analysis().rootCause().orElseThrow().change())
        .contains(DEPLOYMENT);
  }

  /** Returns {@code graph} with its resources, edges and changes listed in reverse order. */
  private static InMemoryTopologyGraph reversed(InMemoryTopologyGraph graph) {
    List<ResourceRef> resources = new java.util.ArrayList<>(graph.resources());
    java.util.Collections.reverse(resources);
    InMemoryTopologyGraph.Builder b = InMemoryTopologyGraph.builder();
    resources.forEach(b::resource);
    for (ResourceRef r : resources) {
      List<io.topdeck.monitoring.api.Dependency> edges =
          new java.util.ArrayList<>(graph.dependenciesOf(r.id()));
      java.util.Collections.reverse(edges);
      edges.forEach(b::dependency);
    }
    return b.build();
  }

  @Test
  void theInvestigationIsTheSameWhateverTheOrderOfTheGraphsEdges() {
    InMemoryTopologyGraph graph = Scenarios.topology().build();
    InMemoryCollector collector = Scenarios.deadlock(true).collector();
    java.time.Clock clock = java.time.Clock.fixed(NOTICED, java.time.ZoneOffset.UTC);
    Symptom symptom = new Symptom(GATEWAY.id(), NOTICED, "the site is slow");

    Investigation reference =
        IncidentEngine.builder(graph, collector).clock(clock).build().investigate(symptom);
    Investigation investigation =
        IncidentEngine.builder(reversed(graph), collector)
            .clock(clock)
            .scope(1, 3)
            .build()
            .investigate(symptom);
    Investigation bounded =
        IncidentEngine.builder(graph, collector)
            .clock(clock)
            .scope(1, 3)
            .build()
            .investigate(symptom);

    assertThat(investigation).isEqualTo(bounded);
    assertThat(investigation.resources())
        .extracting(ResourceRef::id)
        .containsExactly(GATEWAY.id(), Scenarios.PAYMENTS.id(), Scenarios.RECOMMENDATIONS.id());
    assertThat(
            IncidentEngine.builder(reversed(graph), collector)
                .clock(clock)
                .build()
                .investigate(symptom))
        .isEqualTo(reference);
  }
}
