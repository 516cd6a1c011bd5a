package io.topdeck.monitoring.core.risk;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A robust linear trend of one series (see {@link RobustTrend}).
 *
 * @param slopePerDay the Theil–Sen slope, in the series' unit per day
 * @param valueAtEnd the fitted value at {@code end}
 * @param end the time of the last sample fitted
 * @param pValue the two-sided p-value of the Mann–Kendall test of "no trend", on the pre-whitened
 *     samples when they are autocorrelated
 * @param samples how many (decimated) samples were fitted
 * @since 0.1.0
 */
public record Trend(
    double slopePerDay, double valueAtEnd, Instant end, double pValue, int samples) {

  /** The p-value under which a trend counts as significant. */
  public static final double SIGNIFICANCE = 0.01;

  public Trend {
    Objects.requireNonNull(end, "end");
    if (!Double.isFinite(slopePerDay) || !Double.isFinite(valueAtEnd)) {
      throw new IllegalArgumentException(
          "slope and value must be finite, but were " + slopePerDay + " and " + valueAtEnd);
    }
    if (!(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException("pValue must be in [0, 1], but was " + pValue);
    }
  }

  /** Returns whether the trend is significant at {@value #SIGNIFICANCE}. */
  public boolean significant() {
    return pValue < SIGNIFICANCE;
  }

  /**
   * Returns how long after {@code end} the fitted line reaches {@code level}: zero when it is past
   * it already in the trend's direction, empty when the trend is not significant or heads away from
   * the level.
   */
  public Optional<Duration> timeToReach(double level) {
    if (!significant() || slopePerDay == 0 || !Double.isFinite(level)) {
      return Optional.empty();
    }
    double gap = level - valueAtEnd;
    if (gap == 0 || Math.signum(gap) != Math.signum(slopePerDay)) {
      return Optional.of(Duration.ZERO);
    }
    return Optional.of(Duration.ofSeconds(Math.round(gap / slopePerDay * 86_400)));
  }
}
