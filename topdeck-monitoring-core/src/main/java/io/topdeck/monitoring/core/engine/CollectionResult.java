package io.topdeck.monitoring.core.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The data and the report of one collection run.
 *
 * @param resources the merged data per resource id, for every resource of the plan, in the order
 *     given (the plan's order when the engine builds it); unmodifiable
 * @param report what succeeded, what is partial and what failed
 */
public record CollectionResult(Map<String, ResourceData> resources, CollectionReport report) {

  public CollectionResult {
    // An ordered copy keeps the plan's order, which Map.copyOf would scramble.
    resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
    resources.forEach(
        (id, data) -> {
          Objects.requireNonNull(id, "resource id");
          Objects.requireNonNull(data, "resource data");
        });
    Objects.requireNonNull(report, "report");
  }

  /** Returns the data of resource {@code id}, if the plan had it. */
  public Optional<ResourceData> resource(String id) {
    return Optional.ofNullable(resources.get(id));
  }
}
