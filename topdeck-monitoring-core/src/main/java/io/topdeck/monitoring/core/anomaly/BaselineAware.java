package io.topdeck.monitoring.core.anomaly;

import java.time.Duration;

/**
 * A detector that can say what it expected for the point it last scored, so that an anomaly can be
 * described in the series' own terms.
 */
public interface BaselineAware {

  /** Returns the value expected for the last scored point, or NaN when there was no baseline. */
  double baseline();

  /**
   * Returns how far the last scored point was from the baseline, in robust standard deviations
   * (signed: positive above the baseline), or NaN when there was no baseline.
   */
  double deviation();

  /**
   * Returns the period of the seasonal profile that gave the baseline of the last scored point (one
   * day for a time-of-day profile, seven days for an hour-of-week one), or {@link Duration#ZERO}
   * when that baseline was not seasonal or there was none. Callers use it to say what the baseline
   * is usual for ("its usual 1.2 s for this time of the week"); it may allocate, so it is meant to
   * be asked when an anomaly is described, not on every point. The default returns {@link
   * Duration#ZERO}.
   */
  default Duration seasonalPeriod() {
    return Duration.ZERO;
  }
}
