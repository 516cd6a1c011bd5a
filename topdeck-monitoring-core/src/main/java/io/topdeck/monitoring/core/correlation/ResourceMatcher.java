package io.topdeck.monitoring.core.correlation;

import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TopologyGraph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Maps an error to a resource of a snapshot of the topology, by id, attribute, then name. */
final class ResourceMatcher {

  static final double BY_ID = 1.0;
  static final double BY_ATTRIBUTE = 0.8;
  static final double BY_NAME = 0.6;

  /** How an error was attributed; {@code resource} is null when nothing matched. */
  record Match(ResourceRef resource, double confidence, String matchedBy) {
    Optional<ResourceRef> optional() {
      return Optional.ofNullable(resource);
    }
  }

  private final TopologyGraph graph;
  private final List<String> keys;
  private final Map<String, Map<String, List<ResourceRef>>> byAttribute = new HashMap<>();
  private final Map<String, List<ResourceRef>> byName = new HashMap<>();

  ResourceMatcher(TopologyGraph graph, List<String> keys) {
    this.graph = graph;
    this.keys = List.copyOf(keys);
    for (ResourceRef r : graph.resources()) {
      for (String key : this.keys) {
        String value = r.attribute(key);
        if (value != null) {
          byAttribute
              .computeIfAbsent(key, k -> new HashMap<>())
              .computeIfAbsent(value, v -> new ArrayList<>())
              .add(r);
        }
      }
      byName.computeIfAbsent(normalise(r.name()), n -> new ArrayList<>()).add(r);
    }
    byAttribute.values().forEach(m -> m.values().forEach(ResourceMatcher::sortById));
    byName.values().forEach(ResourceMatcher::sortById);
  }

  Match match(ErrorEvent error) {
    Optional<ResourceRef> byId = error.resourceId().flatMap(graph::resource);
    if (byId.isPresent()) {
      return new Match(byId.get(), BY_ID, "resourceId");
    }
    for (String key : keys) {
      String value = error.attributes().get(key);
      List<ResourceRef> found =
          value == null ? null : byAttribute.getOrDefault(key, Map.of()).get(value);
      if (found != null) {
        // Several resources sharing one identity is ambiguous: split the confidence among them.
        return new Match(found.get(0), BY_ATTRIBUTE / found.size(), "attribute " + key);
      }
    }
    List<String> names = new ArrayList<>();
    error.resourceId().ifPresent(names::add);
    keys.stream().map(error.attributes()::get).filter(v -> v != null).forEach(names::add);
    for (String name : names) {
      List<ResourceRef> found = byName.get(normalise(name));
      if (found != null) {
        return new Match(found.get(0), BY_NAME / found.size(), "name");
      }
    }
    return new Match(null, 0, "none");
  }

  private static String normalise(String s) {
    return s.trim().toLowerCase(Locale.ROOT);
  }

  private static void sortById(List<ResourceRef> list) {
    list.sort(Comparator.comparing(ResourceRef::id));
  }
}
