package io.topdeck.monitoring.core.anomaly;

/**
 * The bound on the magnitude of values that the detectors do arithmetic with.
 *
 * <p>Differences and sums of two values near {@link Double#MAX_VALUE} overflow to infinity, and
 * infinity minus infinity is NaN, which would leak into scores. Clamping every value to ±{@link
 * #LIMIT} (a quarter of the largest double, about 4.5e307) keeps any difference of two values, and
 * any scaled spread of them, finite. Values beyond the bound are indistinguishable from it: a
 * series that moves only above 4.5e307 looks flat.
 */
final class Magnitudes {

  /** The largest magnitude used in arithmetic: a quarter of {@link Double#MAX_VALUE}. */
  static final double LIMIT = Double.MAX_VALUE / 4;

  private Magnitudes() {}

  /** Returns the finite value clamped to [-{@link #LIMIT}, {@link #LIMIT}]. */
  static double clamp(double value) {
    return Math.max(-LIMIT, Math.min(LIMIT, value));
  }
}
