package io.topdeck.monitoring.core.anomaly;

import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.MetricSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.IntToDoubleFunction;

/** Deterministic synthetic series for detector tests. */
final class Synthetic {

  static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
  static final Duration STEP = Duration.ofMinutes(1);

  private Synthetic() {}

  /** Returns {@code n} values of Gaussian noise around {@code level}, from a fixed seed. */
  static double[] noise(long seed, int n, double level, double sigma) {
    Random random = new Random(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = level + sigma * random.nextGaussian();
    }
    return values;
  }

  /** Returns {@code values} with {@code shape(i)} added to each. */
  static double[] plus(double[] values, IntToDoubleFunction shape) {
    double[] out = values.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += shape.applyAsDouble(i);
    }
    return out;
  }

  /** Returns the time of point {@code i}. */
  static Instant at(int i) {
    return START.plus(STEP.multipliedBy(i));
  }

  /** Returns the values as a series sampled every minute. */
  static MetricSeries series(String name, String unit, double[] values) {
    List<MetricPoint> points = new ArrayList<>(values.length);
    for (int i = 0; i < values.length; i++) {
      points.add(new MetricPoint(at(i), values[i]));
    }
    return new MetricSeries(name, unit, Map.of(), points);
  }

  /** Returns the scores of a fresh detector over the values, sampled every minute. */
  static double[] scores(StreamingDetector detector, double[] values) {
    double[] scores = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      scores[i] = detector.update(at(i).toEpochMilli(), values[i]);
    }
    return scores;
  }

  /** Returns the indices whose score reaches {@code threshold}. */
  static List<Integer> flagged(double[] scores, double threshold) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] >= threshold) {
        out.add(i);
      }
    }
    return out;
  }

  /** Returns a Poisson draw with the given mean, by Knuth's product of uniforms. */
  static int poisson(Random random, double mean) {
    return poisson(random::nextDouble, mean);
  }

  /** Returns a Poisson draw with the given mean from uniforms in [0, 1) of {@code uniform}. */
  static int poisson(DoubleSupplier uniform, double mean) {
    double limit = Math.exp(-mean);
    double product = uniform.getAsDouble();
    int k = 0;
    while (product > limit) {
      product *= uniform.getAsDouble();
      k++;
    }
    return k;
  }

  /**
   * Returns the daily request curve at {@code hourOfDay} as a share of its peak: 0.2 at 03:00, 1 at
   * 15:00.
   */
  static double daily(double hourOfDay) {
    return 0.6 - 0.4 * Math.cos(2 * Math.PI * (hourOfDay - 3) / 24);
  }

  /**
   * Returns, for each value, whether a fresh default ensemble scored it at least {@code threshold},
   * the values {@code stepMillis} apart from {@link #START}.
   */
  static boolean[] flags(double[] values, long stepMillis, double threshold) {
    StreamingDetector detector = Detectors.defaultEnsemble();
    boolean[] flagged = new boolean[values.length];
    long start = START.toEpochMilli();
    for (int i = 0; i < values.length; i++) {
      flagged[i] = detector.update(start + i * stepMillis, values[i]) >= threshold;
    }
    return flagged;
  }

  /** Returns how many of {@code flagged} from {@code from} up to {@code to} (excluded) are set. */
  static int count(boolean[] flagged, int from, int to) {
    int count = 0;
    for (int i = from; i < Math.min(to, flagged.length); i++) {
      count += flagged[i] ? 1 : 0;
    }
    return count;
  }
}
