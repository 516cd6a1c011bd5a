package io.topdeck.monitoring.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One fact that supports (positive weight) or weakens (negative weight) a root-cause candidate.
 *
 * @param kind what sort of fact it is
 * @param resourceId the resource the fact is about
 * @param at when it was observed, when it has a time
 * @param weight its contribution to the candidate's score
 * @param description the fact in words
 */
public record Evidence(
    Kind kind, String resourceId, Optional<Instant> at, double weight, String description) {

  public Evidence {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(description, "description");
    if (!Double.isFinite(weight)) {
      throw new IllegalArgumentException("weight must be finite, but was " + weight);
    }
  }

  /** Kinds of evidence. */
  public enum Kind {
    ANOMALY,
    ERROR,
    CHANGE,
    ERROR_SIGNATURE,
    SATURATION,
    DEPENDENCY_PATH,
    TIMING,
    EXTERNAL_STATUS
  }
}
