package io.topdeck.monitoring.core.incident;

import java.time.Instant;
import java.util.Objects;

/**
 * What a person noticed, such as "webapp-prod is slow": a resource and a time.
 *
 * @param resourceId the resource that shows the symptom
 * @param at when it was noticed
 * @param description the symptom in words, possibly empty
 * @since 0.1.0
 */
public record Symptom(String resourceId, Instant at, String description) {

  public Symptom {
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(description, "description");
    if (resourceId.isBlank()) {
      throw new IllegalArgumentException("resourceId must not be blank");
    }
  }

  /** Returns a symptom on {@code resourceId} at {@code at} with no description. */
  public static Symptom of(String resourceId, Instant at) {
    return new Symptom(resourceId, at, "");
  }
}
