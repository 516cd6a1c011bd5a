package io.topdeck.monitoring.core.risk;

import java.util.List;

/**
 * A health score from 0 (at risk) to 100 (healthy): 100 plus the weights of its factors, clamped.
 *
 * @param score the score, 0 to 100
 * @param factors the factors, largest effect first
 * @since 0.1.0
 */
public record HealthScore(double score, List<HealthFactor> factors) {

  public HealthScore {
    factors = List.copyOf(factors);
    if (!(score >= 0 && score <= 100)) {
      throw new IllegalArgumentException("score must be in [0, 100], but was " + score);
    }
  }

  /** Returns the score of {@code factors}: 100 plus their weights, clamped to [0, 100]. */
  public static HealthScore of(List<HealthFactor> factors) {
    double sum = factors.stream().mapToDouble(HealthFactor::weight).sum();
    List<HealthFactor> sorted =
        factors.stream()
            .sorted(java.util.Comparator.comparingDouble(f -> -Math.abs(f.weight())))
            .toList();
    return new HealthScore(Math.max(0, Math.min(100, 100 + sum)), sorted);
  }
}
