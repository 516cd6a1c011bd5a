package io.topdeck.monitoring.core.incident;

import io.topdeck.monitoring.api.Alert;
import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ErrorCorrelator;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.IncidentContext;
import io.topdeck.monitoring.api.MetricSeries;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.RootCauseAnalysis;
import io.topdeck.monitoring.api.Severity;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.api.TopologyGraph;
import io.topdeck.monitoring.core.anomaly.Detectors;
import io.topdeck.monitoring.core.anomaly.SeriesAnomalyDetector;
import io.topdeck.monitoring.core.anomaly.StreamingDetector;
import io.topdeck.monitoring.core.correlation.TopologyErrorCorrelator;
import io.topdeck.monitoring.core.topology.Topology;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the whole chain from a symptom ("webapp-prod is slow") or an alert to a root-cause analysis
 * per incident: it collects the series, errors and changes of the symptom's resource, of what it
 * depends on and of what depends on it, transitively in both directions up to {@code maxDepth}
 * edges (4 by default) and at most {@code maxResources} of them (100 by default), nearest first
 * (then by id, whatever the order of the graph's edges), over {@code [at - lookback, at + after)};
 * detects anomalies in every series with a fresh detector each; groups anomalies, errors and alerts
 * into incidents with an {@link IncidentGrouper}; and asks the correlator for the analysis of each
 * incident, from the incident's most upstream resource (the symptom's, when the incident lies on
 * its path).
 *
 * <p>Changes the platform reports are added to the graph's changes for the analysis, as are the
 * {@linkplain Builder#changes extra changes} given to the builder (topology changes from a {@link
 * TopologyDiff}, say). A platform call that fails is logged, noted in {@link Investigation#gaps()},
 * and the investigation goes on with what it has. Safe for use by several threads when the
 * collector and graph are.
 *
 * <p>When that bound leaves resources out, the investigation says so in {@link
 * Investigation#gaps()} and the log (at INFO), and failures beyond it are neither detected nor
 * linked. Known limits: the callers of the symptom's dependencies (siblings sharing its database,
 * say) are not collected unless they also lie above the symptom; when {@code maxResources} cuts,
 * farther resources go first, whatever their role; the detectors see only the collected range, so a
 * lookback shorter than the detector's warm-up (16 points for the robust detector) finds nothing.
 *
 * @since 0.1.0
 */
public final class IncidentEngine {

  private static final Logger logger = LoggerFactory.getLogger(IncidentEngine.class);

  private final TopologyGraph graph;
  private final MetricsCollector collector;
  private final Function<TopologyGraph, ErrorCorrelator> correlators;
  private final Supplier<? extends StreamingDetector> detectors;
  private final Duration lookback;
  private final Duration after;
  private final Duration step;
  private final Duration changeLookback;
  private final int maxDepth;
  private final int maxResources;
  private final Severity minSeverity;
  private final Duration window;
  private final int maxHops;
  private final List<ChangeEvent> extraChanges;

  private IncidentEngine(Builder b) {
    this.graph = b.graph;
    this.collector = b.collector;
    Clock clock = b.clock;
    Duration changeLookback = b.changeLookback;
    this.correlators =
        b.correlators != null
            ? b.correlators
            : g ->
                TopologyErrorCorrelator.builder(g)
                    .clock(clock)
                    .changeLookback(changeLookback)
                    .build();
    this.detectors = b.detectors;
    this.lookback = b.lookback;
    this.after = b.after;
    this.step = b.step;
    this.changeLookback = b.changeLookback;
    this.maxDepth = b.maxDepth;
    this.maxResources = b.maxResources;
    this.minSeverity = b.minSeverity;
    this.window = b.window;
    this.maxHops = b.maxHops;
    this.extraChanges = List.copyOf(b.extraChanges);
  }

  /** Returns a builder of an engine over {@code graph}, reading data through {@code collector}. */
  public static Builder builder(TopologyGraph graph, MetricsCollector collector) {
    return new Builder(graph, collector);
  }

  /**
   * Investigates {@code alert}: a symptom on its resource at its start, with the alert itself as a
   * finding.
   *
   * @throws IllegalArgumentException if the alert names no resource, or starts so near {@link
   *     Instant#MIN} or {@link Instant#MAX} that the lookbacks or the time after it leave the range
   *     of {@link Instant}
   */
  public Investigation investigate(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    String resourceId =
        alert
            .resourceId()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Alert '" + alert.name() + "' names no resource: nothing to investigate"));
    return run(new Symptom(resourceId, alert.startsAt(), "Alert " + alert.name()), List.of(alert));
  }

  /**
   * Investigates {@code symptom}.
   *
   * @throws IllegalArgumentException if the symptom's resource is not in the topology, or its time
   *     lies so near {@link Instant#MIN} or {@link Instant#MAX} that the lookbacks or the time
   *     after it leave the range of {@link Instant}
   */
  public Investigation investigate(Symptom symptom) {
    Objects.requireNonNull(symptom, "symptom");
    return run(symptom, List.of());
  }

  private Investigation run(Symptom symptom, List<Alert> alerts) {
    ResourceRef start =
        graph
            .resource(symptom.resourceId())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Resource '" + symptom.resourceId() + "' is not in the topology"));
    TimeRange range;
    TimeRange changeRange;
    try {
      range = new TimeRange(symptom.at().minus(lookback), symptom.at().plus(after));
      changeRange = new TimeRange(symptom.at().minus(changeLookback), range.to());
    } catch (DateTimeException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "Symptom time "
              + symptom.at()
              + " leaves no room for the lookback of "
              + lookback
              + ", the change lookback of "
              + changeLookback
              + " and the "
              + after
              + " after it within the supported instants",
          e);
    }
    List<String> gaps = new ArrayList<>();
    List<ResourceRef> resources = scope(start, gaps);
    List<Anomaly> anomalies = new ArrayList<>();
    List<ErrorEvent> errors = new ArrayList<>();
    Map<ErrorEvent, String> errorResource = new IdentityHashMap<>();
    List<ChangeEvent> changes = new ArrayList<>(extraChanges);
    // The resources that reported anything: a caller that reported nothing is not a healthy one.
    Set<String> observed = new HashSet<>();
    for (ResourceRef r : resources) {
      for (MetricSeries s : collect(r, range, gaps)) {
        if (!s.points().isEmpty()) {
          observed.add(r.id());
        }
        SeriesAnomalyDetector.detect(r.id(), s, detectors).stream()
            .filter(a -> a.severity().compareTo(minSeverity) >= 0)
            .forEach(anomalies::add);
      }
      for (ErrorEvent e : read(r, "errors", gaps, () -> collector.errors(r, range))) {
        errors.add(e);
        errorResource.put(e, r.id());
        observed.add(r.id());
      }
      changes.addAll(read(r, "changes", gaps, () -> collector.changes(r, changeRange)));
    }
    // A total order, so that neither the platform's order of series nor of resources shows.
    anomalies.sort(
        Comparator.comparing(Anomaly::onset)
            .thenComparing(Anomaly::resourceId)
            .thenComparing(Anomaly::metricName)
            .thenComparing(Anomaly::detectedAt)
            .thenComparing(Anomaly::description));
    List<Incident> incidents =
        new IncidentGrouper(graph, window, maxHops)
            .group(
                anomalies,
                errors,
                alerts,
                e -> Optional.ofNullable(errorResource.get(e)).or(e::resourceId));
    ErrorCorrelator correlator = correlators.apply(new ChangeOverlayGraph(graph, changes));
    List<IncidentReport> reports = new ArrayList<>();
    for (Incident incident : incidents) {
      String from = analysisStart(incident, start.id());
      RootCauseAnalysis analysis =
          correlator.analyze(
              new IncidentContext(
                      from, range, incident.errors(), incident.anomalies(), incident.alerts())
                  .withObservedResources(observed));
      reports.add(new IncidentReport(incident, analysis));
    }
    reports.sort(
        Comparator.comparing((IncidentReport r) -> !r.incident().involves(start.id()))
            .thenComparing(r -> r.incident().onset())
            .thenComparing(r -> r.incident().id()));
    return new Investigation(symptom, range, resources, anomalies, reports, gaps);
  }

  /**
   * Returns the symptom, then what it depends on and what depends on it, transitively, nearest
   * first (at each distance its dependencies before its callers), within {@code maxDepth} edges and
   * {@code maxResources} resources, then the other callers of its direct dependencies: whether a
   * dependency still serves them tells a dependency that failed from one the symptom cannot reach.
   * When the bound leaves resources out, says so in {@code gaps}.
   */
  private List<ResourceRef> scope(ResourceRef start, List<String> gaps) {
    // By distance, then by id, so that the order of the graph's edges does not decide what the
    // bound keeps; dependencies before callers at one distance (the sort is stable).
    Comparator<Topology.Hop> byDistance =
        Comparator.comparingInt(Topology.Hop::depth).thenComparing(Topology.Hop::resourceId);
    List<Topology.Hop> hops = new ArrayList<>();
    for (Topology.Direction d :
        List.of(Topology.Direction.DOWNSTREAM, Topology.Direction.UPSTREAM)) {
      List<Topology.Hop> walked =
          new ArrayList<>(Topology.walk(graph, start.id(), d, maxDepth + 1));
      walked.sort(byDistance);
      hops.addAll(walked);
    }
    hops.sort(Comparator.comparingInt(Topology.Hop::depth));
    Map<String, ResourceRef> scope = new LinkedHashMap<>();
    scope.put(start.id(), start);
    Set<String> left = new HashSet<>();
    boolean deeper = false;
    for (Topology.Hop hop : hops) {
      if (hop.depth() > maxDepth) {
        deeper |= !scope.containsKey(hop.resourceId());
      } else if (scope.size() < maxResources) {
        graph.resource(hop.resourceId()).ifPresent(r -> scope.putIfAbsent(r.id(), r));
      } else if (!scope.containsKey(hop.resourceId())) {
        left.add(hop.resourceId());
      }
    }
    List<String> dependencies =
        graph.dependenciesOf(start.id()).stream()
            .map(Dependency::toId)
            .distinct()
            .sorted()
            .toList();
    for (String dependency : dependencies) {
      List<String> callers =
          graph.dependantsOf(dependency).stream()
              .map(Dependency::fromId)
              .distinct()
              .sorted()
              .toList();
      for (String caller : callers) {
        if (scope.containsKey(caller)) {
          continue;
        }
        if (scope.size() < maxResources) {
          graph.resource(caller).ifPresent(r -> scope.putIfAbsent(r.id(), r));
        } else {
          left.add(caller);
        }
      }
    }
    if (!left.isEmpty() || deeper) {
      String cut =
          "Scope of "
              + start.id()
              + " cut by its bound ("
              + maxDepth
              + " hops, "
              + maxResources
              + " resources): "
              + (left.isEmpty() ? "" : left.size() + " more within " + maxDepth + " hops")
              + (!left.isEmpty() && deeper ? " and " : "")
              + (deeper ? "resources further away" : "")
              + " not collected";
      logger.info("{}", cut);
      gaps.add(cut);
    }
    return List.copyOf(scope.values());
  }

  /**
   * Returns where the analysis of {@code incident} starts: the symptom's resource when it is a
   * member, else the member that has the most other members below it, so that changes and resources
   * outside the incident's own path are not weighed.
   */
  private String analysisStart(Incident incident, String symptomId) {
    List<String> members = new ArrayList<>();
    members.add(incident.root().id());
    incident.linkedSymptoms().forEach(r -> members.add(r.id()));
    if (members.contains(symptomId)) {
      return symptomId;
    }
    String best = incident.root().id();
    long bestCount = 0;
    for (String m : members) {
      List<String> below = Topology.downstream(graph, m);
      long count = members.stream().filter(below::contains).count();
      if (count > bestCount) {
        best = m;
        bestCount = count;
      }
    }
    return best;
  }

  private List<MetricSeries> collect(ResourceRef r, TimeRange range, List<String> gaps) {
    List<MetricSeries> series = new ArrayList<>();
    if (collector.supports(Signal.APPLICATION)) {
      series.addAll(
          MetricColumns.ofApplication(
              read(
                  r,
                  "application metrics",
                  gaps,
                  () -> collector.applicationMetrics(r, range, step))));
    }
    if (collector.supports(Signal.DATABASE)) {
      series.addAll(
          MetricColumns.ofDatabase(
              read(r, "database metrics", gaps, () -> collector.databaseMetrics(r, range, step))));
    }
    if (collector.supports(Signal.INFRASTRUCTURE)) {
      series.addAll(
          MetricColumns.ofInfrastructure(
              read(
                  r,
                  "infrastructure metrics",
                  gaps,
                  () -> collector.infrastructureMetrics(r, range, step))));
    }
    return series;
  }

  private <T> List<T> read(ResourceRef r, String what, List<String> gaps, Supplier<List<T>> call) {
    try {
      return call.get();
    } catch (MonitoringException e) {
      logger.warn(
          "Failed to read {} of {} from platform {}; investigating without them",
          what,
          r.id(),
          collector.platform(),
          e);
      gaps.add("No " + what + " of " + r.id() + ": " + e.getMessage());
      return List.of();
    }
  }

  /** Builds an {@link IncidentEngine}. Not thread-safe. */
  public static final class Builder {
    private final TopologyGraph graph;
    private final MetricsCollector collector;
    private Function<TopologyGraph, ErrorCorrelator> correlators;
    private Supplier<? extends StreamingDetector> detectors = Detectors::defaultDetector;
    private Duration lookback = Duration.ofHours(6);
    private Duration after = Duration.ofMinutes(1);
    private Duration step = Duration.ofMinutes(1);
    private Duration changeLookback = TopologyErrorCorrelator.DEFAULT_CHANGE_LOOKBACK;
    private int maxDepth = 4;
    private int maxResources = 100;
    private Severity minSeverity = Severity.LOW;
    private Duration window = IncidentGrouper.DEFAULT_WINDOW;
    private int maxHops = IncidentGrouper.DEFAULT_MAX_HOPS;
    private Clock clock = Clock.systemUTC();
    private final List<ChangeEvent> extraChanges = new ArrayList<>();

    private Builder(TopologyGraph graph, MetricsCollector collector) {
      this.graph = Objects.requireNonNull(graph, "graph");
      this.collector = Objects.requireNonNull(collector, "collector");
    }

    /**
     * Sets how the correlator is made from the topology with the collected changes added. Defaults
     * to a {@link TopologyErrorCorrelator} with this builder's clock and change lookback.
     */
    public Builder correlator(Function<TopologyGraph, ErrorCorrelator> factory) {
      this.correlators = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** Sets the detector made for each series. Defaults to {@link Detectors#defaultDetector()}. */
    public Builder detectors(Supplier<? extends StreamingDetector> detectors) {
      this.detectors = Objects.requireNonNull(detectors, "detectors");
      return this;
    }

    /**
     * Sets how much history before the symptom is collected. Defaults to 6 hours.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder lookback(Duration lookback) {
      this.lookback = positive(lookback, "lookback");
      return this;
    }

    /**
     * Sets how much after the symptom is collected. Defaults to 1 minute.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder after(Duration after) {
      this.after = positive(after, "after");
      return this;
    }

    /**
     * Sets the metric step. Defaults to 1 minute.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder step(Duration step) {
      this.step = positive(step, "step");
      return this;
    }

    /**
     * Sets how far before the symptom changes are read and considered. Defaults to 24 hours.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder changeLookback(Duration changeLookback) {
      this.changeLookback = positive(changeLookback, "changeLookback");
      return this;
    }

    /**
     * Sets how far the collection reaches: resources at most {@code maxDepth} edges from the
     * symptom on what it depends on or on what depends on it (transitively), and at most {@code
     * maxResources} resources, the symptom's included, nearest first. Defaults to 4 and 100. What
     * the bound leaves out is noted in {@link Investigation#gaps()}.
     *
     * @throws IllegalArgumentException if {@code maxDepth} is negative or {@code maxResources} is
     *     not positive
     */
    public Builder scope(int maxDepth, int maxResources) {
      if (maxDepth < 0) {
        throw new IllegalArgumentException("maxDepth must be >= 0, but was " + maxDepth);
      }
      if (maxResources < 1) {
        throw new IllegalArgumentException("maxResources must be >= 1, but was " + maxResources);
      }
      this.maxDepth = maxDepth;
      this.maxResources = maxResources;
      return this;
    }

    /**
     * Sets the grouping of findings into incidents (see {@link IncidentGrouper}). Defaults to 15
     * minutes and 3 hops.
     *
     * @throws IllegalArgumentException if {@code window} is not positive or {@code maxHops} is not
     *     in [0, 16]
     */
    public Builder grouping(Duration window, int maxHops) {
      new IncidentGrouper(graph, window, maxHops);
      this.window = window;
      this.maxHops = maxHops;
      return this;
    }

    /** Sets the least severity an anomaly needs to count. Defaults to {@link Severity#LOW}. */
    public Builder minSeverity(Severity minSeverity) {
      this.minSeverity = Objects.requireNonNull(minSeverity, "minSeverity");
      return this;
    }

    /** Adds changes the graph and the platform do not know, such as topology changes. */
    public Builder changes(List<ChangeEvent> changes) {
      changes.forEach(c -> extraChanges.add(Objects.requireNonNull(c, "change")));
      return this;
    }

    /** Sets the clock that stamps the analyses. Defaults to UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Returns the engine. */
    public IncidentEngine build() {
      return new IncidentEngine(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, but was " + d);
      }
      return d;
    }
  }
}
