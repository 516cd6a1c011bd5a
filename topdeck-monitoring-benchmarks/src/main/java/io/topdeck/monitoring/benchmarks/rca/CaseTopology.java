package io.topdeck.monitoring.benchmarks.rca;

import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ResourceRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topology of one incident: its resources and the edges between them.
 *
 * @param resources the resources, ids unique
 * @param edges the edges; both ends are resources of the topology
 */
public record CaseTopology(List<ResourceRef> resources, List<Dependency> edges) {

  /** Validates that ids are unique and that every edge joins two known resources. */
  public CaseTopology {
    resources = List.copyOf(resources);
    edges = List.copyOf(edges);
    Set<String> ids = new HashSet<>();
    for (ResourceRef r : resources) {
      if (!ids.add(r.id())) {
        throw new IllegalArgumentException("Duplicate resource id '" + r.id() + "'");
      }
    }
    for (Dependency d : edges) {
      if (!ids.contains(d.fromId()) || !ids.contains(d.toId())) {
        throw new IllegalArgumentException(
            "Edge " + d.fromId() + " -> " + d.toId() + " refers to an unknown resource");
      }
    }
  }

  /** Returns the resources by id, in order. */
  public Map<String, ResourceRef> byId() {
    Map<String, ResourceRef> map = new LinkedHashMap<>();
    resources.forEach(r -> map.put(r.id(), r));
    return map;
  }

  /** Returns, for each resource id, the ids it depends on through DEPENDS_ON edges. */
  public Map<String, List<String>> dependencies() {
    return adjacency(true);
  }

  /** Returns, for each resource id, the ids that depend on it through DEPENDS_ON edges. */
  public Map<String, List<String>> dependants() {
    return adjacency(false);
  }

  private Map<String, List<String>> adjacency(boolean outgoing) {
    Map<String, List<String>> map = new HashMap<>();
    resources.forEach(r -> map.put(r.id(), new ArrayList<>()));
    for (Dependency d : edges) {
      if (d.type() == Dependency.Type.DEPENDS_ON) {
        map.get(outgoing ? d.fromId() : d.toId()).add(outgoing ? d.toId() : d.fromId());
      }
    }
    return map;
  }
}
