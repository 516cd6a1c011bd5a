package io.topdeck.monitoring.core.incident;

import static io.topdeck.monitoring.core.incident.Scenarios.DB;
import static io.topdeck.monitoring.core.incident.Scenarios.GATEWAY;
import static io.topdeck.monitoring.core.incident.Scenarios.ONSET;
import static io.topdeck.monitoring.core.incident.Scenarios.REDIS;
import static io.topdeck.monitoring.core.incident.Scenarios.WEBAPP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.api.Alert;
import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Severity;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncidentGrouperTest {

  private static final InMemoryTopologyGraph GRAPH = Scenarios.topology().build();

  private static Anomaly anomaly(String resourceId, String metric, Instant onset) {
    return new Anomaly(
        metric,
        resourceId,
        onset.plusSeconds(60),
        onset,
        Severity.HIGH,
        10,
        50,
        12,
        0.95,
        metric + " of " + resourceId + " rose");
  }

  private static List<Incident> group(List<Anomaly> anomalies) {
    return IncidentGrouper.create(GRAPH).group(anomalies, List.of(), List.of());
  }

  @Test
  void findingsCloseInTimeOnOnePathFormOneIncidentRootedAtTheDeepestResource() {
    List<Incident> incidents =
        group(
            List.of(
                anomaly(GATEWAY.id(), "p95ResponseTimeMs", ONSET.plusSeconds(300)),
                anomaly(WEBAPP.id(), "errorRate", ONSET.plusSeconds(120)),
                anomaly(DB.id(), "averageQueryTimeMs", ONSET)));

    assertThat(incidents).singleElement();
    Incident incident = incidents.get(0);
    assertThat(incident.root()).isEqualTo(DB);
    assertThat(incident.linkedSymptoms()).containsExactly(WEBAPP, GATEWAY);
    assertThat(incident.onset()).isEqualTo(ONSET);
    assertThat(incident.window()).isEqualTo(new TimeRange(ONSET, ONSET.plusSeconds(301)));
    assertThat(incident.anomalies()).hasSize(3);
    assertThat(incident.id()).isEqualTo("incident-sql-db-prod-" + ONSET.getEpochSecond());
  }

  @Test
  void aConcurrentAnomalyOnAnUnrelatedResourceFormsItsOwnIncident() {
    List<Incident> incidents =
        group(
            List.of(
                anomaly(WEBAPP.id(), "errorRate", ONSET.plusSeconds(120)),
                anomaly(DB.id(), "averageQueryTimeMs", ONSET),
                anomaly(REDIS.id(), "cpuPercent", ONSET.plusSeconds(60))));

    assertThat(incidents).hasSize(2);
    assertThat(incidents.get(0).root()).isEqualTo(DB);
    assertThat(incidents.get(0).linkedSymptoms()).containsExactly(WEBAPP);
    assertThat(incidents.get(1).root()).isEqualTo(REDIS);
    assertThat(incidents.get(1).linkedSymptoms()).isEmpty();
  }

  @Test
  void findingsFurtherApartThanTheWindowAreSeparateIncidents() {
    List<Incident> incidents =
        group(
            List.of(
                anomaly(DB.id(), "averageQueryTimeMs", ONSET),
                anomaly(WEBAPP.id(), "errorRate", ONSET.plus(Duration.ofMinutes(16)))));

    assertThat(incidents).extracting(i -> i.root().id()).containsExactly(DB.id(), WEBAPP.id());
  }

  @Test
  void aCascadeWithinTheWindowOfItsLatestStartFormsOneIncident() {
    List<Incident> incidents =
        group(
            List.of(
                anomaly(DB.id(), "averageQueryTimeMs", ONSET),
                anomaly(WEBAPP.id(), "errorRate", ONSET.plus(Duration.ofMinutes(10))),
                anomaly(GATEWAY.id(), "p95ResponseTimeMs", ONSET.plus(Duration.ofMinutes(20)))));

    assertThat(incidents).singleElement().satisfies(i -> assertThat(i.root()).isEqualTo(DB));
  }

  @Test
  void aLongChainOfCloseStartsOnTheSameResourcesStaysOneIncident() {
    List<Anomaly> chain = new ArrayList<>();
    List<String> path = List.of(DB.id(), WEBAPP.id(), GATEWAY.id());
    for (int i = 0; i < 19; i++) {
      chain.add(anomaly(path.get(i % 3), "m" + i, ONSET.plus(Duration.ofMinutes(10L * i))));
    }

    List<Incident> incidents = group(chain);

    assertThat(incidents).singleElement();
    assertThat(incidents.get(0).root()).isEqualTo(DB);
    assertThat(incidents.get(0).anomalies()).hasSize(19);
    assertThat(incidents.get(0).window())
        .isEqualTo(new TimeRange(ONSET, ONSET.plus(Duration.ofMinutes(180)).plusSeconds(1)));
  }

  /** Findings every five minutes on the database and the web app behind it, for two hours. */
  private static List<Anomaly> sustained(Instant from) {
    List<Anomaly> findings = new ArrayList<>();
    for (int minute = 0; minute <= 120; minute += 5) {
      findings.add(anomaly(DB.id(), "averageQueryTimeMs", from.plus(Duration.ofMinutes(minute))));
      findings.add(
          anomaly(WEBAPP.id(), "errorRate", from.plus(Duration.ofMinutes(minute)).plusSeconds(60)));
    }
    return findings;
  }

  @Test
  void aSustainedFailureOfOneRootLastingTwoHoursIsOneIncident() {
    List<Incident> incidents = group(sustained(ONSET));

    assertThat(incidents).singleElement();
    Incident incident = incidents.get(0);
    assertThat(incident.root()).isEqualTo(DB);
    assertThat(incident.linkedSymptoms()).containsExactly(WEBAPP);
    assertThat(incident.anomalies()).hasSize(50);
    assertThat(incident.window().to())
        .isEqualTo(ONSET.plus(Duration.ofMinutes(121)).plusSeconds(1));
  }

  @Test
  void twoFailuresOfTheSameResourcesHoursApartAreTwoIncidents() {
    List<Anomaly> findings = new ArrayList<>();
    for (Instant start : List.of(ONSET, ONSET.plus(Duration.ofHours(3)))) {
      for (int minute = 0; minute <= 20; minute += 5) {
        findings.add(
            anomaly(DB.id(), "averageQueryTimeMs", start.plus(Duration.ofMinutes(minute))));
        findings.add(anomaly(WEBAPP.id(), "errorRate", start.plus(Duration.ofMinutes(minute + 1))));
      }
    }

    List<Incident> incidents = group(findings);

    assertThat(incidents)
        .extracting(Incident::onset)
        .containsExactly(ONSET, ONSET.plus(Duration.ofHours(3)));
    assertThat(incidents).allSatisfy(i -> assertThat(i.root()).isEqualTo(DB));
    assertThat(incidents).allSatisfy(i -> assertThat(i.anomalies()).hasSize(10));
  }

  @Test
  void aResourceThatBeginsToFailMoreThanFourWindowsIntoAnOutageOpensItsOwnIncident() {
    List<Anomaly> findings = new ArrayList<>(sustained(ONSET));
    Instant late = ONSET.plus(Duration.ofMinutes(90));
    findings.add(anomaly(GATEWAY.id(), "p95ResponseTimeMs", late));

    List<Incident> incidents = group(findings);

    assertThat(incidents).hasSize(2);
    assertThat(incidents.get(0).root()).isEqualTo(DB);
    assertThat(incidents.get(0).anomalies()).hasSize(50);
    assertThat(incidents.get(1).root()).isEqualTo(GATEWAY);
    assertThat(incidents.get(1).onset()).isEqualTo(late);
  }

  @Test
  void theIncidentsAreTheSameWhateverTheOrderOfTheFindings() {
    Instant at = ONSET.plusSeconds(60);
    List<Anomaly> anomalies = new ArrayList<>(sustained(ONSET));
    anomalies.add(anomaly(DB.id(), "cpuPercent", at));
    anomalies.add(anomaly(DB.id(), "connectionPoolUsage", at));
    anomalies.add(anomaly(WEBAPP.id(), "p95ResponseTimeMs", at));
    anomalies.add(anomaly(REDIS.id(), "cpuPercent", at));
    List<ErrorEvent> errors =
        List.of(
            Scenarios.deadlockError("dl-1", at),
            Scenarios.deadlockError("dl-2", at),
            Scenarios.deadlockError("dl-3", at));
    IncidentGrouper grouper = IncidentGrouper.create(GRAPH);
    List<Incident> reference =
        grouper.group(anomalies, errors, List.of(), e -> Optional.of(DB.id()));

    for (long seed = 1; seed <= 6; seed++) {
      java.util.Random random = new java.util.Random(seed);
      List<Anomaly> a = new ArrayList<>(anomalies);
      List<ErrorEvent> e = new ArrayList<>(errors);
      java.util.Collections.shuffle(a, random);
      java.util.Collections.shuffle(e, random);

      assertThat(grouper.group(a, e, List.of(), x -> Optional.of(DB.id()))).isEqualTo(reference);
    }
    assertThat(reference).hasSize(2);
  }

  @Test
  void aChainOfNeighboursDoesNotPullInResourcesBeyondTheHopLimitOfTheFirst() {
    List<Incident> incidents =
        new IncidentGrouper(GRAPH, Duration.ofMinutes(15), 1)
            .group(
                List.of(
                    anomaly(DB.id(), "averageQueryTimeMs", ONSET),
                    anomaly(WEBAPP.id(), "errorRate", ONSET.plusSeconds(60)),
                    anomaly(GATEWAY.id(), "p95ResponseTimeMs", ONSET.plusSeconds(120))),
                List.of(),
                List.of());

    assertThat(incidents).hasSize(2);
    assertThat(incidents.get(0).root()).isEqualTo(DB);
    assertThat(incidents.get(0).linkedSymptoms()).containsExactly(WEBAPP);
    assertThat(incidents.get(1).root()).isEqualTo(GATEWAY);
    assertThat(incidents.get(1).linkedSymptoms()).isEmpty();
  }

  @Test
  void resourcesBeyondTheHopLimitAreNotGrouped() {
    List<Incident> incidents =
        new IncidentGrouper(GRAPH, Duration.ofMinutes(15), 1)
            .group(
                List.of(
                    anomaly(DB.id(), "averageQueryTimeMs", ONSET),
                    anomaly(GATEWAY.id(), "p95ResponseTimeMs", ONSET.plusSeconds(60))),
                List.of(),
                List.of());

    assertThat(incidents).hasSize(2);
  }

  @Test
  void errorsAndAlertsJoinTheIncidentOfTheirResource() {
    ErrorEvent error = Scenarios.deadlockError("dl-1", ONSET.plusSeconds(30));
    Alert alert =
        new Alert(
            "fp-1",
            "HighErrorRate",
            Alert.Status.FIRING,
            Severity.HIGH,
            Optional.of(WEBAPP.id()),
            ONSET.plusSeconds(180),
            Optional.empty(),
            "alertmanager",
            Map.of(),
            Map.of());

    List<Incident> incidents =
        IncidentGrouper.create(GRAPH)
            .group(
                List.of(anomaly(DB.id(), "averageQueryTimeMs", ONSET)),
                List.of(error),
                List.of(alert),
                e -> Optional.of(DB.id()));

    assertThat(incidents).singleElement();
    assertThat(incidents.get(0).errors()).containsExactly(error);
    assertThat(incidents.get(0).alerts()).containsExactly(alert);
    assertThat(incidents.get(0).involves(WEBAPP.id())).isTrue();
  }

  @Test
  void errorsWithoutAResourceAreLeftOut() {
    ErrorEvent error = Scenarios.deadlockError("dl-1", ONSET);

    assertThat(IncidentGrouper.create(GRAPH).group(List.of(), List.of(error), List.of())).isEmpty();
  }

  @Test
  void rejectsAWindowThatIsNotPositiveAndTooManyHops() {
    assertThatThrownBy(() -> new IncidentGrouper(GRAPH, Duration.ZERO, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("window must be positive, but was PT0S");
    assertThatThrownBy(() -> new IncidentGrouper(GRAPH, Duration.ofMinutes(5), 17))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxHops must be in [0, 16], but was 17");
  }

  private static InMemoryTopologyGraph graph(List<String> ids, String... edges) {
    InMemoryTopologyGraph.Builder builder = InMemoryTopologyGraph.builder();
    ids.forEach(id -> builder.resource(ResourceRef.of(id, "service")));
    for (String edge : edges) {
      String[] ends = edge.split(">");
      builder.dependsOn(ends[0], ends[1], "http");
    }
    return builder.build();
  }

  @Test
  void twoIncidentsWithTheSameRootAndOnsetGetDistinctIdsThatAreTheSameForTheSameInput() {
    InMemoryTopologyGraph graph =
        graph(List.of("A", "B", "C", "D", "X"), "A>B", "C>X", "X>B", "D>C");
    List<Anomaly> anomalies =
        List.of(
            anomaly("A", "errorRate", ONSET),
            anomaly("C", "errorRate", ONSET),
            anomaly("B", "errorRate", ONSET.plusSeconds(60)),
            anomaly("D", "errorRate", ONSET.plusSeconds(840)),
            anomaly("B", "errorRate", ONSET.plusSeconds(1680)));
    IncidentGrouper grouper = IncidentGrouper.create(graph);

    List<Incident> incidents = grouper.group(anomalies, List.of(), List.of());

    long onset = ONSET.getEpochSecond();
    assertThat(incidents).extracting(i -> i.root().id()).containsExactly("B", "B");
    assertThat(incidents)
        .extracting(Incident::id)
        .containsExactly("incident-B-" + onset, "incident-B-" + onset + "-C");
    assertThat(grouper.group(anomalies, List.of(), List.of()))
        .extracting(Incident::id)
        .isEqualTo(incidents.stream().map(Incident::id).toList());
  }

  @Test
  void findingsAtOneInstantAreAnchoredAtTheDeepestResourceNotTheFirstName() {
    InMemoryTopologyGraph graph =
        graph(List.of("A", "B", "C", "D", "E"), "A>B", "B>C", "C>D", "D>E");
    List<Anomaly> anomalies =
        List.of("A", "B", "C", "D", "E").stream()
            .map(id -> anomaly(id, "errorRate", ONSET))
            .toList();

    List<Incident> incidents = IncidentGrouper.create(graph).group(anomalies, List.of(), List.of());

    // E anchors; A lies 4 hops from it, beyond the default 3, so it forms an incident of its own.
    assertThat(incidents).hasSize(2);
    Incident main = incidents.stream().filter(i -> i.involves("D")).findFirst().orElseThrow();
    assertThat(main.root().id()).isEqualTo("E");
    assertThat(main.linkedSymptoms()).extracting(ResourceRef::id).containsExactly("B", "C", "D");
    Incident rest = incidents.stream().filter(i -> i.involves("A")).findFirst().orElseThrow();
    assertThat(rest.root().id()).isEqualTo("A");
    assertThat(rest.linkedSymptoms()).isEmpty();
  }

  @Test
  void aFindingAtTheEndOfTimeGetsAWindowEndingThere() {
    Anomaly last =
        new Anomaly(
            "errorRate", DB.id(), Instant.MAX, Instant.MAX, Severity.HIGH, 10, 50, 12, 0.95, "x");

    List<Incident> incidents = group(List.of(last));

    assertThat(incidents).singleElement();
    assertThat(incidents.get(0).window())
        .isEqualTo(new TimeRange(Instant.MAX.minusSeconds(1), Instant.MAX));
    assertThat(incidents.get(0).onset()).isEqualTo(Instant.MAX);
  }
}
