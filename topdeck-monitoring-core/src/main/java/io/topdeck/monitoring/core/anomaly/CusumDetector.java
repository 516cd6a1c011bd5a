package io.topdeck.monitoring.core.anomaly;

/**
 * Detects level shifts with a two-sided CUSUM over robust-standardized values.
 *
 * <p>Each value is standardized against a slowly moving reference (an exponentially weighted mean
 * and mean absolute deviation, which only outlier-free points update) and clipped to ±4, so one
 * spike moves the sums by at most 4 − k. The upper and lower sums accumulate the excess over the
 * allowance {@code k}; the score is 0.5 when a sum reaches the decision interval {@code h}. When a
 * sum passes {@code 2h} the shift is taken as the new normal: the reference jumps to the recent
 * level and the sums restart, so a lasting shift is reported once, not for ever. A point clipped on
 * one side while the other side's sum is still open (the series swinging both ways beyond the
 * scale, as when a constant series turns noisy) still teaches the scale its clipped deviation.
 *
 * <p>Timestamps are not used. Memory: a handful of doubles.
 */
public final class CusumDetector implements StreamingDetector, BaselineAware {

  private static final double CLIP = 4.0;

  private final int minHistory;
  private final double k;
  private final double h;
  private final double alpha;
  private long count;
  private double mean;
  private double scale;
  private double recentMean;
  private double upper;
  private double lower;
  private double lastBaseline = Double.NaN;
  private double lastDeviation = Double.NaN;

  /** Creates a detector with k = 0.5, h = 8, 32 points of history and a reference of ~100. */
  public CusumDetector() {
    this(32, 0.5, 8, 0.01);
  }

  /**
   * Creates a detector.
   *
   * @param minHistory how many finite points must be seen before scoring, at least 2
   * @param k the allowance per point, in robust standard deviations, at least 0
   * @param h the decision interval, positive
   * @param alpha the weight of a new point in the reference, in (0, 1)
   */
  public CusumDetector(int minHistory, double k, double h, double alpha) {
    if (minHistory < 2) {
      throw new IllegalArgumentException("minHistory must be at least 2, but was " + minHistory);
    }
    if (!(k >= 0) || !(h > 0) || Double.isInfinite(k) || Double.isInfinite(h)) {
      throw new IllegalArgumentException(
          "k must be at least 0 and h positive, both finite, but were " + k + " and " + h);
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), but was " + alpha);
    }
    this.minHistory = minHistory;
    this.k = k;
    this.h = h;
    this.alpha = alpha;
  }

  @Override
  public double update(long epochMillis, double value) {
    if (!Double.isFinite(value)) {
      return 0;
    }
    value = Magnitudes.clamp(value);
    count++;
    if (count == 1) {
      mean = value;
      recentMean = value;
      return 0;
    }
    double sigma = scale > 0 ? 1.2533 * scale : Math.max(Math.abs(mean) * 1e-3, 1e-9);
    double z = (value - mean) / sigma;
    recentMean += 0.2 * (value - recentMean);
    if (count <= minHistory) {
      learn(value);
      return 0;
    }
    lastBaseline = mean;
    lastDeviation = z;
    double clipped = Math.max(-CLIP, Math.min(CLIP, z));
    // Clipped on one side while the other side's sum is still open: the series is swinging both
    // ways beyond the scale, as when a constant series turns noisy, not shifting.
    boolean swing = z >= CLIP ? lower > 0 : z <= -CLIP && upper > 0;
    upper = Math.max(0, upper + clipped - k);
    lower = Math.max(0, lower - clipped - k);
    double sum = Math.max(upper, lower);
    if (Math.abs(z) < CLIP) {
      learn(value);
    } else if (swing) {
      // The scale learns from the clipped deviation, so that it grows by about 4% per such point
      // rather than waiting, for thousands of points, for values within the old narrow scale.
      scale += alpha * (CLIP * sigma / 1.2533 - scale);
    }
    double score = RobustDetector.scoreOf(sum / h, 1.0);
    if (sum > 2 * h) {
      // The shift is the new normal: re-anchor on the recent level and start again.
      mean = recentMean;
      upper = 0;
      lower = 0;
    }
    return score;
  }

  private void learn(double value) {
    double a = count <= minHistory ? 1.0 / count : alpha;
    double deviation = Math.abs(value - mean);
    mean += a * (value - mean);
    scale += a * (deviation - scale);
  }

  @Override
  public double baseline() {
    return lastBaseline;
  }

  @Override
  public double deviation() {
    return lastDeviation;
  }
}
