package io.topdeck.monitoring.core.risk;

import java.util.Objects;

/**
 * One contribution to a {@link HealthScore}.
 *
 * @param name a short stable name, for example {@code saturation}
 * @param weight the points it adds to the score of 100, negative for a risk
 * @param sentence what was found, in one sentence
 * @since 0.1.0
 */
public record HealthFactor(String name, double weight, String sentence) {

  public HealthFactor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sentence, "sentence");
    if (!Double.isFinite(weight)) {
      throw new IllegalArgumentException("weight must be finite, but was " + weight);
    }
  }
}
