package io.topdeck.monitoring.core.risk;

import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A saturation rule such as "above 80% for 90% of the last 24 h": it holds when at least {@code
 * fraction} of the finite samples in the window before an instant lie above {@code threshold}.
 * Every sample counts once whatever the interval, so irregular sampling weights dense stretches
 * more.
 *
 * @param threshold the level a sample must exceed
 * @param fraction the share of samples above the level that makes the rule hold, in (0, 1]
 * @param window how far back the rule looks, positive
 * @since 0.1.0
 */
public record SaturationRule(double threshold, double fraction, Duration window) {

  /** "Above 80% for 90% of the last 24 h". */
  public static final SaturationRule DEFAULT = new SaturationRule(80, 0.9, Duration.ofHours(24));

  /** The fewest samples the window needs before the rule may hold. */
  public static final int MIN_SAMPLES = 12;

  public SaturationRule {
    Objects.requireNonNull(window, "window");
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be finite, but was " + threshold);
    }
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1], but was " + fraction);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, but was " + window);
    }
  }

  /**
   * The rule applied to a series.
   *
   * @param breachingFraction the share of finite samples above the threshold; NaN without samples
   * @param samples the finite samples in the window
   * @param holds whether the rule holds
   */
  public record Result(double breachingFraction, int samples, boolean holds) {}

  /** Applies the rule to the samples of {@code points} in the window ending (exclusively) at. */
  public Result evaluate(List<MetricPoint> points, Instant at) {
    TimeRange range = TimeRange.ending(at, window);
    int samples = 0;
    int above = 0;
    for (MetricPoint p : points) {
      if (range.contains(p.timestamp()) && Double.isFinite(p.value())) {
        samples++;
        above += p.value() > threshold ? 1 : 0;
      }
    }
    double share = samples == 0 ? Double.NaN : above / (double) samples;
    return new Result(share, samples, samples >= MIN_SAMPLES && share >= fraction);
  }

  /** Returns, for example, "above 80 for 90% of the last 24 h". */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "above %s for %.0f%% of the last %s",
        RiskTexts.number(threshold),
        fraction * 100,
        RiskTexts.duration(window));
  }
}
