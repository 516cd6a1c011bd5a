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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Groups anomalies, errors and alerts into incidents: two of them belong to the same incident when
 * they start at most {@code window} apart on the same resource, or on resources at most {@code
 * maxHops} edges apart on one dependency path, in either direction (one depends on the other,
 * directly or through others). Grouping is transitive, so a chain of close starts on a path of
 * resources forms one incident even when its ends lie further apart.
 *
 * <p>Each incident has one root: the member resource with no failing member below it (among what it
 * depends on, within {@code maxHops}), the earliest onset breaking ties; its failing callers are
 * linked to it as symptoms. Findings on resources outside the topology group only with findings on
 * the same resource. Immutable and safe for use by several threads.
 *
 * @since 0.1.0
 */
public final class IncidentGrouper {

  /** The default largest gap between the starts of two findings of one incident. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);

  /** The default largest topology distance between the resources of one incident. */
  public static final int DEFAULT_MAX_HOPS = 3;

  private final TopologyGraph graph;
  private final Duration window;
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
    members.sort(Comparator.comparing(Member::at));
    Map<String, List<Integer>> byResource = new LinkedHashMap<>();
    for (int i = 0; i < members.size(); i++) {
      byResource.computeIfAbsent(members.get(i).resourceId(), k -> new ArrayList<>()).add(i);
    }
    UnionFind sets = new UnionFind(members.size());
    for (Map.Entry<String, List<Integer>> e : byResource.entrySet()) {
      List<Integer> own = e.getValue();
      for (int k = 1; k < own.size(); k++) {
        if (close(members.get(own.get(k - 1)).at(), members.get(own.get(k)).at())) {
          sets.union(own.get(k - 1), own.get(k));
        }
      }
      for (String other : neighbours(e.getKey(), byResource.keySet())) {
        joinClose(members, own, byResource.get(other), sets);
      }
    }
    Map<Integer, List<Member>> components = new LinkedHashMap<>();
    for (int i = 0; i < members.size(); i++) {
      components.computeIfAbsent(sets.find(i), k -> new ArrayList<>()).add(members.get(i));
    }
    List<Incident> incidents = new ArrayList<>();
    components.values().forEach(c -> incidents.add(incident(c)));
    incidents.sort(Comparator.comparing(Incident::onset).thenComparing(Incident::id));
    return List.copyOf(incidents);
  }

  /** A finding placed on a resource at a time. */
  private record Member(String resourceId, Instant at, Object finding) {}

  private boolean close(Instant a, Instant b) {
    return Duration.between(a, b).abs().compareTo(window) <= 0;
  }

  /** Unions every member of {@code a} with each member of {@code b} that starts close to it. */
  private void joinClose(List<Member> members, List<Integer> a, List<Integer> b, UnionFind sets) {
    int lo = 0;
    for (int i : a) {
      Instant t = members.get(i).at();
      while (lo < b.size() && members.get(b.get(lo)).at().isBefore(t.minus(window))) {
        lo++;
      }
      for (int k = lo; k < b.size() && !members.get(b.get(k)).at().isAfter(t.plus(window)); k++) {
        sets.union(i, b.get(k));
      }
    }
  }

  /**
   * Returns the other failing resources on a dependency path through {@code id} within {@code
   * maxHops} edges: what it depends on, and what depends on it. Siblings that merely share a caller
   * (two services behind one gateway) are not neighbours.
   */
  private List<String> neighbours(String id, Set<String> failing) {
    if (maxHops == 0 || graph.resource(id).isEmpty()) {
      return List.of();
    }
    Set<String> found = new LinkedHashSet<>();
    for (Topology.Direction d : Topology.Direction.values()) {
      for (Topology.Hop hop : Topology.walk(graph, id, d, maxHops)) {
        if (failing.contains(hop.resourceId())) {
          found.add(hop.resourceId());
        }
      }
    }
    return List.copyOf(found);
  }

  private Incident incident(List<Member> members) {
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
    return new Incident(
        "incident-" + root + "-" + onset.getEpochSecond(),
        ref(root),
        onset,
        new TimeRange(onset, last.plusSeconds(1)),
        anomalies,
        errors,
        alerts,
        linked);
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

  private ResourceRef ref(String id) {
    return graph.resource(id).orElseGet(() -> ResourceRef.of(id, "unknown"));
  }

  /** Disjoint sets of member indexes, with path halving. */
  private static final class UnionFind {
    private final int[] parent;

    UnionFind(int n) {
      parent = new int[n];
      for (int i = 0; i < n; i++) {
        parent[i] = i;
      }
    }

    int find(int i) {
      while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
      }
      return i;
    }

    void union(int a, int b) {
      int ra = find(a);
      int rb = find(b);
      if (ra != rb) {
        parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
    }
  }
}
