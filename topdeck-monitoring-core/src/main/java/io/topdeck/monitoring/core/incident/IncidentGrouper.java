package io.topdeck.monitoring.core.incident;

import io.topdeck.monitoring.api.Alert;
import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.api.TopologyGraph;
import io.topdeck.monitoring.core.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Groups anomalies, errors and alerts into incidents by a bounded rule. Findings are taken in order
 * of their start; findings that start at the same instant are taken dependencies first (a resource
 * before the resources that depend on it, so that the deepest becomes the anchor), then by resource
 * id. The first one that joins no incident opens one and becomes its <em>anchor</em>; a later
 * finding joins an incident when all of these hold:
 *
 * <ul>
 *   <li>its resource is the anchor's, or lies at most {@code maxHops} edges from it on one
 *       dependency path, in either direction (one depends on the other, directly or through others;
 *       siblings behind one caller are not near each other);
 *   <li>it starts at most {@code window} after the incident's latest start so far;
 *   <li>its resource already has a finding in the incident, or it starts at most {@value
 *       #MAX_SPAN_WINDOWS} windows after the incident's onset.
 * </ul>
 *
 * <p>When several incidents qualify, one that already holds a finding of the same resource wins,
 * then the one whose anchor is fewest edges away, then the most recently opened. A finding joins at
 * most one incident and incidents never merge, so a chain of loosely related findings (A near B
 * near C) cannot grow one incident without bound: every member lies within {@code maxHops} of the
 * anchor, and every member resource had its first finding within {@value #MAX_SPAN_WINDOWS} windows
 * (1 hour by default) of the onset. A sustained outage, whose resources keep showing findings no
 * more than {@code window} apart, stays one incident however long it lasts; the same resources
 * failing again after a quiet gap longer than {@code window} open a new one. Known limit: a
 * resource that begins to fail more than {@value #MAX_SPAN_WINDOWS} windows into a sustained outage
 * opens an incident of its own, even when the outage caused it; and background findings on an
 * incident's resources that recur within {@code window} of one another keep it open.
 *
 * <p>Each incident has one root: the member resource with no failing member below it (among what it
 * depends on, within {@code maxHops}), the earliest onset breaking ties; its failing callers are
 * linked to it as symptoms. Findings on resources outside the topology group only with findings on
 * the same resource. Known limit: the anchor is the earliest finding, so when a caller's anomaly is
 * detected before the failure below it, the neighbourhood is centred on the caller. A chain longer
 * than {@code maxHops} that fails at one instant is split: the part farther than {@code maxHops}
 * from its deepest resource forms incidents of its own.
 *
 * <p>Incident ids are {@code incident-<root>-<onset epoch second>}; when two incidents of one
 * grouping share that, the later-opened one gets {@code -<anchor>} appended (and, should that clash
 * too, {@code -2}, {@code -3}, ...), so ids are unique within a grouping and the same for the same
 * input. An incident whose last finding starts within a second of {@link Instant#MAX} gets a window
 * ending at {@code Instant.MAX}, starting at the latest one second before it. Immutable and safe
 * for use by several threads.
 *
 * @since 0.1.0
 */
public final class IncidentGrouper {

  /** The default largest gap between the starts of two findings of one incident. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);

  /** The default largest topology distance between the resources of one incident. */
  public static final int DEFAULT_MAX_HOPS = 3;

  /** How many windows after its onset an incident accepts new findings. */
  public static final int MAX_SPAN_WINDOWS = 4;

  /** How deep below a resource to look when ordering findings at the same instant. */
  private static final int ORDER_DEPTH = 16;

  private final TopologyGraph graph;
  private final Duration window;
  private final Duration maxSpan;
  private final int maxHops;

  /**
   * Creates a grouper.
   *
   * @param graph the topology
   * @param window the largest gap between the starts of two grouped findings, positive
   * @param maxHops the largest number of edges between the resources of two grouped findings, 0 to
   *     16
   * @throws IllegalArgumentException if {@code window} is not positive or {@code maxHops} is out of
   *     range
   */
  public IncidentGrouper(TopologyGraph graph, Duration window, int maxHops) {
    this.graph = Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, but was " + window);
    }
    if (maxHops < 0 || maxHops > 16) {
      throw new IllegalArgumentException("maxHops must be in [0, 16], but was " + maxHops);
    }
    this.window = window;
    this.maxSpan =
        window.getSeconds() >= Long.MAX_VALUE / MAX_SPAN_WINDOWS
            ? window
            : window.multipliedBy(MAX_SPAN_WINDOWS);
    this.maxHops = maxHops;
  }

  /** Returns a grouper with a window of 15 minutes and at most 3 hops. */
  public static IncidentGrouper create(TopologyGraph graph) {
    return new IncidentGrouper(graph, DEFAULT_WINDOW, DEFAULT_MAX_HOPS);
  }

  /**
   * Groups findings whose errors carry their resource id; errors without one are left out.
   *
   * @return the incidents, earliest onset first
   */
  public List<Incident> group(
      Collection<Anomaly> anomalies, Collection<ErrorEvent> errors, Collection<Alert> alerts) {
    return group(anomalies, errors, alerts, ErrorEvent::resourceId);
  }

  /**
   * Groups findings, attributing each error to the resource {@code resourceOf} gives; errors it
   * attributes to no resource are left out, as are alerts without a resource.
   *
   * @return the incidents, earliest onset first
   */
  public List<Incident> group(
      Collection<Anomaly> anomalies,
      Collection<ErrorEvent> errors,
      Collection<Alert> alerts,
      Function<ErrorEvent, Optional<String>> resourceOf) {
    List<Member> members = new ArrayList<>();
    anomalies.forEach(a -> members.add(new Member(a.resourceId(), a.onset(), a)));
    for (ErrorEvent e : errors) {
      resourceOf.apply(e).ifPresent(id -> members.add(new Member(id, e.timestamp(), e)));
    }
    for (Alert a : alerts) {
      a.resourceId().ifPresent(id -> members.add(new Member(id, a.startsAt(), a)));
    }
    Map<Instant, Map<String, Integer>> dependedOn = dependedOnAtTheSameTime(members);
    members.sort(
        Comparator.comparing(Member::at)
            .thenComparing(
                (Member m) ->
                    dependedOn.getOrDefault(m.at(), Map.of()).getOrDefault(m.resourceId(), 0))
            .thenComparing(Member::resourceId)
            .thenComparing(Member::key));
    Map<String, Map<String, Integer>> near = new HashMap<>();
    List<Group> groups = new ArrayList<>();
    for (Member m : members) {
      Group joined = join(m, groups, near);
      if (joined == null) {
        joined = new Group(m.resourceId(), m.at(), new ArrayList<>());
        groups.add(joined);
      }
      joined.add(m);
    }
    List<Incident> incidents = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    groups.forEach(g -> incidents.add(incident(g, ids)));
    incidents.sort(Comparator.comparing(Incident::onset).thenComparing(Incident::id));
    return List.copyOf(incidents);
  }

  /**
   * Returns, for each resource with a finding at the same instant as a finding on another resource,
   * how many of those other resources it depends on (within {@value #ORDER_DEPTH} edges). A
   * resource depends on everything its dependencies depend on, so sorting by this count puts a
   * dependency before its callers (outside cycles).
   */
  private Map<Instant, Map<String, Integer>> dependedOnAtTheSameTime(List<Member> members) {
    Map<Instant, Set<String>> byInstant = new HashMap<>();
    members.forEach(
        m -> byInstant.computeIfAbsent(m.at(), t -> new HashSet<>()).add(m.resourceId()));
    Map<Instant, Map<String, Integer>> count = new HashMap<>();
    byInstant.forEach(
        (at, tied) -> {
          if (tied.size() > 1) {
            Map<String, Integer> atCount = count.computeIfAbsent(at, t -> new HashMap<>());
            for (String id : tied) {
              atCount.put(
                  id,
                  (int) below(id, ORDER_DEPTH).stream().distinct().filter(tied::contains).count());
            }
          }
        });
    return count;
  }

  /**
   * Returns the incident {@code m} joins among those that accept it: one that already holds a
   * finding of its resource (a failure goes on), then the one whose anchor is fewest edges away,
   * the most recently opened on a tie; null when none does.
   */
  private Group join(Member m, List<Group> groups, Map<String, Map<String, Integer>> near) {
    Group best = null;
    boolean bestContinues = false;
    int bestHops = Integer.MAX_VALUE;
    for (int g = groups.size() - 1; g >= 0; g--) {
      Group candidate = groups.get(g);
      Integer hops = near.computeIfAbsent(candidate.anchor(), this::hopsFrom).get(m.resourceId());
      if (hops == null || !candidate.accepts(m)) {
        continue;
      }
      boolean continues = candidate.holds(m.resourceId());
      if ((continues && !bestContinues) || (continues == bestContinues && hops < bestHops)) {
        best = candidate;
        bestContinues = continues;
        bestHops = hops;
      }
    }
    return best;
  }

  /** A finding placed on a resource at a time. */
  private record Member(String resourceId, Instant at, Object finding) {

    /**
     * Returns what tells findings of one resource at one instant apart (their kind, then their id,
     * series or values), so that the order of the input does not matter.
     */
    String key() {
      if (finding instanceof Anomaly a) {
        return "1|"
            + a.metricName()
            + "|"
            + a.detectedAt()
            + "|"
            + a.severity()
            + "|"
            + a.score()
            + "|"
            + a.deviation()
            + "|"
            + a.currentValue()
            + "|"
            + a.baselineValue()
            + "|"
            + a.description();
      }
      if (finding instanceof ErrorEvent e) {
        return "2|" + e.id() + "|" + e.exceptionType() + "|" + e.message() + "|" + e.count();
      }
      Alert a = (Alert) finding;
      return "3|" + a.fingerprint() + "|" + a.name() + "|" + a.severity();
    }
  }

  /** An incident being formed: its anchor resource, its onset and its members by start. */
  private final class Group {
    private final String anchor;
    private final Instant onset;
    private final List<Member> members;
    private final Set<String> resources = new HashSet<>();

    Group(String anchor, Instant onset, List<Member> members) {
      this.anchor = anchor;
      this.onset = onset;
      this.members = members;
    }

    boolean holds(String resourceId) {
      return resources.contains(resourceId);
    }

    void add(Member m) {
      members.add(m);
      resources.add(m.resourceId());
    }

    String anchor() {
      return anchor;
    }

    List<Member> members() {
      return members;
    }

    /**
     * Returns whether {@code m} falls in this incident's time bounds: within the window of its
     * latest start, and, on a resource not yet in it, within the span after its onset.
     */
    boolean accepts(Member m) {
      Instant latest = members.get(members.size() - 1).at();
      return Duration.between(latest, m.at()).compareTo(window) <= 0
          && (resources.contains(m.resourceId())
              || Duration.between(onset, m.at()).compareTo(maxSpan) <= 0);
    }
  }

  /**
   * Returns the resources on a dependency path through {@code id} within {@code maxHops} edges,
   * with their distance, {@code id} itself at 0.
   */
  private Map<String, Integer> hopsFrom(String id) {
    Map<String, Integer> hops = new HashMap<>();
    hops.put(id, 0);
    if (maxHops == 0 || graph.resource(id).isEmpty()) {
      return hops;
    }
    for (Topology.Direction d : Topology.Direction.values()) {
      for (Topology.Hop hop : Topology.walk(graph, id, d, maxHops)) {
        hops.merge(hop.resourceId(), hop.depth(), Math::min);
      }
    }
    return hops;
  }

  /**
   * Returns the incident formed by {@code group}, with an id not yet in {@code ids} (which it
   * adds): the root and the onset; on a clash, also the anchor; on a further clash, a sequence
   * number.
   */
  private Incident incident(Group group, Set<String> ids) {
    List<Member> members = group.members();
    Map<String, Instant> firstOnset = new LinkedHashMap<>();
    for (Member m : members) {
      firstOnset.merge(m.resourceId(), m.at(), (x, y) -> x.isBefore(y) ? x : y);
    }
    String root = root(firstOnset);
    Instant onset = members.get(0).at();
    Instant last = members.get(members.size() - 1).at();
    List<Anomaly> anomalies = new ArrayList<>();
    List<ErrorEvent> errors = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    for (Member m : members) {
      if (m.finding() instanceof Anomaly a) {
        anomalies.add(a);
      } else if (m.finding() instanceof ErrorEvent e) {
        errors.add(e);
      } else if (m.finding() instanceof Alert a) {
        alerts.add(a);
      }
    }
    List<ResourceRef> linked =
        firstOnset.entrySet().stream()
            .filter(e -> !e.getKey().equals(root))
            .sorted(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry::getKey))
            .map(e -> ref(e.getKey()))
            .toList();
    String id = "incident-" + root + "-" + onset.getEpochSecond();
    if (!ids.add(id)) {
      String base = id + "-" + group.anchor();
      id = base;
      for (int k = 2; !ids.add(id); k++) {
        id = base + "-" + k;
      }
    }
    // A second past the last start, so the window is never empty; at the end of time, the last
    // second before Instant.MAX.
    TimeRange window =
        last.isBefore(Instant.MAX.minusSeconds(1))
            ? new TimeRange(onset, last.plusSeconds(1))
            : new TimeRange(min(onset, Instant.MAX.minusSeconds(1)), Instant.MAX);
    return new Incident(id, ref(root), onset, window, anomalies, errors, alerts, linked);
  }

  /**
   * Returns the member resource no other member's failure lies below, earliest onset first; when
   * every one has a failing member below (a cycle), the earliest onset.
   */
  private String root(Map<String, Instant> firstOnset) {
    Comparator<String> byOnset =
        Comparator.comparing((String id) -> firstOnset.get(id)).thenComparing(id -> id);
    List<String> ids = new ArrayList<>(firstOnset.keySet());
    Optional<String> deepest =
        ids.stream()
            .filter(id -> below(id, maxHops).stream().noneMatch(firstOnset::containsKey))
            .min(byOnset);
    return deepest.orElseGet(() -> ids.stream().min(byOnset).orElseThrow());
  }

  /** Returns what {@code id} depends on within {@code depth} edges. */
  private List<String> below(String id, int depth) {
    if (graph.resource(id).isEmpty()) {
      return List.of();
    }
    return Topology.walk(graph, id, Topology.Direction.DOWNSTREAM, Math.max(1, depth)).stream()
        .map(Topology.Hop::resourceId)
        .toList();
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private ResourceRef ref(String id) {
    return graph.resource(id).orElseGet(() -> ResourceRef.of(id, "unknown"));
  }
}
