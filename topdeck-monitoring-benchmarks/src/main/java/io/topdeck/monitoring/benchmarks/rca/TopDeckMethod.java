package io.topdeck.monitoring.benchmarks.rca;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.Evidence;
import io.topdeck.monitoring.api.IncidentContext;
import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.MetricSeries;
import io.topdeck.monitoring.api.RootCauseAnalysis;
import io.topdeck.monitoring.api.RootCauseCandidate;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.anomaly.RobustDetector;
import io.topdeck.monitoring.core.anomaly.SeriesAnomalyDetector;
import io.topdeck.monitoring.core.correlation.TopologyErrorCorrelator;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SDK's own analysis ("ours"): builds an {@link InMemoryTopologyGraph} with the case's
 * resources, edges and changes, runs the core's {@link SeriesAnomalyDetector} with the {@link
 * RobustDetector} over every series, and asks {@link TopologyErrorCorrelator#analyze} for the root
 * cause. A generated case holds one hour at 30 s steps, 120 points, fewer than the 256 points of
 * history the default ensemble needs before it judges, so the robust detector (64 points) is used.
 *
 * <p>The context holds the anomalies detected at or after the incident time and the errors from the
 * incident time on. A resource fails when it has such an anomaly or error; its strength is the sum
 * of its anomalies' scores weighted by severity plus half the log10 of its error count. The symptom
 * resource, where the incident is taken to be noticed, is the failing resource that no failing
 * resource depends on and whose own strength plus that of everything it depends on is the largest:
 * the top of the largest failing part of the graph. The correlator ranks that path and every other
 * resource that fails clearly in the context, so a root beside the path (a batch job loading a
 * shared database) or a second, unrelated root is ranked too.
 *
 * <p>The ranking is the correlator's candidates in order; the blamed change is the top candidate's
 * change when its confidence reaches the minimum confidence; the detection time is the earliest
 * detection of an anomaly on a resource the top candidate's evidence names.
 */
public final class TopDeckMethod implements RcaMethod {

  private final double minConfidence;
  private final Set<String> ignoredMetrics;
  private final String name;

  /** Creates the method with the scorer's default minimum confidence for blaming a change. */
  public TopDeckMethod() {
    this(RcaScorer.DEFAULT_MIN_CONFIDENCE);
  }

  /** Creates the method; a change is blamed when the top candidate's confidence reaches it. */
  public TopDeckMethod(double minConfidence) {
    this("topdeck", minConfidence, Set.of());
  }

  /**
   * Creates a variant that runs no detector on the metrics named in {@code ignoredMetrics}: an
   * ablation that shows how much of the result those series' anomalies decide.
   */
  public TopDeckMethod(String name, double minConfidence, Set<String> ignoredMetrics) {
    this.name = name;
    this.minConfidence = minConfidence;
    this.ignoredMetrics = Set.copyOf(ignoredMetrics);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RcaResult analyze(RcaInput input) {
    InMemoryTopologyGraph graph = graph(input);
    Instant incident = input.incidentTime();
    long[] times = input.metrics().times();
    Instant end = Instant.ofEpochSecond(times[times.length - 1] + 1);
    if (!end.isAfter(incident)) {
      return RcaResult.none();
    }
    List<Anomaly> anomalies = detect(input.metrics(), incident, ignoredMetrics);
    List<ErrorEvent> errors =
        input.errors().stream().filter(e -> !e.timestamp().isBefore(incident)).toList();
    Optional<String> symptom = symptom(input.topology(), anomalies, errors);
    if (symptom.isEmpty()) {
      return RcaResult.none();
    }
    TopologyErrorCorrelator correlator =
        TopologyErrorCorrelator.builder(graph).clock(Clock.fixed(end, ZoneOffset.UTC)).build();
    TimeRange window = new TimeRange(Instant.ofEpochSecond(times[0]), end);
    RootCauseAnalysis analysis =
        correlator.analyze(
            new IncidentContext(symptom.get(), window, errors, anomalies, List.of())
                .withObservedResources(observed(input)));
    List<RcaResult.Ranked> ranking = new ArrayList<>();
    for (RootCauseCandidate c : analysis.candidates()) {
      ranking.add(new RcaResult.Ranked(c.resource().id(), c.score(), c.confidence()));
    }
    Optional<RootCauseCandidate> top = analysis.rootCause();
    Optional<String> blamed =
        top.filter(c -> c.confidence() >= minConfidence)
            .flatMap(c -> c.change())
            .map(ChangeEvent::id);
    return new RcaResult(ranking, blamed, top.flatMap(c -> detectedAt(c, anomalies)));
  }

  /**
   * Returns the resources that reported anything: a series with at least one point, or an error. A
   * resource whose telemetry is missing altogether is then not taken as one that shows nothing.
   */
  static Set<String> observed(RcaInput input) {
    Set<String> ids = new HashSet<>();
    for (Map.Entry<SeriesKey, double[]> e : input.metrics().series().entrySet()) {
      if (Arrays.stream(e.getValue()).anyMatch(v -> !Double.isNaN(v))) {
        ids.add(e.getKey().resource());
      }
    }
    input.errors().forEach(e -> e.resourceId().ifPresent(ids::add));
    return ids;
  }

  static InMemoryTopologyGraph graph(RcaInput input) {
    InMemoryTopologyGraph.Builder b = InMemoryTopologyGraph.builder();
    b.resources(input.topology().resources());
    input.topology().edges().forEach(b::dependency);
    input.changes().forEach(b::change);
    return b.build();
  }

  /** Returns the anomalies detected at or after {@code from} in every series not ignored. */
  static List<Anomaly> detect(MetricFrame frame, Instant from, Set<String> ignoredMetrics) {
    long[] times = frame.times();
    List<Instant> instants = new ArrayList<>(times.length);
    for (long t : times) {
      instants.add(Instant.ofEpochSecond(t));
    }
    List<Anomaly> found = new ArrayList<>();
    for (Map.Entry<SeriesKey, double[]> e : frame.series().entrySet()) {
      if (ignoredMetrics.contains(e.getKey().metric())) {
        continue;
      }
      double[] v = e.getValue();
      List<MetricPoint> points = new ArrayList<>(v.length);
      for (int i = 0; i < v.length; i++) {
        points.add(new MetricPoint(instants.get(i), v[i]));
      }
      String metric = e.getKey().metric();
      MetricSeries series = new MetricSeries(metric, unit(metric), Map.of(), points);
      for (Anomaly a :
          SeriesAnomalyDetector.detect(e.getKey().resource(), series, RobustDetector::new)) {
        if (!a.detectedAt().isBefore(from)) {
          found.add(a);
        }
      }
    }
    return found;
  }

  static String unit(String metric) {
    if (metric.endsWith("_ms")) {
      return "ms";
    }
    if (metric.endsWith("_percent") || metric.equals("connection_pool_usage")) {
      return "percent";
    }
    return "";
  }

  /** Picks where the incident is noticed; see the class comment. */
  static Optional<String> symptom(
      CaseTopology topology, List<Anomaly> anomalies, List<ErrorEvent> errors) {
    Map<String, Double> strength = new HashMap<>();
    for (Anomaly a : anomalies) {
      strength.merge(a.resourceId(), a.score() * (1 + a.severity().ordinal()) / 5.0, Double::sum);
    }
    Map<String, Long> errorCounts = new HashMap<>();
    for (ErrorEvent e : errors) {
      e.resourceId().ifPresent(r -> errorCounts.merge(r, e.count(), Long::sum));
    }
    errorCounts.forEach((r, n) -> strength.merge(r, Math.log10(1 + n) / 2, Double::sum));
    Set<String> known = topology.byId().keySet();
    strength.keySet().retainAll(known);
    if (strength.isEmpty()) {
      return Optional.empty();
    }
    Map<String, List<String>> dependants = topology.dependants();
    Map<String, List<String>> dependencies = topology.dependencies();
    String best = null;
    double bestMass = -1;
    for (String r : new java.util.TreeSet<>(strength.keySet())) {
      if (dependants.get(r).stream().anyMatch(strength::containsKey)) {
        continue;
      }
      double mass = 0;
      for (String d : downstream(r, dependencies)) {
        mass += strength.getOrDefault(d, 0.0);
      }
      if (mass > bestMass) {
        best = r;
        bestMass = mass;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Returns {@code r} and everything it depends on, transitively. */
  private static Set<String> downstream(String r, Map<String, List<String>> dependencies) {
    Set<String> seen = new HashSet<>();
    java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(List.of(r));
    while (!queue.isEmpty()) {
      String next = queue.poll();
      if (seen.add(next)) {
        queue.addAll(dependencies.get(next));
      }
    }
    return seen;
  }

  private static Optional<Instant> detectedAt(RootCauseCandidate top, List<Anomaly> anomalies) {
    Set<String> named = new HashSet<>();
    for (Evidence e : top.evidence()) {
      if (e.kind() == Evidence.Kind.ANOMALY) {
        named.add(e.resourceId());
      }
    }
    return anomalies.stream()
        .filter(a -> named.isEmpty() || named.contains(a.resourceId()))
        .map(Anomaly::detectedAt)
        .min(Comparator.naturalOrder());
  }
}
