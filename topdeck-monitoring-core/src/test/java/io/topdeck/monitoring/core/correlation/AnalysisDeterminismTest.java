package io.topdeck.monitoring.core.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Alert;
import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.IncidentContext;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.RootCauseAnalysis;
import io.topdeck.monitoring.api.Severity;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The analysis depends on what the context and the topology hold, not on the order they list it in:
 * scores that tie are broken by resource id, then time, then the findings' own ids.
 */
class AnalysisDeterminismTest {

  private static final Instant T = Instant.parse("2026-11-30T14:00:00Z");
  private static final TimeRange WINDOW =
      new TimeRange(T.minus(Duration.ofMinutes(30)), T.plus(Duration.ofMinutes(30)));

  private static final List<ResourceRef> RESOURCES =
      List.of(
          ResourceRef.of("gateway", "api_gateway"),
          ResourceRef.of("web-a", "web_app"),
          ResourceRef.of("web-b", "web_app"),
          ResourceRef.of("db", "sql_database"),
          ResourceRef.of("cache", "redis"),
          ResourceRef.of("worker", "web_app"),
          ResourceRef.of("queue", "service_bus"));

  private static final List<Dependency> EDGES =
      List.of(
          edge("gateway", "web-a", "http"),
          edge("gateway", "web-b", "http"),
          edge("web-a", "db", "database"),
          edge("web-a", "cache", "cache"),
          edge("web-b", "db", "database"),
          edge("web-b", "cache", "cache"),
          edge("worker", "queue", "messaging"));

  /** Changes that tie in time, on one resource and on several. */
  private static final List<ChangeEvent> CHANGES =
      List.of(
          ChangeEvent.deployment("deploy-a", T.minus(Duration.ofMinutes(20)), "web-a", "2", "1"),
          ChangeEvent.deployment("deploy-b", T.minus(Duration.ofMinutes(20)), "web-a", "7", "6"),
          ChangeEvent.deployment("deploy-c", T.minus(Duration.ofMinutes(20)), "web-b", "3", "2"),
          ChangeEvent.deployment("deploy-d", T.minus(Duration.ofMinutes(20)), "db", "9", "8"),
          ChangeEvent.deployment("deploy-e", T.minus(Duration.ofMinutes(20)), "cache", "5", "4"),
          ChangeEvent.deployment("deploy-f", T.minus(Duration.ofMinutes(20)), "queue", "2", "1"));

  private static Dependency edge(String from, String to, String category) {
    return new Dependency(from, to, Dependency.Type.DEPENDS_ON, category, 1.0);
  }

  private static Anomaly anomaly(String metric, String resource, Instant onset, double current) {
    return new Anomaly(
        metric,
        resource,
        onset.plusSeconds(60),
        onset,
        Severity.HIGH,
        10,
        current,
        12,
        0.95,
        metric + " of " + resource + " is " + current);
  }

  private static ErrorEvent timeout(String id, String resource, Instant at) {
    return new ErrorEvent(
        id,
        "test",
        Optional.of(resource),
        at,
        "TimeoutException-" + id,
        "Execution Timeout Expired (" + id + ")",
        "",
        Optional.empty(),
        6,
        OptionalLong.empty(),
        Map.of());
  }

  private static Alert alert(String fingerprint, String resource, Instant at) {
    return new Alert(
        fingerprint,
        "HighLatency-" + fingerprint,
        Alert.Status.FIRING,
        Severity.HIGH,
        Optional.of(resource),
        at,
        Optional.empty(),
        "test",
        Map.of(),
        Map.of());
  }

  /** Findings whose weights and onsets tie across resources, series and events. */
  private static List<Anomaly> anomalies() {
    return List.of(
        anomaly("averageQueryTimeMs", "db", T, 80),
        anomaly("averageQueryTimeMs", "db", T, 90),
        anomaly("cpuPercent", "db", T, 60),
        anomaly("latencyMs", "cache", T, 80),
        anomaly("cpuPercent", "cache", T, 60),
        anomaly("errorRate", "web-a", T.plusSeconds(60), 50),
        anomaly("errorRate", "web-b", T.plusSeconds(60), 50),
        anomaly("p95ResponseTimeMs", "gateway", T.plusSeconds(120), 50),
        anomaly("latencyMs", "worker", T.plusSeconds(300), 50),
        anomaly("depth", "queue", T.plusSeconds(300), 50),
        anomaly("latencyMs", "queue", T.plusSeconds(300), 50));
  }

  private static List<ErrorEvent> errors() {
    return List.of(
        timeout("e1", "db", T.plusSeconds(30)),
        timeout("e2", "db", T.plusSeconds(30)),
        timeout("e3", "cache", T.plusSeconds(30)),
        timeout("e4", "cache", T.plusSeconds(30)),
        timeout("e5", "web-a", T.plusSeconds(90)),
        timeout("e6", "web-b", T.plusSeconds(90)));
  }

  private static List<Alert> alerts() {
    return List.of(
        alert("a1", "gateway", T.plusSeconds(120)), alert("a2", "gateway", T.plusSeconds(120)));
  }

