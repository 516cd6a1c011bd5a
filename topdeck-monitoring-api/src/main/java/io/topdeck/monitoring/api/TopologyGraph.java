package io.topdeck.monitoring.api;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The dependency topology: resources, the directed edges between them, and the changes made to
 * them. Implementations are safe for use by several threads.
 */
public interface TopologyGraph {

  /** Returns the resource with {@code id}, if the topology has it. */
  Optional<ResourceRef> resource(String id);

  /** Returns every resource. */
  Collection<ResourceRef> resources();

  /** Returns the edges leaving {@code id}: what it depends on. */
  List<Dependency> dependenciesOf(String id);

  /** Returns the edges entering {@code id}: what depends on it. */
  List<Dependency> dependantsOf(String id);

  /** Returns the changes to {@code resourceId} within {@code range}, oldest first. */
  List<ChangeEvent> changes(String resourceId, TimeRange range);
}
