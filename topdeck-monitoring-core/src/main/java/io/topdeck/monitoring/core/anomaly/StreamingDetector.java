package io.topdeck.monitoring.core.anomaly;

/**
 * An anomaly detector for one series that sees each point once, in arrival order.
 *
 * <p>Implementations hold the state of exactly one series, are not thread-safe, use O(1) amortized
 * time per point and bounded memory. A non-finite value never enters the state. Finite values of
 * magnitude above {@code Double.MAX_VALUE / 4} (about 4.5e307) are clamped to that bound before any
 * arithmetic, so that no score overflows into NaN; such values are indistinguishable from the
 * bound.
 */
public interface StreamingDetector {

  /**
   * Processes one point and returns its anomaly score, from 0 (normal) to 1 (certainly anomalous).
   * Returns 0 for a non-finite value and while the detector has too little history to judge.
   *
   * @param epochMillis the point's timestamp in milliseconds since the epoch
   * @param value the point's value
   */
  double update(long epochMillis, double value);
}
