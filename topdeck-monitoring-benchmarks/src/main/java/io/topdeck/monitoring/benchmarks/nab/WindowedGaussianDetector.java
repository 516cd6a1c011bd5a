package io.topdeck.monitoring.benchmarks.nab;

import io.topdeck.monitoring.core.anomaly.StreamingDetector;

/**
 * NAB's classic "windowed Gaussian" baseline: the score of a value is one minus its two-sided
 * Gaussian tail probability (Q-function of |z|) under the mean and population standard deviation of
 * a sliding window of earlier values.
 *
 * <p>The window grows to {@value #WINDOW_SIZE} values, updating its statistics after every value;
 * once full it slides in steps of {@value #STEP_SIZE} values, so the statistics change once per
 * step. A zero standard deviation is replaced by 1e-6, so any change after a flat stretch scores 1.
 * The first value scores 0. Non-finite values score 0 and never enter the window. Memory is bounded
 * by the window; time is O(1) amortized per value (a full recomputation every step).
 *
 * <p>Scores come out in [0.5, 1] once history exists, so a useful threshold lies close to 1.
 */
public final class WindowedGaussianDetector implements StreamingDetector {

  /** The number of values the window holds when full. */
  public static final int WINDOW_SIZE = 6400;

  /** The number of new values that slide a full window forward at once. */
  public static final int STEP_SIZE = 100;

  private static final double MIN_STD = 1e-6;

  private final double[] ring = new double[WINDOW_SIZE];
  private final double[] step = new double[STEP_SIZE];
  private int head;
  private int count;
  private int stepCount;
  private double mean;
  private double std = 1.0;
  // Running Welford statistics while the window fills.
  private double m2;

  @Override
  public double update(long epochMillis, double value) {
    if (!Double.isFinite(value)) {
      return 0.0;
    }
    double score = count > 0 ? 1.0 - GaussianTail.twoSidedTail(value, mean, std) : 0.0;
    if (count < WINDOW_SIZE) {
      ring[count++] = value;
      double delta = value - mean;
      mean += delta / count;
      m2 += delta * (value - mean);
      std = floor(Math.sqrt(Math.max(m2, 0.0) / count));
    } else {
      step[stepCount++] = value;
      if (stepCount == STEP_SIZE) {
        slide();
      }
    }
    return score;
  }

  private void slide() {
    for (int i = 0; i < STEP_SIZE; i++) {
      ring[head] = step[i];
      head = (head + 1) % WINDOW_SIZE;
    }
    stepCount = 0;
    double sum = 0;
    for (double v : ring) {
      sum += v;
    }
    mean = sum / WINDOW_SIZE;
    double squares = 0;
    for (double v : ring) {
      squares += (v - mean) * (v - mean);
    }
    std = floor(Math.sqrt(squares / WINDOW_SIZE));
  }

  private static double floor(double sd) {
    return sd == 0.0 ? MIN_STD : sd;
  }
}
