package io.topdeck.monitoring.core.anomaly;

import java.time.Duration;
import java.util.Objects;

/**
 * A saturation rule such as "above 80% for 90% of the last 24 hours", as a streaming detector.
 *
 * <p>The look-back window is split into 48 time slots, each counting its samples and its breaching
 * samples, so the breaching fraction over the window costs O(48) per point at most and usually O(1)
 * (slots are cleared only when time moves into them). The rule scores 1 when the fraction reaches
 * {@code fraction} and the window holds at least {@code minSamples} samples; otherwise it scores
 * half the fraction (under 0.5), which ranks how close it is. A sample counts for one whatever the
 * sampling interval, so irregular sampling weights dense stretches more.
 *
 * <p>Missing data follows the {@link GapPolicy}: ignored, counted as breaching, or reported (score
 * 1) when no finite value had arrived for longer than the policy's duration before this point,
 * counting from the first point seen when no finite value has arrived at all. A gap can only be
 * seen when a point, possibly NaN, arrives: hosts feed NaN for a scrape that returned nothing, and
 * the first point after a long silence reports it.
 *
 * <p>Timestamps that go back are treated as the latest seen. A point more than the window plus the
 * gap duration ahead of the latest accepted point is ignored (score 0) and counted by {@link
 * #rejectedTimestamps()}, unless the next point confirms the jump (see {@link JumpGuardedClock}),
 * so that one point stamped far in the future neither clears the window nor stops time.
 */
public final class ThresholdRule implements StreamingDetector {

  private static final int SLOTS = 48;

  /** Which side of the threshold breaches. */
  public enum Direction {
    /** Values strictly above the threshold breach. */
    ABOVE,
    /** Values strictly below the threshold breach. */
    BELOW
  }

  private final double threshold;
  private final Direction direction;
  private final long slotMillis;
  private final double fraction;
  private final int minSamples;
  private final GapPolicy gaps;
  private final int[] samples = new int[SLOTS];
  private final int[] breaches = new int[SLOTS];
  private long currentSlot = Long.MIN_VALUE;
  private final JumpGuardedClock clock;
  private long lastFiniteMillis = Long.MIN_VALUE;
  private int totalSamples;
  private int totalBreaches;

  /**
   * Creates a rule.
   *
   * @param threshold the level, finite
   * @param direction which side of the level breaches
   * @param window the look-back window, at least 48 milliseconds
   * @param fraction the share of breaching samples in the window that fires the rule, in (0, 1]
   * @param minSamples how many samples the window must hold before the rule can fire, at least 1
   * @param gaps what missing data does
   */
  public ThresholdRule(
      double threshold,
      Direction direction,
      Duration window,
      double fraction,
      int minSamples,
      GapPolicy gaps) {
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be finite, but was " + threshold);
    }
    if (window.toMillis() < SLOTS) {
      throw new IllegalArgumentException("window must be at least 48 ms, but was " + window);
    }
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1], but was " + fraction);
    }
    if (minSamples < 1) {
      throw new IllegalArgumentException("minSamples must be at least 1, but was " + minSamples);
    }
    this.threshold = threshold;
    this.direction = Objects.requireNonNull(direction, "direction");
    this.slotMillis = window.toMillis() / SLOTS;
    this.fraction = fraction;
    this.minSamples = minSamples;
    this.gaps = Objects.requireNonNull(gaps, "gaps");
    this.clock = new JumpGuardedClock(window.plus(gaps.after()).toMillis());
  }

  /**
   * Returns the rule "above {@code threshold} for {@code fraction} of the last {@code window}",
   * needing 10 samples and ignoring missing data.
   */
  public static ThresholdRule above(double threshold, double fraction, Duration window) {
    return new ThresholdRule(threshold, Direction.ABOVE, window, fraction, 10, GapPolicy.ignore());
  }

  @Override
  public double update(long epochMillis, double value) {
    long t = clock.accept(epochMillis);
    if (t == JumpGuardedClock.REJECTED) {
      return 0;
    }
    if (lastFiniteMillis == Long.MIN_VALUE) {
      // A series that starts without data is missing from its first point on.
      lastFiniteMillis = t;
    }
    advance(Math.floorDiv(t, slotMillis));
    boolean gapTooLong =
        gaps.mode() == GapPolicy.Mode.ALERT_AFTER && t - lastFiniteMillis > gaps.after().toMillis();
    if (Double.isFinite(value)) {
      lastFiniteMillis = t;
      count(breaches(value));
    } else if (gaps.mode() == GapPolicy.Mode.TREAT_AS_BREACHING) {
      count(true);
    }
    if (gapTooLong) {
      return 1;
    }
    if (totalSamples == 0) {
      return 0;
    }
    double share = (double) totalBreaches / totalSamples;
    if (share >= fraction && totalSamples >= minSamples) {
      return 1;
    }
    return 0.5 * Math.min(share / fraction, 0.99);
  }

  /** Returns how many points were ignored for lying too far ahead of the latest accepted one. */
  public long rejectedTimestamps() {
    return clock.rejected();
  }

  /** Returns the share of breaching samples in the window, or NaN when it holds none. */
  public double breachingShare() {
    return totalSamples == 0 ? Double.NaN : (double) totalBreaches / totalSamples;
  }

  private boolean breaches(double value) {
    return direction == Direction.ABOVE ? value > threshold : value < threshold;
  }

  private void count(boolean breach) {
    int i = (int) Math.floorMod(currentSlot, (long) SLOTS);
    samples[i]++;
    totalSamples++;
    if (breach) {
      breaches[i]++;
      totalBreaches++;
    }
  }

  /** Moves to {@code slot}, clearing the slots that fell out of the window. */
  private void advance(long slot) {
    if (currentSlot == Long.MIN_VALUE) {
      currentSlot = slot;
      return;
    }
    long steps = Math.min(slot - currentSlot, SLOTS);
    for (long s = 1; s <= steps; s++) {
      int i = (int) Math.floorMod(currentSlot + s, (long) SLOTS);
      totalSamples -= samples[i];
      totalBreaches -= breaches[i];
      samples[i] = 0;
      breaches[i] = 0;
    }
    currentSlot = Math.max(currentSlot, slot);
  }
}
