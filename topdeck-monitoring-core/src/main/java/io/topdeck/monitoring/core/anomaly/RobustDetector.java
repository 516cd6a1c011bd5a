package io.topdeck.monitoring.core.anomaly;

/**
 * Scores each point by its distance from the median of the recent points, in robust standard
 * deviations (MAD scaled by 1.4826), over a bounded window.
 *
 * <p>The point is scored against the window before it enters the window, so a spike does not hide
 * itself. Until {@code minHistory} finite points have been seen the score is 0. Non-finite values
 * are ignored and never enter the window. When the window holds a constant value (MAD of 0), the
 * mean absolute deviation is used instead, and failing that a small fraction of the median's
 * magnitude, so a flat series that moves at all is reported rather than divided by zero.
 *
 * <p>The score maps a robust z of {@code zHalf} to 0.5 and grows smoothly towards 1: {@code 1 -
 * 2^-(z / zHalf)^2}. Timestamps are not used: the window counts points, not time.
 */
public final class RobustDetector implements StreamingDetector, BaselineAware {

  /** Scale factor that turns a MAD into a standard deviation for normally distributed data. */
  static final double MAD_TO_SIGMA = 1.4826;

  private final RollingWindow window;
  private final int minHistory;
  private final double zHalf;
  private double lastBaseline = Double.NaN;
  private double lastDeviation = Double.NaN;
  private double lastValue = Double.NaN;
  private boolean flat;

  /** Creates a detector with a window of 64 points, 16 points of history and z of 6 at 0.5. */
  public RobustDetector() {
    this(64, 16, 6.0);
  }

  /**
   * Creates a detector.
   *
   * @param windowSize how many recent points form the baseline, at least 3
   * @param minHistory how many finite points must be seen before scoring, 3 to {@code windowSize}
   * @param zHalf the robust z that scores 0.5, positive
   */
  public RobustDetector(int windowSize, int minHistory, double zHalf) {
    if (minHistory < 3 || minHistory > windowSize) {
      throw new IllegalArgumentException(
          "minHistory must be in [3, windowSize=" + windowSize + "], but was " + minHistory);
    }
    if (!(zHalf > 0) || Double.isInfinite(zHalf)) {
      throw new IllegalArgumentException("zHalf must be positive and finite, but was " + zHalf);
    }
    this.window = new RollingWindow(windowSize);
    this.minHistory = minHistory;
    this.zHalf = zHalf;
  }

  @Override
  public double update(long epochMillis, double value) {
    if (!Double.isFinite(value)) {
      lastBaseline = Double.NaN;
      lastDeviation = Double.NaN;
      lastValue = Double.NaN;
      return 0;
    }
    value = Magnitudes.clamp(value);
    lastValue = value;
    double score = 0;
    if (window.size() >= minHistory) {
      double median = window.median();
      double mad = window.mad();
      flat = !(mad > 0);
      double z = (value - median) / robustScale(window, median, mad);
      lastBaseline = median;
      lastDeviation = z;
      score = scoreOf(Math.abs(z), zHalf);
    } else {
      lastBaseline = Double.NaN;
      lastDeviation = Double.NaN;
    }
    window.add(value);
    return score;
  }

  /**
   * Returns whether the MAD of the window was 0 when the latest finite point was scored, so that
   * its deviation came from a fallback scale; false before the first scored point.
   */
  boolean flat() {
    return flat;
  }

  /**
   * Returns the last point scored, clamped to {@link Magnitudes#LIMIT}, or NaN when it had none.
   */
  double lastValue() {
    return lastValue;
  }

  @Override
  public double baseline() {
    return lastBaseline;
  }

  @Override
  public double deviation() {
    return lastDeviation;
  }

  /**
   * Returns a positive robust standard deviation of the window: 1.4826·MAD, or when that is 0 the
   * mean absolute deviation scaled for a normal distribution, or when that is 0 too a floor
   * relative to the median's magnitude.
   */
  static double robustScale(RollingWindow window, double median) {
    return robustScale(window, median, window.mad());
  }

  private static double robustScale(RollingWindow window, double median, double mad) {
    double sigma = MAD_TO_SIGMA * mad;
    if (sigma > 0) {
      return sigma;
    }
    sigma = 1.2533 * window.meanAbsoluteDeviation();
    if (sigma > 0) {
      return sigma;
    }
    return Math.max(Math.abs(median) * 1e-3, 1e-9);
  }

  /** Maps a non-negative z to [0, 1), with {@code zHalf} at 0.5. */
  static double scoreOf(double z, double zHalf) {
    double r = z / zHalf;
    return 1 - Math.exp(-0.6931471805599453 * r * r);
  }
}
