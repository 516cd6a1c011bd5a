package io.topdeck.monitoring.core.correlation;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.TopologyGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * How the failures of one incident line up along the topology, computed once per analysis: which
 * resources fail significantly, when each began, which of them touch (the failing part of the graph
 * splits into connected groups, each taken as one incident with its own root), whether a resource's
 * own dependency failed before it did, and how many failing resources a failure that began at a
 * resource could have reached along edges in time order.
 *
 * <p>Two failing resources count as touching only when an edge joins them and their onsets are at
 * most {@link #MAX_HOP_DELAY} apart.
 *
 * <p>Every walk stays inside the significant resources and visits each edge a bounded number of
 * times, so the cost grows with the failing part of the graph, not its square.
 */
final class Propagation {

  /** Failing resources a time-ordered walk reaches at most; the credit grows with its log. */
  static final int MAX_REACHED = 256;

  /**
   * The longest time a failure is taken to need to cross one edge. Callers time out and retry
   * within seconds to a few minutes; two failures further apart on one edge are taken as unrelated,
   * which keeps chance blips on neighbours of a large graph from joining into one incident.
   */
  static final Duration MAX_HOP_DELAY = Duration.ofMinutes(5);

  /** How long after a resource began to fail a caller's rise in demand still counts as first. */
  static final Duration DEMAND_LAG = Duration.ofMinutes(1);

  /**
   * How long, at least, a job's usage rise must have held to stand for the demand it makes (see
   * {@link #demand}), unless it is still going when the telemetry ends. A job that floods a
   * dependency keeps its extra work up for as long as it runs; a CPU burst of a minute or two
   * (garbage collection, a cron tick, a noisy sample the detector keeps flagging briefly) is the
   * commonest noise of a fleet and sends nothing.
   */
  static final Duration SUSTAINED_USAGE = Duration.ofMinutes(5);

  /**
   * How long after a failure was last seen a neighbour's failure can still begin because of it.
   * Callers feel a dependency's failure on their next calls, and a detector flags theirs within a
   * sample or two; a failure that began minutes after the other had passed did not come from it.
   */
  static final Duration PASS_ON_LAG = Duration.ofMinutes(2);

  /** The number of resources showing nothing that a failure is taken to cross on its way up. */
  static final int MAX_SILENT = 2;

  /** Failing resources by onset, then id, whatever order the graph and the maps list them in. */
  private static final java.util.Comparator<ResourceFacts> BY_ONSET =
      java.util.Comparator.comparing(ResourceFacts::robustOnset).thenComparing(ResourceFacts::id);

  private final Map<String, ResourceFacts> significant = new HashMap<>();
  private final Map<String, List<String>> failingDependencies = new HashMap<>();
  private final Map<String, List<String>> failingNeighbours = new HashMap<>();
  private final Map<String, List<String>> failingDependants = new HashMap<>();
  private final Map<String, Integer> group = new HashMap<>();
  private final List<Instant> groupOnset = new ArrayList<>();
  private final List<Integer> groupSize = new ArrayList<>();
  private final Map<String, Set<String>> reached = new HashMap<>();
  private final Map<String, List<ResourceFacts>> failedBefore = new HashMap<>();
  private final TopologyGraph graph;

  /** Whether a caller's errors report a dependency's failure (the caller, the dependency's id). */
  private final BiPredicate<ResourceFacts, String> reports;

  /** The last time any anomaly of a significant resource was flagged, when any is known. */
  private final Optional<Instant> lastSeen;

  Propagation(
      TopologyGraph graph,
      Map<String, ResourceFacts> facts,
      BiPredicate<ResourceFacts, String> reports) {
    this.graph = graph;
    this.reports = reports;
    facts.values().stream()
        .filter(ResourceFacts::significant)
        .forEach(f -> significant.put(f.id(), f));
    lastSeen =
        significant.values().stream()
            .flatMap(f -> f.anomalies.stream())
            .flatMap(a -> a.lastSeenAt().stream())
            .max(java.util.Comparator.naturalOrder());
    Map<String, Set<String>> neighbours = new HashMap<>();
    // By id, so that every walk below visits the failing resources in the same order whatever the
    // order of the graph's edges and of the hash maps.
    Set<String> ids = new java.util.TreeSet<>(significant.keySet());
    for (String id : ids) {
      Set<String> below = new java.util.TreeSet<>(below(id));
      failingDependencies.put(id, List.copyOf(below));
      neighbours.computeIfAbsent(id, k -> new HashSet<>()).addAll(below);
      for (String d : below) {
        neighbours.computeIfAbsent(d, k -> new HashSet<>()).add(id);
      }
    }
    for (String id : ids) {
      failingNeighbours.put(
          id, List.copyOf(new java.util.TreeSet<>(neighbours.getOrDefault(id, Set.of()))));
      for (String d : failingDependencies.get(id)) {
        failingDependants.computeIfAbsent(d, k -> new ArrayList<>()).add(id);
      }
    }
    groups();
  }

  /**
   * Returns the significant resources {@code id} depends on, directly or through at most {@link
   * #MAX_SILENT} resources that show nothing (telemetry is often missing in between, and a failure
   * crosses a silent resource), with an onset close enough in time to one of {@code id}'s (see
   * {@link ResourceFacts#clearOnsets}): at most {@link #MAX_HOP_DELAY} per edge between them.
   */
  private Set<String> below(String id) {
    Set<String> found = new HashSet<>();
    Set<String> seen = new HashSet<>(List.of(id));
    List<String> frontier = List.of(id);
    for (int hops = 1; hops <= MAX_SILENT + 1 && !frontier.isEmpty(); hops++) {
      List<String> next = new ArrayList<>();
      Duration bound = MAX_HOP_DELAY.multipliedBy(hops);
      for (String at : frontier) {
        for (Dependency d : graph.dependenciesOf(at)) {
          String to = d.toId();
          if (!seen.add(to)) {
            continue;
          }
          if (!significant.containsKey(to)) {
            next.add(to);
          } else if (closest(id, to).compareTo(bound) <= 0) {
            found.add(to);
          }
        }
      }
      frontier = next;
    }
    return found;
  }

  /** Returns the shortest time between an onset of {@code a} and one of {@code b}. */
  private Duration closest(String a, String b) {
    Duration best = null;
    for (Instant x : significant.get(a).clearOnsets()) {
      for (Instant y : significant.get(b).clearOnsets()) {
        Duration d = Duration.between(x, y).abs();
        best = best == null || d.compareTo(best) < 0 ? d : best;
      }
    }
    return best;
  }

  /** Splits the significant resources into connected groups, ignoring edge direction. */
  private void groups() {
    for (String start : new java.util.TreeSet<>(significant.keySet())) {
      if (group.containsKey(start)) {
        continue;
      }
      int g = groupOnset.size();
      Instant earliest = onset(start);
      int size = 0;
      Deque<String> queue = new ArrayDeque<>(List.of(start));
      group.put(start, g);
      while (!queue.isEmpty()) {
        String id = queue.poll();
        size++;
        Instant at = onset(id);
        earliest = at.isBefore(earliest) ? at : earliest;
        for (String n : failingNeighbours.get(id)) {
          if (group.putIfAbsent(n, g) == null) {
            queue.add(n);
          }
        }
      }
      groupOnset.add(earliest);
      groupSize.add(size);
    }
  }

  boolean significant(String id) {
    return significant.containsKey(id);
  }

  /** Returns when the significant resource {@code id} began to fail. */
  Instant onset(String id) {
    return significant.get(id).robustOnset();
  }

  /** Returns the group of {@code id}, or empty when it does not fail significantly. */
  Optional<Integer> group(String id) {
    return Optional.ofNullable(group.get(id));
  }

  /** Returns the earliest onset in the group of the significant resource {@code id}. */
  Instant groupOnset(String id) {
    return groupOnset.get(group.get(id));
  }

  /** Returns the number of significant resources in the group of {@code id}. */
  int groupSize(String id) {
    Integer g = group.get(id);
    return g == null ? 0 : groupSize.get(g);
  }

  /** Returns whether {@code id} shows the earliest onset of its group, the group being larger. */
  boolean firstInGroup(String id) {
    Integer g = group.get(id);
    return g != null && groupSize.get(g) > 1 && !onset(id).isAfter(groupOnset.get(g));
  }

  /**
   * Returns the significant dependencies of {@code id} (see {@link #below}) that began to fail
   * before it, or at the same time when no more demand arrived at {@code id}. A dependency that
   * {@code id} loads (see {@link #loadedBy}) is left out: its failure is taken as caused by the
   * demand {@code id} sends, which may be flagged up to {@link #DEMAND_LAG} after it, so it cannot
   * also be what {@code id} inherits its failure from; so is one whose failure {@code id} cannot
   * have inherited (see {@link #passesUp}): only busier, or over before {@code id}'s began.
   */
  List<ResourceFacts> failedBefore(String id) {
    if (!significant(id)) {
      return List.of();
    }
    return failedBefore.computeIfAbsent(id, this::findFailedBefore);
  }

  private List<ResourceFacts> findFailedBefore(String id) {
    Instant at = onset(id);
    // Failures travel up the edges, so a dependency that began in the same instant (the same
    // sample, often) is taken to have come first; unless more demand arrived at id, which then
    // explains the dependency instead.
    boolean demand = !demand(id).isEmpty();
    return failingDependencies.get(id).stream()
        .filter(d -> onset(d).isBefore(at) || (!demand && onset(d).equals(at)))
        .filter(d -> passesUp(d, id))
        .filter(d -> !demand || loadedBy(d).stream().noneMatch(c -> c.id().equals(id)))
        .map(significant::get)
        .sorted(BY_ONSET)
        .toList();
  }

  /**
   * Returns the significant callers of {@code id} whose demand rose (see {@link
   * ResourceFacts#demandRise}) no later than {@link #DEMAND_LAG} after {@code id} began to fail: a
   * noisy neighbour or a failing cache loading it from above. A caller whose demand rose only after
   * {@code id} began to fail and whose errors report {@code id}'s failure (timeouts naming it) is
   * retrying a dependency that already failed, not loading it: its retries are the failure's echo.
   */
  List<ResourceFacts> loadedBy(String id) {
    if (!significant(id)) {
      return List.of();
    }
    Instant at = onset(id);
    return failingDependants.getOrDefault(id, List.of()).stream()
        .map(significant::get)
        .filter(c -> !demand(c.id()).isEmpty())
        // Demand is counted per sample, and the latency it causes may be flagged a sample before.
        .filter(c -> !demand(c.id()).get(0).onset().isAfter(at.plus(DEMAND_LAG)))
        .filter(c -> !(demand(c.id()).get(0).onset().isAfter(at) && reports.test(c, id)))
        .sorted(BY_ONSET)
        .toList();
  }

  /**
   * Returns the rises of the demand that the significant resource {@code id} sends its
   * dependencies, earliest first: its throughput rising (see {@link ResourceFacts#demandRise}), or,
   * for a resource nothing calls that is no entry point (a batch job), its resource usage rising
   * while nothing else of it moved (see {@link ResourceFacts#onlyLoad}) and holding for at least
   * {@link #SUSTAINED_USAGE} or until the telemetry ends (see {@link #sustained}). A job makes its
   * own demand, and more work shows as more CPU even when its throughput series is missing; a
   * resource that others call can be busier for their sake instead.
   */
  List<Anomaly> demand(String id) {
    ResourceFacts f = significant.get(id);
    if (f == null) {
      return List.of();
    }
    List<Anomaly> rise = f.demandRise();
    if (!rise.isEmpty()
        || !f.onlyLoad()
        || f.blip()
        || !graph.dependantsOf(id).isEmpty()
        || RootCauseRanker.isIngress(f.resource)) {
      return rise;
    }
    return f.usageRise().stream().filter(this::sustained).toList();
  }

  /** Returns the last time any anomaly of a significant resource was flagged, when any is known. */
  Optional<Instant> lastSeen() {
    return lastSeen;
  }

  /**
   * Returns whether the usage rise {@code a} held for at least {@link #SUSTAINED_USAGE}, or was
   * still flagged within {@link #DEMAND_LAG} of the last anomaly flagged anywhere in the incident
   * (an incident analysed minutes after it began has seen no rise hold for long); true when how
   * long it lasted is unknown.
   */
  private boolean sustained(Anomaly a) {
    if (a.lastSeenAt().isEmpty() || lastSeen.isEmpty()) {
      return true;
    }
    Instant last = a.lastSeenAt().get();
    return Duration.between(a.onset(), last).compareTo(SUSTAINED_USAGE) >= 0
        || !last.plus(DEMAND_LAG).isBefore(lastSeen.get());
  }

  /**
   * Returns whether {@code to} can have inherited the failure of its significant dependency {@code
   * from}: its callers can feel it (see {@link ResourceFacts#felt}) and it was still going when
   * {@code to} began to fail (see {@link #lasted}). Only the second is asked of what a failure
   * reaches (see {@link #reached}): the callers of a resource whose own telemetry shows only load
   * may still report its failure in their errors.
   */
  private boolean passesUp(String from, String to) {
    return significant.get(from).felt() && lasted(from, to);
  }

  /**
   * Returns whether {@code from} was still failing, or had stopped no more than {@link
   * #PASS_ON_LAG} before, when {@code to} began to fail; true when its end is unknown (see {@link
   * ResourceFacts#lastSeen}).
   */
  private boolean lasted(String from, String to) {
    return significant
        .get(from)
        .lastSeen()
        .map(end -> !onset(to).isAfter(end.plus(PASS_ON_LAG)))
        .orElse(true);
  }

  /** Returns the significant dependencies of {@code id}, see {@link #below}. */
  List<String> failingDependencies(String id) {
    return failingDependencies.getOrDefault(id, List.of());
  }

  /**
   * Returns how many other significant resources a failure that began at {@code id} could have
   * reached: those connected to it through significant resources by edges along which the onset
   * never goes back in time, and along which each failure began while the one before it was still
   * going (see {@link #lasted}): up from a resource to those of its callers whose failure a
   * dependency can cause (failures flow up; see {@link ResourceFacts#felt}: a caller left waiting
   * is slower, not only busier), and down to its dependencies only from a resource where more
   * demand arrived (load flows down). At most {@link #MAX_REACHED}. A dependency that a resource
   * loads (see {@link #loadedBy}) counts as reached by it even when flagged up to {@link
   * #DEMAND_LAG} before its demand, as {@link #loadedBy} has it, and so do the callers of a
   * dependency it loads that shows nothing (see {@link #throughSilent}).
   */
  int reached(String id) {
    if (!significant(id)) {
      return 0;
    }
    return Math.min(MAX_REACHED, reachedSet(id).size() - 1);
  }

  /**
   * Returns {@code id} and the significant resources a failure that began at it could have reached
   * (see {@link #reached}); {@code id} alone when it does not fail significantly.
   */
  Set<String> reachedSet(String id) {
    if (!significant(id)) {
      return Set.of(id);
    }
    return reached.computeIfAbsent(id, this::walkForward);
  }

  /**
   * Returns the significant callers of the dependencies of {@code id} that show nothing (their
   * telemetry missing) which began to fail at or after {@code at}, no more than two {@link
   * #MAX_HOP_DELAY} later: the load {@code id} sends a shared dependency reaches that dependency's
   * other callers even when the dependency itself reports nothing.
   */
  private List<String> throughSilent(String id, Instant at) {
    List<String> found = new ArrayList<>();
    for (Dependency d : graph.dependenciesOf(id)) {
      if (significant.containsKey(d.toId())) {
        continue;
      }
      for (Dependency up : graph.dependantsOf(d.toId())) {
        String n = up.fromId();
        if (!n.equals(id)
            && significant.containsKey(n)
            && !onset(n).isBefore(at)
            && !onset(n).isAfter(at.plus(MAX_HOP_DELAY.multipliedBy(2)))) {
          found.add(n);
        }
      }
    }
    return found;
  }

  private Set<String> walkForward(String start) {
    Set<String> seen = new HashSet<>(List.of(start));
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty() && seen.size() <= MAX_REACHED) {
      String id = queue.poll();
      Instant at = onset(id);
      for (String n : failingDependants.getOrDefault(id, List.of())) {
        if (!onset(n).isBefore(at) && lasted(id, n) && significant.get(n).felt() && seen.add(n)) {
          queue.add(n);
        }
      }
      if (demand(id).isEmpty()) {
        continue;
      }
      for (String n : failingDependencies.get(id)) {
        // A dependency that id loads (see loadedBy) may be flagged up to DEMAND_LAG first.
        boolean loaded = loadedBy(n).stream().anyMatch(c -> c.id().equals(id));
        if ((loaded || !onset(n).isBefore(at)) && lasted(id, n) && seen.add(n)) {
          queue.add(n);
        }
      }
      for (String n : throughSilent(id, at)) {
        if (lasted(id, n) && seen.add(n)) {
          queue.add(n);
        }
      }
    }
    return Set.copyOf(seen);
  }
}
