package io.topdeck.monitoring.core.topology;

import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.TopologyGraph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Breadth-first walks over any {@link TopologyGraph}. Each resource is visited at most once, so
 * cycles end the walk instead of looping.
 *
 * @since 0.1.0
 */
public final class Topology {

  /** No instances. */
  private Topology() {}

  /** Which way a walk follows the edges. */
  public enum Direction {
    /** From a resource to what it depends on. */
    DOWNSTREAM,
    /** From a resource to what depends on it. */
    UPSTREAM
  }

  /**
   * One resource reached by a walk.
   *
   * @param resourceId the resource reached
   * @param depth the number of edges from the start, at least 1
   * @param via the edge the walk first reached it through
   */
  public record Hop(String resourceId, int depth, Dependency via) {
    public Hop {
      Objects.requireNonNull(resourceId, "resourceId");
      Objects.requireNonNull(via, "via");
    }
  }

  /** Returns the direct dependencies of {@code id}: the resources it depends on. */
  public static List<String> dependencies(TopologyGraph graph, String id) {
    return graph.dependenciesOf(id).stream().map(Dependency::toId).distinct().toList();
  }

  /** Returns the direct dependants of {@code id}: the resources that depend on it. */
  public static List<String> dependants(TopologyGraph graph, String id) {
    return graph.dependantsOf(id).stream().map(Dependency::fromId).distinct().toList();
  }

  /** Returns every resource {@code id} depends on, directly or not, nearest first. */
  public static List<String> downstream(TopologyGraph graph, String id) {
    return ids(walk(graph, id, Direction.DOWNSTREAM, Integer.MAX_VALUE));
  }

  /** Returns every resource that depends on {@code id}, directly or not, nearest first. */
  public static List<String> upstream(TopologyGraph graph, String id) {
    return ids(walk(graph, id, Direction.UPSTREAM, Integer.MAX_VALUE));
  }

  /**
   * Walks breadth-first from {@code startId} in {@code direction}, up to {@code maxDepth} edges,
   * and returns each resource reached once, nearest first. The start itself is not included, even
   * when a cycle leads back to it.
   *
   * @throws IllegalArgumentException if {@code maxDepth} is negative
   */
  public static List<Hop> walk(
      TopologyGraph graph, String startId, Direction direction, int maxDepth) {
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(startId, "startId");
    Objects.requireNonNull(direction, "direction");
    if (maxDepth < 0) {
      throw new IllegalArgumentException("maxDepth must be >= 0, but was " + maxDepth);
    }
    List<Hop> hops = new ArrayList<>();
    Set<String> visited = new HashSet<>(Set.of(startId));
    Deque<Hop> queue = new ArrayDeque<>();
    enqueue(graph, startId, 1, direction, maxDepth, visited, queue);
    while (!queue.isEmpty()) {
      Hop hop = queue.removeFirst();
      hops.add(hop);
      enqueue(graph, hop.resourceId(), hop.depth() + 1, direction, maxDepth, visited, queue);
    }
    return List.copyOf(hops);
  }

  /** Returns the shortest path of resource ids from {@code fromId} down to {@code toId}. */
  public static Optional<List<String>> pathDown(TopologyGraph graph, String fromId, String toId) {
    if (fromId.equals(toId)) {
      return Optional.of(List.of(fromId));
    }
    List<Hop> hops = walk(graph, fromId, Direction.DOWNSTREAM, Integer.MAX_VALUE);
    java.util.Map<String, Hop> byId = new java.util.HashMap<>();
    hops.forEach(h -> byId.put(h.resourceId(), h));
    if (!byId.containsKey(toId)) {
      return Optional.empty();
    }
    Deque<String> path = new ArrayDeque<>();
    for (String at = toId; !at.equals(fromId); at = byId.get(at).via().fromId()) {
      path.addFirst(at);
    }
    path.addFirst(fromId);
    return Optional.of(List.copyOf(path));
  }

  private static void enqueue(
      TopologyGraph graph,
      String id,
      int depth,
      Direction direction,
      int maxDepth,
      Set<String> visited,
      Deque<Hop> queue) {
    if (depth > maxDepth) {
      return;
    }
    List<Dependency> edges =
        direction == Direction.DOWNSTREAM ? graph.dependenciesOf(id) : graph.dependantsOf(id);
    for (Dependency edge : edges) {
      String next = direction == Direction.DOWNSTREAM ? edge.toId() : edge.fromId();
      if (visited.add(next)) {
        queue.addLast(new Hop(next, depth, edge));
      }
    }
  }

  private static List<String> ids(List<Hop> hops) {
    return hops.stream().map(Hop::resourceId).toList();
  }
}
