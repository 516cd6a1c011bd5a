package io.topdeck.monitoring.benchmarks.nab;

import java.util.Objects;

/**
 * A NAB scoring profile: the weights of true positives, false positives and false negatives.
 *
 * @param name the profile name, e.g. {@code standard}
 * @param tpWeight the reward of a detected window (A_TP)
 * @param fpWeight the cost of a false positive far from any window (A_FP)
 * @param fnWeight the cost of a missed window (A_FN)
 */
public record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight) {

  /** Validates the name and that every weight is finite and not negative. */
  public NabProfile {
    Objects.requireNonNull(name, "name");
    requireWeight(name, "tpWeight", tpWeight);
    requireWeight(name, "fpWeight", fpWeight);
    requireWeight(name, "fnWeight", fnWeight);
  }

  private static void requireWeight(String profile, String field, double weight) {
    if (!Double.isFinite(weight) || weight < 0) {
      throw new IllegalArgumentException(
          "Profile " + profile + ": " + field + " must be finite and >= 0, was " + weight);
    }
  }
}
