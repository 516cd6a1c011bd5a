package io.topdeck.monitoring.core.anomaly;

/**
 * The time of a series as the time-based detectors see it: never going back, and not moved by one
 * point that jumps far ahead.
 *
 * <p>A timestamp that goes back is taken as the latest accepted one. A timestamp more than {@code
 * horizon} ahead of the latest accepted one is suspect (a clock error, a unit mistake): it is
 * rejected and counted, unless the previous point was suspect too and lies within {@code horizon}
 * of it, in which case both are taken as a real gap and time moves to the new point. So a single
 * stray future point leaves the state untouched, while after a real silence longer than the horizon
 * the first point is lost and time resumes with the second. Two consecutive stray points close to
 * each other are indistinguishable from a gap and do move time forward.
 */
final class JumpGuardedClock {

  /** What {@link #accept(long)} returns for a rejected point. */
  static final long REJECTED = Long.MIN_VALUE;

  private final long horizonMillis;
  private long latest = Long.MIN_VALUE;
  private long suspect = Long.MIN_VALUE;
  private long rejected;

  /**
   * Creates a clock.
   *
   * @param horizonMillis how far ahead of the latest accepted point a point may lie, positive
   */
  JumpGuardedClock(long horizonMillis) {
    if (horizonMillis <= 0) {
      throw new IllegalArgumentException("horizon must be positive, but was " + horizonMillis);
    }
    this.horizonMillis = horizonMillis;
  }

  /** Returns the time to use for a point stamped {@code epochMillis}, or {@link #REJECTED}. */
  long accept(long epochMillis) {
    if (latest == Long.MIN_VALUE || epochMillis <= latest) {
      latest = latest == Long.MIN_VALUE ? epochMillis : latest;
      suspect = Long.MIN_VALUE;
      return latest;
    }
    // latest < epochMillis here, so the difference is positive unless it overflows.
    long ahead = epochMillis - latest;
    boolean near = ahead > 0 && ahead <= horizonMillis;
    boolean confirms =
        suspect != Long.MIN_VALUE
            && epochMillis >= suspect
            && epochMillis - suspect >= 0
            && epochMillis - suspect <= horizonMillis;
    if (near || confirms) {
      latest = epochMillis;
      suspect = Long.MIN_VALUE;
      return latest;
    }
    suspect = epochMillis;
    rejected++;
    return REJECTED;
  }

  /** Returns how far ahead of the latest accepted point a point may lie, in milliseconds. */
  long horizonMillis() {
    return horizonMillis;
  }

  /** Returns the latest accepted time, or {@code Long.MIN_VALUE} before the first point. */
  long latest() {
    return latest;
  }

  /** Returns how many points were rejected as too far ahead. */
  long rejected() {
    return rejected;
  }
}
