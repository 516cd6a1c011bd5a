package io.topdeck.monitoring.core.topology;

import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.api.TopologyGraph;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link TopologyGraph} held in memory: resources, dependency edges and changes, with adjacency
 * kept in maps so that each lookup costs O(degree). Immutable and safe for use by several threads.
 *
 * @since 0.1.0
 */
public final class InMemoryTopologyGraph implements TopologyGraph {

  private final Map<String, ResourceRef> resources;
  private final Map<String, List<Dependency>> out;
  private final Map<String, List<Dependency>> in;
  private final Map<String, List<ChangeEvent>> changes;

  private InMemoryTopologyGraph(Builder b) {
    this.resources = Collections.unmodifiableMap(new LinkedHashMap<>(b.resources));
    this.out = index(b.dependencies, Dependency::fromId);
    this.in = index(b.dependencies, Dependency::toId);
    Map<String, List<ChangeEvent>> byTarget = new HashMap<>();
    for (ChangeEvent c : b.changes) {
      for (String id : c.targetResourceIds()) {
        byTarget.computeIfAbsent(id, k -> new ArrayList<>()).add(c);
      }
    }
    byTarget.replaceAll(
        (id, list) -> list.stream().sorted(Comparator.comparing(ChangeEvent::time)).toList());
    this.changes = Collections.unmodifiableMap(byTarget);
  }

  /** Returns a new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Optional<ResourceRef> resource(String id) {
    return Optional.ofNullable(resources.get(Objects.requireNonNull(id, "id")));
  }

  /** Returns every resource, in the order they were added. */
  @Override
  public Collection<ResourceRef> resources() {
    return resources.values();
  }

  /** Returns the edges leaving {@code id}, in the order they were added; empty if unknown. */
  @Override
  public List<Dependency> dependenciesOf(String id) {
    return out.getOrDefault(Objects.requireNonNull(id, "id"), List.of());
  }

  /** Returns the edges entering {@code id}, in the order they were added; empty if unknown. */
  @Override
  public List<Dependency> dependantsOf(String id) {
    return in.getOrDefault(Objects.requireNonNull(id, "id"), List.of());
  }

  @Override
  public List<ChangeEvent> changes(String resourceId, TimeRange range) {
    Objects.requireNonNull(range, "range");
    return changes
        .getOrDefault(Objects.requireNonNull(resourceId, "resourceId"), List.of())
        .stream()
        .filter(c -> range.contains(c.time()))
        .toList();
  }

  @Override
  public String toString() {
    int edges = out.values().stream().mapToInt(List::size).sum();
    return "InMemoryTopologyGraph[resources=" + resources.size() + ", edges=" + edges + "]";
  }

  private static Map<String, List<Dependency>> index(
      List<Dependency> edges, java.util.function.Function<Dependency, String> key) {
    Map<String, List<Dependency>> map = new HashMap<>();
    for (Dependency d : edges) {
      map.computeIfAbsent(key.apply(d), k -> new ArrayList<>()).add(d);
    }
    map.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(map);
  }

  /** Builds an {@link InMemoryTopologyGraph}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, ResourceRef> resources = new LinkedHashMap<>();
    private final List<Dependency> dependencies = new ArrayList<>();
    private final List<ChangeEvent> changes = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a resource.
     *
     * @throws IllegalArgumentException if a resource with the same id was added already
     */
    public Builder resource(ResourceRef resource) {
      Objects.requireNonNull(resource, "resource");
      if (resources.putIfAbsent(resource.id(), resource) != null) {
        throw new IllegalArgumentException("Duplicate resource id '" + resource.id() + "'");
      }
      return this;
    }

    /** Adds every resource of {@code resources}. */
    public Builder resources(Collection<ResourceRef> resources) {
      resources.forEach(this::resource);
      return this;
    }

    /** Adds a dependency edge. Both ends must be resources of the graph by {@link #build()}. */
    public Builder dependency(Dependency dependency) {
      dependencies.add(Objects.requireNonNull(dependency, "dependency"));
      return this;
    }

    /** Adds a hard {@link Dependency.Type#DEPENDS_ON} edge of strength 1. */
    public Builder dependsOn(String fromId, String toId, String category) {
      return dependency(new Dependency(fromId, toId, Dependency.Type.DEPENDS_ON, category, 1.0));
    }

    /** Adds a change. Its targets must be resources of the graph by {@link #build()}. */
    public Builder change(ChangeEvent change) {
      changes.add(Objects.requireNonNull(change, "change"));
      return this;
    }

    /**
     * Returns the graph.
     *
     * @throws IllegalArgumentException listing every edge or change that refers to an unknown
     *     resource, and every duplicate edge
     */
    public InMemoryTopologyGraph build() {
      List<String> problems = new ArrayList<>();
      Set<List<Object>> seen = new HashSet<>();
      for (Dependency d : dependencies) {
        for (String end : List.of(d.fromId(), d.toId())) {
          if (!resources.containsKey(end)) {
            problems.add(
                "Dependency "
                    + d.fromId()
                    + " -> "
                    + d.toId()
                    + " refers to unknown resource '"
                    + end
                    + "'");
          }
        }
        if (!seen.add(List.of(d.fromId(), d.toId(), d.type()))) {
          problems.add(
              "Duplicate dependency " + d.fromId() + " -> " + d.toId() + " of type " + d.type());
        }
      }
      for (ChangeEvent c : changes) {
        for (String target : c.targetResourceIds()) {
          if (!resources.containsKey(target)) {
            problems.add("Change '" + c.id() + "' targets unknown resource '" + target + "'");
          }
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      return new InMemoryTopologyGraph(this);
    }
  }
}
