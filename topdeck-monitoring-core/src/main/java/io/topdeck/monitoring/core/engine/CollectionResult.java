package io.topdeck.monitoring.core.engine;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The data and the report of one collection run.
 *
 * @param resources the merged data per resource id, for every resource of the plan
 * @param report what succeeded, what is partial and what failed
 */
public record CollectionResult(Map<String, ResourceData> resources, CollectionReport report) {

  public CollectionResult {
    resources = Map.copyOf(resources);
    Objects.requireNonNull(report, "report");
  }

  /** Returns the data of resource {@code id}, if the plan had it. */
  public Optional<ResourceData> resource(String id) {
    return Optional.ofNullable(resources.get(id));
  }
}
