package io.topdeck.monitoring.core.anomaly;

import java.util.Objects;

/**
 * Feeds a monotonic counter (requests served, bytes sent) to another detector as a per-second rate,
 * treating a drop as a restart of the counter rather than as a change in the rate.
 *
 * <p>For each point after the first, the rate is the increase divided by the elapsed seconds. When
 * the counter goes down, the process behind it restarted: the point only re-anchors the counter and
 * scores 0, and {@link #resets()} counts it. A point whose timestamp does not move forward
 * (duplicated or out of order) carries no rate and scores 0. Non-finite values score 0 and keep the
 * previous anchor, so a scrape that failed does not break the next rate. A point stamped more than
 * a day ahead of the anchor is ignored (score 0, counted by {@link #rejectedTimestamps()}) unless
 * the next point confirms the jump (see {@link JumpGuardedClock}), so that one point from the far
 * future does not make every later point look out of order.
 *
 * <p>It does not expose a baseline: a {@link SeriesAnomalyDetector} wrapped around it describes the
 * raw counter values, not the rate. To get rate descriptions, convert the series to a rate first
 * and use a gauge detector.
 */
public final class CounterRateDetector implements StreamingDetector {

  private static final long HORIZON_MILLIS = 86_400_000L;

  private final StreamingDetector rates;
  private final JumpGuardedClock clock = new JumpGuardedClock(HORIZON_MILLIS);
  private long lastMillis = Long.MIN_VALUE;
  private double lastValue = Double.NaN;
  private long resets;

  /**
   * Creates a detector that scores the counter's rate with {@code rates}.
   *
   * @param rates a fresh detector for the rate series, used for this counter only
   */
  public CounterRateDetector(StreamingDetector rates) {
    this.rates = Objects.requireNonNull(rates, "rates");
  }

  @Override
  public double update(long epochMillis, double value) {
    if (!Double.isFinite(value)) {
      return 0;
    }
    if (clock.accept(epochMillis) == JumpGuardedClock.REJECTED) {
      return 0;
    }
    if (Double.isNaN(lastValue)) {
      anchor(epochMillis, value);
      return 0;
    }
    if (epochMillis <= lastMillis) {
      return 0;
    }
    if (value < lastValue) {
      resets++;
      anchor(epochMillis, value);
      return 0;
    }
    // The increase of a counter near the largest double overflows; it is then the largest rate.
    double rate =
        Math.min(Double.MAX_VALUE, (value - lastValue) * 1000.0 / elapsedMillis(epochMillis));
    anchor(epochMillis, value);
    return rates.update(epochMillis, rate);
  }

  /** Returns how many points were ignored for lying too far ahead of the latest accepted one. */
  public long rejectedTimestamps() {
    return clock.rejected();
  }

  /** Returns how many counter restarts were seen. */
  public long resets() {
    return resets;
  }

  /**
   * Returns the milliseconds from the anchor to {@code epochMillis}, which is later: between two
   * stamps at opposite ends of the long range the difference wraps around, and it is then read as
   * the unsigned number it is, so it stays positive.
   */
  private double elapsedMillis(long epochMillis) {
    long elapsed = epochMillis - lastMillis;
    return elapsed > 0 ? elapsed : elapsed + 0x1p64;
  }

  private void anchor(long epochMillis, double value) {
    lastMillis = epochMillis;
    lastValue = value;
  }
}
