package io.topdeck.monitoring.core.incident;

import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.api.TopologyGraph;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A topology that adds changes to another one: those a platform reported (deployments the graph
 * does not know) and those derived from topology snapshots. A change with the id of one the graph
 * has already is ignored.
 */
final class ChangeOverlayGraph implements TopologyGraph {

  private final TopologyGraph base;
  private final Map<String, List<ChangeEvent>> extra = new HashMap<>();

  ChangeOverlayGraph(TopologyGraph base, Collection<ChangeEvent> changes) {
    this.base = base;
    Set<String> ids = new HashSet<>();
    for (ChangeEvent c : changes) {
      if (ids.add(c.id())) {
        for (String target : c.targetResourceIds()) {
          extra.computeIfAbsent(target, k -> new ArrayList<>()).add(c);
        }
      }
    }
  }

  @Override
  public Optional<ResourceRef> resource(String id) {
    return base.resource(id);
  }

  @Override
  public Collection<ResourceRef> resources() {
    return base.resources();
  }

  @Override
  public List<Dependency> dependenciesOf(String id) {
    return base.dependenciesOf(id);
  }

  @Override
  public List<Dependency> dependantsOf(String id) {
    return base.dependantsOf(id);
  }

  @Override
  public List<ChangeEvent> changes(String resourceId, TimeRange range) {
    List<ChangeEvent> own = base.changes(resourceId, range);
    List<ChangeEvent> more = extra.getOrDefault(resourceId, List.of());
    if (more.isEmpty()) {
      return own;
    }
    Set<String> seen = new HashSet<>();
    List<ChangeEvent> all = new ArrayList<>();
    for (ChangeEvent c : own) {
      if (seen.add(c.id())) {
        all.add(c);
      }
    }
    for (ChangeEvent c : more) {
      if (range.contains(c.time()) && seen.add(c.id())) {
        all.add(c);
      }
    }
    all.sort(Comparator.comparing(ChangeEvent::time));
    return List.copyOf(all);
  }
}
