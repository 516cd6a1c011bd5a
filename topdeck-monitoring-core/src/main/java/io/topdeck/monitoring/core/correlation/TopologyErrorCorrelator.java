package io.topdeck.monitoring.core.correlation;

import io.topdeck.monitoring.api.Alert;
import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.CorrelationResult;
import io.topdeck.monitoring.api.ErrorCorrelator;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.IncidentContext;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.RootCauseAnalysis;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.api.TopologyGraph;
import io.topdeck.monitoring.core.topology.Topology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An {@link ErrorCorrelator} that reasons over a {@link TopologyGraph}: it attributes errors to
 * resources, walks dependency edges, lines failures up with changes in time, and ranks root-cause
 * candidates. Nothing about particular resources is built in: every finding comes from the graph
 * and the incident context.
 *
 * <p>Attribution, in order: the error's {@code resourceId} when the graph has it (confidence 1.0,
 * matched by {@code resourceId}); an identity attribute of the error equal to the same attribute of
 * a resource (0.8, {@code attribute <key>}); an identity attribute or the resource id equal to a
 * resource's name, ignoring case (0.6, {@code name}); otherwise no resource (0, {@code none}). When
 * several resources match equally, the first by id is chosen and the confidence is divided by their
 * number.
 *
 * <p>Root-cause ranking weighs, for each resource on the symptom's downstream path and each
 * resource that fails clearly anywhere in the context, two hypotheses. "R fails on its own" is
 * supported by R's anomalies (one credit per series, the strongest anomaly scored against the
 * series' own baseline; small counts on a series that rests near zero, such as deadlocks, are
 * judged against a Poisson baseline), its errors and firing alerts, these credits together capped
 * at 3, its error signatures (deadlocks, timeouts), saturation, signals that began within a minute
 * of one another on R (one fault moves several series at once, noise moves them at unrelated
 * times), a usage series (CPU, pool, memory) of R that rose three minutes or more before R's own
 * latency or errors while no more demand arrived (a resource running out of capacity), a throughput
 * rise first on a resource nothing calls (a batch job; when its throughput series is missing, a
 * lasting rise of its CPU or memory alone) whose load failures then follow along its edges (a noisy
 * neighbour), and the order of onsets along the edges: no dependency of R failed before it (a
 * dependency failing in the same instant is taken to have come first; a failure is followed through
 * up to two resources that show nothing), R shows the first onset of its group of touching failures
 * (two failures touch when an edge joins them and their onsets are at most five minutes apart per
 * edge), and how many failures a fault starting at R could have reached, up to its callers and,
 * where more demand arrived at R, down to its dependencies (one R loads may be flagged up to a
 * minute before R's demand) and on to the other callers of a dependency that shows nothing. Errors
 * of failing callers that name R, or deadlock errors of a caller whose only database is R, confirm
 * R's failure: the credit for its place counts in full however faint its own telemetry, unless
 * those errors say the connection failed (a connect timeout, a refused connection, a name that does
 * not resolve) while R reported telemetry showing no fault of its own and serves another caller
 * that shows nothing: the candidate R then names the network path between those callers and R as
 * the fault, with a confidence of at most 0.7. It is weakened when a dependency failed first
 * (unless it only spiked, within a minute, while R's failure held for five minutes or more), when
 * at least half of R's errors (ten or more) name one of its direct dependencies by name or id ("502
 * Bad Gateway from orders-svc": the failure is relayed from below, even when that dependency's
 * telemetry is missing), when a caller's demand rose first (a noisy neighbour, a failed cache
 * loading a database), or when the first sign of trouble on R is more demand (a throughput series
 * rose by a quarter or more before anything but resource usage moved) and R has callers or is an
 * entry point: that demand is sent from outside R. "A change to R caused it" holds only when
 * failures below R, all begun after the change, lead to a resource whose failure is its own, with
 * no newer change of its own, not external, failing in a way a caller can cause (deadlocks,
 * timeouts, exhaustion, saturation, more demand) and for no caller off that path, or when R failed
 * after the change on its own account; otherwise the change scores almost nothing, however recent.
 * Confidence is {@code exp(s - 4.5)} divided by one plus the sum of that term over the hypotheses
 * of the same group of touching failures, so separate failures keep separate confidences and weak
 * evidence gives a low one. When the best hypothesis of a group reaches a confidence of 0.5 against
 * the whole group, it competes only with the failures it could have reached along the edges; the
 * rest of the group goes to the best of the others, a second root, and so on.
 *
 * <p>A resource outside the owner's control (its type or its {@code external} attribute says so, or
 * an edge of category {@code external} leads to it) that fails gets {@code EXTERNAL_STATUS}
 * evidence (its HTTP statuses and timeouts, the callers that wait on it) and the advice to add a
 * circuit breaker and a cache in those callers. A topology change (see {@link
 * #TOPOLOGY_LOADED_ATTRIBUTE}) is supported by {@code SATURATION} evidence when a resource it left
 * carrying more load saturates after it. A change above a resource weakens the resource's own
 * hypothesis only when it is newer than the resource's own latest change. Lists of resources and
 * changes in the steps and evidence name at most 12 and count the rest.
 *
 * <p>The analysis considers the symptom resource, everything it depends on, transitively, and every
 * resource that fails clearly in the context (only the latter when the topology does not know the
 * symptom's resource, a gap its first step states); ties are broken by resource id, then time, then
 * the findings' own ids, so the outcome does not depend on the order of the input; changes count
 * when they fall in the lookback before the onset of their group, so a change made after the
 * failures began (a rollback, say) is not blamed.
 *
 * <p>Known limits: the resource identities of the graph are indexed once, when the correlator is
 * built, so resources added to a live graph later are matched by id only; error signatures are
 * recognised by keywords and vendor codes; paths follow topology edges, not trace spans. Onsets are
 * taken as the detectors report them: when a root and its callers are flagged in the same sample,
 * the ordering rests on the tie rule, and a root whose own change is small while its callers
 * amplify it can be outranked. A root whose evidence is faint (one series moved a little, a slow
 * trend that crosses no threshold in the window) ranks first but with a confidence under 0.5. How
 * long a deviation lasted counts only when the anomalies carry {@code Anomaly.lastSeenAt} (the
 * batch {@code SeriesAnomalyDetector.detect} sets it; anomalies reported as they open do not), as
 * does the level a climbing usage reached ({@code Anomaly.peakValue}, set by the same detector:
 * without it a CPU flagged at 63% on its way to 98% is busy, not saturated), and a detector whose
 * baseline adapts to a lasting shift ends the anomaly early, under-stating it. A second root that
 * the first could have reached along the edges stays in the first one's part and gets a low
 * confidence. A caller slowed by another caller loading a shared dependency that shows nothing is
 * taken as failing on its own, unless the loading caller is a resource nothing calls whose
 * throughput rose first. A change on the only caller of a failing resource is preferred to that
 * resource failing on its own, however long before the change came, even when the caller shows no
 * anomaly. Relayed errors are recognised only when their message names a direct dependency as a
 * whole word; a caller whose errors do not name the dependency, and whose own noise began before
 * the root, can still outrank it. In a large estate, unrelated resources failing by chance at the
 * same time join the root's group and lower its confidence, often under 0.5. Metric names are read
 * with a small generic vocabulary (rate, request, cpu, pool, memory, storage); a series named
 * otherwise counts as an anomaly but not as demand or saturation. The weights were set by hand on
 * generated incidents, not fitted to real ones.
 *
 * @since 0.1.0
 */
public final class TopologyErrorCorrelator implements ErrorCorrelator {

  /** The identity attributes compared between errors and resources, in order of preference. */
  public static final List<String> DEFAULT_IDENTITY_ATTRIBUTES =
      List.of(
          "role_name",
          "cloud_RoleName",
          "service",
          "service.name",
          "job",
          "instance",
          "container",
          "container_name",
          "host");

  /**
   * The attribute of a {@link ChangeEvent.ChangeType#TOPOLOGY} change that says in words what to
   * restore to undo it, for example {@code the dependency checkout -> cache-a}; the recommendation
   * of a blamed topology change then reads "Restore ...".
   */
  public static final String TOPOLOGY_RESTORE_ATTRIBUTE = "topology.restore";

  /**
   * The attribute of a {@link ChangeEvent.ChangeType#TOPOLOGY} change that lists, comma-separated,
   * the resources the change left carrying more load (the one provider left after a loss of
   * redundancy); when one of them saturates after the change, that supports blaming the change.
   */
  public static final String TOPOLOGY_LOADED_ATTRIBUTE = "topology.loaded";

  /** The default time before an error or incident onset in which changes are considered. */
  public static final Duration DEFAULT_CHANGE_LOOKBACK = Duration.ofHours(24);

  /** The longest change lookback accepted, 3650 days. */
  public static final Duration MAX_CHANGE_LOOKBACK = Duration.ofDays(3650);

  private final TopologyGraph graph;
  private final Duration lookback;
  private final Clock clock;
  private final ResourceMatcher matcher;
  private final RootCauseRanker ranker;

  private TopologyErrorCorrelator(Builder b) {
    this.graph = b.graph;
    this.lookback = b.lookback;
    this.clock = b.clock;
    this.matcher = new ResourceMatcher(b.graph, b.identityAttributes);
    this.ranker = new RootCauseRanker(b.graph, b.lookback);
  }

  /** Returns a correlator over {@code graph} with the defaults. */
  public static TopologyErrorCorrelator create(TopologyGraph graph) {
    return builder(graph).build();
  }

  /** Returns a builder of a correlator over {@code graph}. */
  public static Builder builder(TopologyGraph graph) {
    return new Builder(graph);
  }

  /**
   * Attributes {@code error} to a resource; the path is that resource and everything it depends on,
   * nearest first, and the changes are those on the path in the lookback before the error, most
   * recent first.
   */
  @Override
  public CorrelationResult correlate(ErrorEvent error) {
    Objects.requireNonNull(error, "error");
    ResourceMatcher.Match match = matcher.match(error);
    if (match.resource() == null) {
      return new CorrelationResult(
          error, Optional.empty(), 0, match.matchedBy(), List.of(), List.of());
    }
    List<ResourceRef> path = new ArrayList<>();
    path.add(match.resource());
    Topology.downstream(graph, match.resource().id())
        .forEach(id -> graph.resource(id).ifPresent(path::add));
    return result(error, match, path);
  }

  /**
   * Attributes {@code error} like {@link #correlate(ErrorEvent)}, but with the path of {@link
   * #tracePath}: down to the deepest dependency that fails in {@code context}.
   */
  public CorrelationResult correlate(ErrorEvent error, IncidentContext context) {
    Objects.requireNonNull(error, "error");
    ResourceMatcher.Match match = matcher.match(error);
    if (match.resource() == null) {
      return new CorrelationResult(
          error, Optional.empty(), 0, match.matchedBy(), List.of(), List.of());
    }
    return result(error, match, walkFailing(match.resource(), facts(inWindow(context))));
  }

  /**
   * Returns the attributed resource, then at each hop the dependency that fails in {@code context}
   * (has anomalies, errors or firing alerts) with the earliest onset, down to the deepest one.
   * Cycle-safe. Empty when the error matches no resource.
   */
  @Override
  public List<ResourceRef> tracePath(ErrorEvent error, IncidentContext context) {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(context, "context");
    ResourceMatcher.Match match = matcher.match(error);
    if (match.resource() == null) {
      return List.of();
    }
    return walkFailing(match.resource(), facts(inWindow(context)));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Only what happened in the context's window is weighed: errors stamped in it, anomalies whose
   * onset is in it or that began earlier and were detected in it, and alerts firing during it;
   * changes keep their lookback before the onset. An anomaly whose current value and deviation are
   * both NaN or infinite carries no measurement: it is no data, not evidence of a failure, and is
   * not weighed either. A step line says how many events were left out, and why.
   *
   * <p>A symptom resource the topology does not know is a gap, not an error: its dependency path
   * cannot be followed, but the context's findings are still placed in the graph, so the analysis
   * ranks the resources that fail clearly in the context, and its first step states the gap ("The
   * symptom resource '...' is not in the topology: ..."). With nothing failing clearly, it names no
   * root cause. ({@link io.topdeck.monitoring.core.incident.IncidentEngine} refuses such a symptom
   * instead: it has no findings yet and could collect nothing around it.)
   *
   * @throws IllegalArgumentException if the window starts less than the change lookback after
   *     {@link Instant#MIN}
   */
  @Override
  public RootCauseAnalysis analyze(IncidentContext context) {
    Objects.requireNonNull(context, "context");
    IncidentContext weighed = inWindow(context);
    int noData = (int) context.anomalies().stream().filter(a -> !ResourceFacts.measured(a)).count();
    int left =
        context.errors().size()
            + context.anomalies().size()
            + context.alerts().size()
            - weighed.errors().size()
            - weighed.anomalies().size()
            - weighed.alerts().size()
            - noData;
    Optional<String> notWeighed =
        joined(joined(outsideWindow(left), withoutData(noData)), unattributed(weighed));
    return ranker.analyze(weighed, facts(weighed), notWeighed, clock.instant());
  }

  /**
   * Returns {@code context} with only the events of its window, so that a stale anomaly or an error
   * stamped far in the future cannot decide the root cause.
   */
  private IncidentContext inWindow(IncidentContext context) {
    TimeRange window = context.window();
    if (window.from().isBefore(Instant.MIN.plus(lookback))) {
      throw new IllegalArgumentException(
          "the incident window must start at least the change lookback ("
              + lookback
              + ") after "
              + Instant.MIN
              + ", but started at "
              + window.from());
    }
    List<ErrorEvent> errors =
        context.errors().stream().filter(e -> within(window, e.timestamp())).toList();
    List<Anomaly> anomalies =
        context.anomalies().stream()
            .filter(ResourceFacts::measured)
            .filter(
                a ->
                    within(window, a.onset())
                        || (a.onset().isBefore(window.from()) && within(window, a.detectedAt())))
            .toList();
    List<Alert> alerts =
        context.alerts().stream()
            .filter(
                a ->
                    a.startsAt().isBefore(window.to())
                        && a.endsAt().map(end -> !end.isBefore(window.from())).orElse(true))
            .toList();
    if (errors.size() == context.errors().size()
        && anomalies.size() == context.anomalies().size()
        && alerts.size() == context.alerts().size()) {
      return context;
    }
    return new IncidentContext(
        context.symptomResourceId(),
        window,
        errors,
        anomalies,
        alerts,
        context.observedResourceIds());
  }

  private static boolean within(TimeRange window, Instant at) {
    return !at.isBefore(window.from()) && at.isBefore(window.to());
  }

  private static Optional<String> outsideWindow(int count) {
    if (count == 0) {
      return Optional.empty();
    }
    return Optional.of(
        count
            + (count == 1 ? " event" : " events")
            + " outside the window "
            + (count == 1 ? "was" : "were")
            + " not weighed.");
  }

  private static Optional<String> withoutData(int count) {
    if (count == 0) {
      return Optional.empty();
    }
    return Optional.of(
        count
            + (count == 1 ? " anomaly" : " anomalies")
            + " without a finite value (current value and deviation NaN or infinite) "
            + (count == 1 ? "was" : "were")
            + " not weighed: no data.");
  }

  private static Optional<String> joined(Optional<String> first, Optional<String> second) {
    if (first.isEmpty()) {
      return second;
    }
    return Optional.of(second.map(s -> first.get() + " " + s).orElse(first.get()));
  }

  private CorrelationResult result(
      ErrorEvent error, ResourceMatcher.Match match, List<ResourceRef> path) {
    Instant at = error.timestamp();
    // Saturate: an error stamped near Instant.MIN still gets the changes before it, none.
    Instant since = at.isBefore(Instant.MIN.plus(lookback)) ? Instant.MIN : at.minus(lookback);
    if (!at.isAfter(since)) {
      return new CorrelationResult(
          error, match.optional(), match.confidence(), match.matchedBy(), path, List.of());
    }
    TimeRange range = new TimeRange(since, at);
    List<ChangeEvent> changes = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ResourceRef r : path) {
      graph.changes(r.id(), range).stream().filter(c -> seen.add(c.id())).forEach(changes::add);
    }
    changes.sort(Comparator.comparing(ChangeEvent::time).reversed().thenComparing(ChangeEvent::id));
    return new CorrelationResult(
        error, match.optional(), match.confidence(), match.matchedBy(), path, changes);
  }

  private List<ResourceRef> walkFailing(ResourceRef start, Map<String, ResourceFacts> facts) {
    List<ResourceRef> path = new ArrayList<>(List.of(start));
    Set<String> visited = new HashSet<>(Set.of(start.id()));
    String current = start.id();
    while (true) {
      Optional<ResourceFacts> next =
          Topology.dependencies(graph, current).stream()
              .filter(id -> !visited.contains(id))
              .map(facts::get)
              .filter(f -> f != null && f.failing())
              .min(
                  Comparator.<ResourceFacts, Instant>comparing(f -> f.onset().orElseThrow())
                      .thenComparing(Comparator.comparingDouble(ResourceFacts::strength).reversed())
                      .thenComparing(ResourceFacts::id));
      if (next.isEmpty()) {
        return List.copyOf(path);
      }
      path.add(next.get().resource);
      visited.add(next.get().id());
      current = next.get().id();
    }
  }

  /**
   * Groups the context's anomalies, errors and alerts by the resource they belong to, each list in
   * a total order ({@link ResourceFacts#ANOMALY_ORDER} and its kin), so that the analysis does not
   * depend on the order the context lists them in.
   */
  private Map<String, ResourceFacts> facts(IncidentContext context) {
    Map<String, ResourceFacts> facts = new HashMap<>();
    for (Anomaly a : sorted(context.anomalies(), ResourceFacts.ANOMALY_ORDER)) {
      graph.resource(a.resourceId()).ifPresent(r -> factsOf(facts, r).anomalies.add(a));
    }
    for (ErrorEvent e : sorted(context.errors(), ResourceFacts.ERROR_ORDER)) {
      ResourceMatcher.Match m = matcher.match(e);
      if (m.resource() != null) {
        factsOf(facts, m.resource()).errors.add(e);
      }
    }
    for (Alert a : sorted(context.alerts(), ResourceFacts.ALERT_ORDER)) {
      if (a.status() == Alert.Status.FIRING) {
        a.resourceId().flatMap(graph::resource).ifPresent(r -> factsOf(facts, r).alerts.add(a));
      }
    }
    return facts;
  }

  private static <T> List<T> sorted(List<T> list, Comparator<? super T> order) {
    List<T> copy = new ArrayList<>(list);
    copy.sort(order);
    return copy;
  }

  /** Returns a line about what the context holds that no resource of the graph matched. */
  private Optional<String> unattributed(IncidentContext context) {
    long errors =
        context.errors().stream().filter(e -> matcher.match(e).resource() == null).count();
    Set<String> unknown = new java.util.TreeSet<>();
    context.anomalies().stream()
        .map(Anomaly::resourceId)
        .filter(id -> graph.resource(id).isEmpty())
        .forEach(unknown::add);
    if (errors == 0 && unknown.isEmpty()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    if (errors > 0) {
      parts.add(errors + (errors == 1 ? " error matches" : " errors match") + " no resource");
    }
    if (!unknown.isEmpty()) {
      parts.add("anomalies on resources outside the topology: " + String.join(", ", unknown));
    }
    return Optional.of("Not attributed, so not weighed: " + String.join("; ", parts) + ".");
  }

  private static ResourceFacts factsOf(Map<String, ResourceFacts> facts, ResourceRef r) {
    return facts.computeIfAbsent(r.id(), id -> new ResourceFacts(r));
  }

  /** Builds a {@link TopologyErrorCorrelator}. Not thread-safe. */
  public static final class Builder {
    private final TopologyGraph graph;
    private Duration lookback = DEFAULT_CHANGE_LOOKBACK;
    private Clock clock = Clock.systemUTC();
    private List<String> identityAttributes = DEFAULT_IDENTITY_ATTRIBUTES;

    private Builder(TopologyGraph graph) {
      this.graph = Objects.requireNonNull(graph, "graph");
    }

    /**
     * Sets how far before an error or incident onset changes are considered. Defaults to 24 hours.
     *
     * @throws IllegalArgumentException if {@code lookback} is not positive or longer than {@link
     *     #MAX_CHANGE_LOOKBACK}
     */
    public Builder changeLookback(Duration lookback) {
      Objects.requireNonNull(lookback, "lookback");
      if (lookback.isZero()
          || lookback.isNegative()
          || lookback.compareTo(MAX_CHANGE_LOOKBACK) > 0) {
        throw new IllegalArgumentException(
            "lookback must be positive and at most "
                + MAX_CHANGE_LOOKBACK
                + ", but was "
                + lookback);
      }
      this.lookback = lookback;
      return this;
    }

    /** Sets the clock that stamps {@link RootCauseAnalysis#analyzedAt()}. Defaults to UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the identity attributes compared between errors and resources, in order of preference.
     * Defaults to {@link #DEFAULT_IDENTITY_ATTRIBUTES}.
     *
     * @throws IllegalArgumentException if {@code keys} is empty
     */
    public Builder identityAttributes(List<String> keys) {
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("identity attributes must not be empty");
      }
      this.identityAttributes = List.copyOf(keys);
      return this;
    }

    /** Returns the correlator; indexes the graph's resource identities once. */
    public TopologyErrorCorrelator build() {
      return new TopologyErrorCorrelator(this);
    }
  }
}
