package io.topdeck.monitoring.neo4j;

import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ResourceRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The resources and edges read in one transaction: immutable, so readers share it freely. */
final class TopologySnapshot {

  private final Map<String, ResourceRef> resources;
  private final Map<String, List<Dependency>> outgoing;
  private final Map<String, List<Dependency>> incoming;
  private final int edgeCount;

  TopologySnapshot(Collection<ResourceRef> resources, Collection<Dependency> edges) {
    Map<String, ResourceRef> byId = new LinkedHashMap<>();
    resources.forEach(r -> byId.put(r.id(), r));
    this.resources = Collections.unmodifiableMap(byId);
    Map<String, List<Dependency>> out = new HashMap<>();
    Map<String, List<Dependency>> in = new HashMap<>();
    for (Dependency d : edges) {
      out.computeIfAbsent(d.fromId(), k -> new ArrayList<>()).add(d);
      in.computeIfAbsent(d.toId(), k -> new ArrayList<>()).add(d);
    }
    this.outgoing = freeze(out);
    this.incoming = freeze(in);
    this.edgeCount = edges.size();
  }

  Map<String, ResourceRef> resources() {
    return resources;
  }

  List<Dependency> outgoing(String id) {
    return outgoing.getOrDefault(id, List.of());
  }

  List<Dependency> incoming(String id) {
    return incoming.getOrDefault(id, List.of());
  }

  int edgeCount() {
    return edgeCount;
  }

  private static Map<String, List<Dependency>> freeze(Map<String, List<Dependency>> map) {
    Map<String, List<Dependency>> frozen = new HashMap<>();
    map.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(frozen);
  }
}
