package io.topdeck.monitoring.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an error belongs in the topology.
 *
 * @param error the error correlated
 * @param resource the resource it was attributed to; empty when no resource matched
 * @param confidence how sure the match is, from 0 to 1
 * @param matchedBy how the match was made, for example {@code resourceId}, {@code attribute
 *     role_name}
 * @param dependencyPath the resources from the attributed resource down its dependencies to the
 *     deepest one that is failing as well; starts with {@code resource} when present
 * @param recentChanges changes on that path shortly before the error, most recent first
 */
public record CorrelationResult(
    ErrorEvent error,
    Optional<ResourceRef> resource,
    double confidence,
    String matchedBy,
    List<ResourceRef> dependencyPath,
    List<ChangeEvent> recentChanges) {

  public CorrelationResult {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(matchedBy, "matchedBy");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1], but was " + confidence);
    }
    dependencyPath = List.copyOf(dependencyPath);
    recentChanges = List.copyOf(recentChanges);
  }
}
