package io.topdeck.monitoring.core.incident;

import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TopologyGraph;
import io.topdeck.monitoring.core.correlation.TopologyErrorCorrelator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The differences between two snapshots of a topology: edges added and lost, redundancy lost (a
 * resource that had two or more providers of one category and now has one), and changed latency,
 * turned into {@link ChangeEvent.ChangeType#TOPOLOGY} changes so that the correlator weighs them
 * like deployments.
 *
 * <p>An edge is identified by its two ends and its type. Latency is read from the resource
 * attribute {@value #LATENCY_ATTRIBUTE} (milliseconds to reach the resource, as its callers see
 * it), since {@link Dependency} carries none; a change counts when the latency at least doubles or
 * halves and moves by at least {@value #MIN_LATENCY_CHANGE_MS} ms. Known limit: a latency kept per
 * edge rather than per resource cannot be compared until the API carries it.
 *
 * @param edgesAdded edges in the later snapshot only, by source then target
 * @param edgesLost edges in the earlier snapshot only, by source then target
 * @param lostRedundancy resources left with a single provider of a category, by resource
 * @param latencyChanges resources whose latency changed markedly, by resource
 * @since 0.1.0
 */
public record TopologyDiff(
    List<Dependency> edgesAdded,
    List<Dependency> edgesLost,
    List<LostRedundancy> lostRedundancy,
    List<LatencyChange> latencyChanges) {

  /** The resource attribute holding the latency to reach the resource, in milliseconds. */
  public static final String LATENCY_ATTRIBUTE = "latency_ms";

  /** The smallest latency change, in milliseconds, that counts. */
  public static final double MIN_LATENCY_CHANGE_MS = 5;

  public TopologyDiff {
    edgesAdded = List.copyOf(edgesAdded);
    edgesLost = List.copyOf(edgesLost);
    lostRedundancy = List.copyOf(lostRedundancy);
    latencyChanges = List.copyOf(latencyChanges);
  }

  /**
   * A resource that depended on two or more providers of one category and now depends on one.
   *
   * @param resourceId the dependant resource
   * @param category the dependency category, for example {@code cache}
   * @param lostProviders the providers it no longer depends on, sorted
   * @param remainingProvider the one provider left
   */
  public record LostRedundancy(
      String resourceId, String category, List<String> lostProviders, String remainingProvider) {
    public LostRedundancy {
      Objects.requireNonNull(resourceId, "resourceId");
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(remainingProvider, "remainingProvider");
      lostProviders = List.copyOf(lostProviders);
    }
  }

  /**
   * A marked change of the latency to reach a resource.
   *
   * @param resourceId the resource
   * @param beforeMs the earlier latency in milliseconds
   * @param afterMs the later latency in milliseconds
   */
  public record LatencyChange(String resourceId, double beforeMs, double afterMs) {
    public LatencyChange {
      Objects.requireNonNull(resourceId, "resourceId");
    }
  }

  /** Returns the differences from {@code before} to {@code after}. */
  public static TopologyDiff between(TopologyGraph before, TopologyGraph after) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Map<List<Object>, Dependency> old = edges(before);
    Map<List<Object>, Dependency> now = edges(after);
    List<Dependency> added = onlyIn(now, old);
    List<Dependency> lost = onlyIn(old, now);
    Comparator<Dependency> order =
        Comparator.comparing(Dependency::fromId).thenComparing(Dependency::toId);
    added.sort(order);
    lost.sort(order);
    return new TopologyDiff(added, lost, redundancy(before, after), latency(before, after));
  }

  /** Returns whether the snapshots show no difference. */
  public boolean isEmpty() {
    return edgesAdded.isEmpty()
        && edgesLost.isEmpty()
        && lostRedundancy.isEmpty()
        && latencyChanges.isEmpty();
  }

  /**
   * Returns the differences as topology changes at {@code at}, one per lost redundancy (on the
   * dependant, with the lost edges it explains), per other lost or added edge (on its source), and
   * per latency change (on the resource's callers, or the resource when it has none). Each says in
   * the attribute {@link TopologyErrorCorrelator#TOPOLOGY_RESTORE_ATTRIBUTE} what to restore.
   */
  public List<ChangeEvent> toChangeEvents(Instant at, TopologyGraph after) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(after, "after");
    List<ChangeEvent> out = new ArrayList<>();
    Set<String> explained = new TreeSet<>();
    for (LostRedundancy r : lostRedundancy) {
      r.lostProviders().forEach(p -> explained.add(r.resourceId() + "->" + p));
      String lostList = String.join(", ", r.lostProviders());
      out.add(
          change(
              "topology-redundancy-" + r.resourceId() + "-" + r.category(),
              at,
              List.of(r.resourceId()),
              "lost redundancy for "
                  + r.category()
                  + ": "
                  + lostList
                  + " gone, only "
                  + r.remainingProvider()
                  + " left",
              edgeWords(r.resourceId(), r.lostProviders()),
              "lost_redundancy",
              r.remainingProvider()));
    }
    for (Dependency d : edgesLost) {
      if (!explained.contains(d.fromId() + "->" + d.toId())) {
        out.add(
            change(
                "topology-lost-" + d.fromId() + "-" + d.toId(),
                at,
                List.of(d.fromId()),
                "lost its " + d.category() + " dependency on " + d.toId(),
                edgeWords(d.fromId(), List.of(d.toId())),
                "edge_lost",
                ""));
      }
    }
    for (Dependency d : edgesAdded) {
      out.add(
          change(
              "topology-added-" + d.fromId() + "-" + d.toId(),
              at,
              List.of(d.fromId()),
              "new " + d.category() + " dependency on " + d.toId(),
              "the topology without the new dependency " + d.fromId() + " -> " + d.toId(),
              "edge_added",
              ""));
    }
    for (LatencyChange l : latencyChanges) {
      List<String> callers =
          after.dependantsOf(l.resourceId()).stream().map(Dependency::fromId).distinct().toList();
      out.add(
          change(
              "topology-latency-" + l.resourceId(),
              at,
              callers.isEmpty() ? List.of(l.resourceId()) : callers,
              "latency to "
                  + l.resourceId()
                  + " went from "
                  + ms(l.beforeMs())
                  + " to "
                  + ms(l.afterMs()),
              "the previous network path to " + l.resourceId() + " (" + ms(l.beforeMs()) + ")",
              "latency",
              ""));
    }
    return List.copyOf(out);
  }

  private static ChangeEvent change(
      String id,
      Instant at,
      List<String> targets,
      String description,
      String restore,
      String kind,
      String loaded) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(TopologyErrorCorrelator.TOPOLOGY_RESTORE_ATTRIBUTE, restore);
    attributes.put("topology.kind", kind);
    if (!loaded.isEmpty()) {
      attributes.put(TopologyErrorCorrelator.TOPOLOGY_LOADED_ATTRIBUTE, loaded);
    }
    return new ChangeEvent(
        id + "-" + at.getEpochSecond(),
        ChangeEvent.ChangeType.TOPOLOGY,
        at,
        targets,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        description,
        attributes);
  }

  private static String edgeWords(String from, List<String> to) {
    return (to.size() == 1 ? "the dependency " : "the dependencies ")
        + String.join(", ", to.stream().map(t -> from + " -> " + t).toList());
  }

  private static String ms(double v) {
    return String.format(Locale.ROOT, "%.0f ms", v);
  }

  private static List<Dependency> onlyIn(
      Map<List<Object>, Dependency> these, Map<List<Object>, Dependency> notThose) {
    List<Dependency> out = new ArrayList<>();
    these.forEach(
        (key, d) -> {
          if (!notThose.containsKey(key)) {
            out.add(d);
          }
        });
    return out;
  }

  private static Map<List<Object>, Dependency> edges(TopologyGraph graph) {
    Map<List<Object>, Dependency> edges = new LinkedHashMap<>();
    for (ResourceRef r : graph.resources()) {
      for (Dependency d : graph.dependenciesOf(r.id())) {
        edges.putIfAbsent(List.of(d.fromId(), d.toId(), d.type()), d);
      }
    }
    return edges;
  }

  private static List<LostRedundancy> redundancy(TopologyGraph before, TopologyGraph after) {
    List<LostRedundancy> out = new ArrayList<>();
    for (ResourceRef r : before.resources()) {
      Map<String, Set<String>> was = providers(before, r.id());
      if (was.isEmpty() || after.resource(r.id()).isEmpty()) {
        continue;
      }
      Map<String, Set<String>> is = providers(after, r.id());
      was.forEach(
          (category, old) -> {
            Set<String> now = is.getOrDefault(category, Set.of());
            if (old.size() >= 2 && now.size() == 1) {
              List<String> lost = old.stream().filter(p -> !now.contains(p)).sorted().toList();
              out.add(new LostRedundancy(r.id(), category, lost, now.iterator().next()));
            }
          });
    }
    out.sort(Comparator.comparing(LostRedundancy::resourceId));
    return out;
  }

  /** Returns the distinct providers of {@code id} by lowercase category. */
  private static Map<String, Set<String>> providers(TopologyGraph graph, String id) {
    Map<String, Set<String>> byCategory = new TreeMap<>();
    for (Dependency d : graph.dependenciesOf(id)) {
      byCategory
          .computeIfAbsent(d.category().toLowerCase(Locale.ROOT), k -> new TreeSet<>())
          .add(d.toId());
    }
    return byCategory;
  }

  private static List<LatencyChange> latency(TopologyGraph before, TopologyGraph after) {
    List<LatencyChange> out = new ArrayList<>();
    for (ResourceRef r : before.resources()) {
      Optional<ResourceRef> now = after.resource(r.id());
      double was = latencyOf(r);
      double is = now.map(TopologyDiff::latencyOf).orElse(Double.NaN);
      if (Double.isFinite(was)
          && Double.isFinite(is)
          && Math.abs(is - was) >= MIN_LATENCY_CHANGE_MS
          && (is >= 2 * was || is <= was / 2)) {
        out.add(new LatencyChange(r.id(), was, is));
      }
    }
    out.sort(Comparator.comparing(LatencyChange::resourceId));
    return out;
  }

  /** Returns the latency attribute, or NaN when absent or unreadable. */
  private static double latencyOf(ResourceRef r) {
    String v = r.attribute(LATENCY_ATTRIBUTE);
    if (v == null) {
      return Double.NaN;
    }
    try {
      double d = Double.parseDouble(v.trim());
      return d >= 0 ? d : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
