package io.topdeck.monitoring.core.anomaly;

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
}
