package io.topdeck.monitoring.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A change to one or more resources: a deployment, a configuration change, a scaling action or a
 * change of the topology itself.
 *
 * @param id a stable id of the change
 * @param type what kind of change it was
 * @param time when it took effect
 * @param targetResourceIds the resources it changed; at least one
 * @param version the version deployed, when it is a deployment
 * @param previousVersion the version it replaced, when known
 * @param status the outcome the source reported, for example {@code succeeded}; empty if unknown
 * @param description a short human-readable description
 * @param attributes further details (author, pipeline, commit)
 */
public record ChangeEvent(
    String id,
    ChangeType type,
    Instant time,
    List<String> targetResourceIds,
    Optional<String> version,
    Optional<String> previousVersion,
    Optional<String> status,
    String description,
    Map<String, String> attributes) {

  public ChangeEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(previousVersion, "previousVersion");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(description, "description");
    targetResourceIds = List.copyOf(targetResourceIds);
    if (targetResourceIds.isEmpty()) {
      throw new IllegalArgumentException("targetResourceIds must not be empty");
    }
    attributes = Map.copyOf(attributes);
  }

  /** Returns a deployment of {@code version} replacing {@code previousVersion} on one resource. */
  public static ChangeEvent deployment(
      String id, Instant time, String resourceId, String version, String previousVersion) {
    return new ChangeEvent(
        id,
        ChangeType.DEPLOYMENT,
        time,
        List.of(resourceId),
        Optional.of(version),
        Optional.ofNullable(previousVersion),
        Optional.of("succeeded"),
        "Deployed " + version + " to " + resourceId,
        Map.of());
  }

  /** The kinds of change. */
  public enum ChangeType {
    DEPLOYMENT,
    CONFIGURATION,
    SCALING,
    TOPOLOGY,
    OTHER
  }
}