  private static RootCauseAnalysis analyze(
      String symptom,
      List<ResourceRef> resources,
      List<Dependency> edges,
      List<ChangeEvent> changes,
      List<Anomaly> anomalies,
      List<ErrorEvent> errors,
      List<Alert> alerts) {
    InMemoryTopologyGraph.Builder g = InMemoryTopologyGraph.builder();
    resources.forEach(g::resource);
    edges.forEach(g::dependency);
    changes.forEach(g::change);
    TopologyErrorCorrelator correlator =
        TopologyErrorCorrelator.builder(g.build())
            .clock(Clock.fixed(WINDOW.to(), ZoneOffset.UTC))
            .build();
    return correlator.analyze(new IncidentContext(symptom, WINDOW, errors, anomalies, alerts));
  }

  private static <T> List<T> shuffled(List<T> list, Random random) {
    List<T> copy = new ArrayList<>(list);
    Collections.shuffle(copy, random);
    return copy;
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
  void theAnalysisIsTheSameWhateverTheOrderOfItsInput(long seed) {
    RootCauseAnalysis reference =
        analyze("gateway", RESOURCES, EDGES, CHANGES, anomalies(), errors(), alerts());
    Random random = new Random(seed);

    RootCauseAnalysis analysis =
        analyze(
            "gateway",
            shuffled(RESOURCES, random),
            shuffled(EDGES, random),
            shuffled(CHANGES, random),
            shuffled(anomalies(), random),
            shuffled(errors(), random),
            shuffled(alerts(), random));

    assertThat(reference.candidates()).hasSizeGreaterThan(3);
    assertThat(analysis.candidates()).containsExactlyElementsOf(reference.candidates());
    assertThat(analysis.steps()).containsExactlyElementsOf(reference.steps());
    assertThat(analysis).isEqualTo(reference);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 5})
  void theAnalysisIsTheSameWhateverTheOrderOfItsInputInReverse(long seed) {
    RootCauseAnalysis reference =
        analyze("gateway", RESOURCES, EDGES, CHANGES, anomalies(), errors(), alerts());
    Random random = new Random(seed);

    RootCauseAnalysis analysis =
        analyze(
            "gateway",
            reversed(shuffled(RESOURCES, random)),
            reversed(EDGES),
            reversed(CHANGES),
            reversed(anomalies()),
            reversed(errors()),
            reversed(alerts()));

    assertThat(analysis).isEqualTo(reference);
  }

  /**
   * A generated estate of 24 resources in four layers, with anomalies, errors and changes on coarse
   * times and values so that many of them tie.
   */
  private record Generated(
      List<ResourceRef> resources,
      List<Dependency> edges,
      List<ChangeEvent> changes,
      List<Anomaly> anomalies,
      List<ErrorEvent> errors) {

    static Generated of(long seed) {
      Random r = new Random(seed);
      List<ResourceRef> resources = new ArrayList<>();
      List<Dependency> edges = new ArrayList<>();
      String[] types = {"api_gateway", "web_app", "web_app", "sql_database"};
      for (int i = 0; i < 24; i++) {
        resources.add(ResourceRef.of("r" + i, types[i / 6]));
        if (i >= 6) {
          for (int k = 0; k < 2; k++) {
            edges.add(edge("r" + ((i / 6 - 1) * 6 + r.nextInt(6)), "r" + i, "http"));
          }
        }
      }
      List<Dependency> unique = edges.stream().distinct().toList();
      List<ChangeEvent> changes = new ArrayList<>();
      List<Anomaly> anomalies = new ArrayList<>();
      List<ErrorEvent> errors = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        String id = "r" + i;
        if (r.nextInt(4) == 0) {
          changes.add(
              ChangeEvent.deployment(
                  "c" + i, T.minus(Duration.ofMinutes(10L * (1 + r.nextInt(2)))), id, "2", "1"));
        }
        int series = r.nextInt(4);
        for (int k = 0; k < series; k++) {
          anomalies.add(
              anomaly(
                  "m" + r.nextInt(3),
                  id,
                  T.plusSeconds(60L * r.nextInt(4)),
                  10 * (1 + r.nextInt(3))));
        }
        if (r.nextInt(3) == 0) {
          errors.add(timeout("e" + i + "a", id, T.plusSeconds(60L * r.nextInt(3))));
          errors.add(timeout("e" + i + "b", id, T.plusSeconds(60L * r.nextInt(3))));
        }
      }
      return new Generated(resources, unique, changes, anomalies, errors);
    }

    RootCauseAnalysis analyze(Random shuffle) {
      return AnalysisDeterminismTest.analyze(
          "r0",
          shuffle == null ? resources : shuffled(resources, shuffle),
          shuffle == null ? edges : shuffled(edges, shuffle),
          shuffle == null ? changes : shuffled(changes, shuffle),
          shuffle == null ? anomalies : shuffled(anomalies, shuffle),
          shuffle == null ? errors : shuffled(errors, shuffle),
          List.of());
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {42, 43, 44, 45, 46, 47})
  void theAnalysisOfAGeneratedEstateIsTheSameWhateverTheOrderOfItsInput(long seed) {
    Generated estate = Generated.of(seed);
    RootCauseAnalysis reference = estate.analyze(null);

    for (long shuffle = 1; shuffle <= 4; shuffle++) {
      assertThat(estate.analyze(new Random(shuffle))).isEqualTo(reference);
    }
    assertThat(reference.candidates()).isNotEmpty();
  }
}
