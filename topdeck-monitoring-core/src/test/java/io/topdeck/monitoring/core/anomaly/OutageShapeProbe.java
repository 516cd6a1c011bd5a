package io.topdeck.monitoring.core.anomaly;

import java.util.Random;
import java.util.function.Supplier;

/**
 * Prints, for outage shapes of one-minute request counts, in how many of eight seeds the default
 * and the weekly ensemble report them, and how many anomalies the same traffic raises without an
 * incident. Run by hand: {@code java -cp <test class path>
 * io.topdeck.monitoring.core.anomaly.OutageShapeProbe}.
 */
final class OutageShapeProbe {

  private static final int DAY = 1440;
  private static final int SEEDS = 8;

  private OutageShapeProbe() {}

  public static void main(String[] args) {
    String only = args.length > 0 ? args[0] : "";
    if (only.equals("extra")) {
      extra();
      return;
    }
    for (int config = 0; config < 3; config++) {
      boolean weekly = config > 0;
      String name = new String[] {"default", "weekly", "default-on-weekly"}[config];
      if (!only.isEmpty() && !only.equals(name)) {
        continue;
      }
      Supplier<StreamingDetector> detectors =
          config == 1 ? Detectors::weeklyEnsemble : Detectors::defaultEnsemble;
      int days = weekly ? 35 : 16;
      // A Thursday (day 10) on daily traffic, a Wednesday of the fourth week on weekly traffic.
      int day = weekly ? 23 : 10;
      int quietFrom = weekly ? 14 * DAY : 3 * DAY;
      int[] plain = new int[SEEDS];
      for (int seed = 1; seed <= SEEDS; seed++) {
        boolean[] f = flags(detectors, traffic(seed, 200, days, weekly));
        plain[seed - 1] = Synthetic.count(f, quietFrom, f.length);
      }
      System.out.printf("%s plain traffic peak 200: anomalies per seed %s%n", name, str(plain));
      for (double peak : new double[] {200, 1000}) {
        probe(
            name,
            detectors,
            days,
            weekly,
            quietFrom,
            peak,
            "half from 03:00 for 20h",
            day,
            (i, start, v, mean) -> i >= start + 3 * 60 && i < start + 23 * 60 ? 0.5 : 1);
        probe(
            name,
            detectors,
            days,
            weekly,
            quietFrom,
            peak,
            "whole day at weekend load",
            day,
            (i, start, v, mean) -> i >= start && i < start + DAY ? 0.5 : 1);
        probe(
            name,
            detectors,
            days,
            weekly,
            quietFrom,
            peak,
            "half from 13:00 for 6h",
            day,
            (i, start, v, mean) -> i >= start + 13 * 60 && i < start + 19 * 60 ? 0.5 : 1);
      }
      for (double peak : new double[] {1000, 200, 20}) {
        probe(
            name,
            detectors,
            days,
            weekly,
            quietFrom,
            peak,
            "wind down to 0 from 12:00, 3h at 0",
            day,
            (i, start, v, mean) -> windDown(i - start - 12 * 60, 0, 4 * 60));
        probe(
            name,
            detectors,
            days,
            weekly,
            quietFrom,
            peak,
            "wind down to 30% from 12:00, 6h",
            day,
            (i, start, v, mean) -> windDown(i - start - 12 * 60, 0.3, 7 * 60));
      }
    }
  }

  /**
   * Prints the anomalies that one garbage value (1e300) at day 5, 12:00, raises in daily traffic,
   * and the nights on which a planned 30-minute stop at 02:00 every night is reported.
   */
  private static void extra() {
    int garbage = 0;
    int nights = 0;
    StringBuilder perSeed = new StringBuilder();
    for (int seed = 1; seed <= SEEDS; seed++) {
      double[] values = traffic(seed, 200, 16, false);
      values[5 * DAY + 12 * 60] = 1e300;
      boolean[] f = flags(Detectors::defaultEnsemble, values);
      garbage += Synthetic.count(f, 5 * DAY + 12 * 60 + 1, f.length);
      double[] stops = traffic(seed, 200, 16, false);
      int reported = 0;
      for (int d = 0; d < 16; d++) {
        for (int i = d * DAY + 120; i < d * DAY + 150; i++) {
          stops[i] = 0;
        }
      }
      boolean[] g = flags(Detectors::defaultEnsemble, stops);
      for (int d = 5; d < 16; d++) {
        reported += Synthetic.count(g, d * DAY + 120, d * DAY + 180) > 0 ? 1 : 0;
      }
      nights += reported;
      perSeed.append(reported).append(' ');
    }
    System.out.printf("garbage 1e300: %d anomalies after it over %d seeds%n", garbage, SEEDS);
    System.out.printf(
        "nightly 30-minute stop: nights 5-15 reported per seed %s (total %d)%n",
        perSeed.toString().trim(), nights);
  }

  /** Load factor of a wind-down over an hour to {@code to} of the usual, held until {@code end}. */
  static double windDown(int minute, double to, int end) {
    if (minute < 0 || minute >= end) {
      return 1;
    }
    return minute >= 60 ? to : 1 - (1 - to) * minute / 60.0;
  }

  interface Shape {
    double factor(int i, int dayStart, double value, double mean);
  }

  private static void probe(
      String name,
      Supplier<StreamingDetector> detectors,
      int days,
      boolean weekly,
      int quietFrom,
      double peak,
      String what,
      int day,
      Shape shape) {
    int start = day * DAY;
    int found = 0;
    int before = 0;
    StringBuilder firsts = new StringBuilder();
    for (int seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(1000L + seed);
      double[] values = traffic(seed, peak, days, weekly);
      int from = -1;
      int to = -1;
      for (int i = start; i < start + DAY + 12 * 60; i++) {
        double factor = shape.factor(i, start, values[i], peak);
        if (factor != 1) {
          values[i] = draw(random, factor * mean(peak, i, weekly));
          from = from < 0 ? i : from;
          to = i + 1;
        }
      }
      boolean[] f = flags(detectors, values);
      int first = -1;
      for (int i = from; i < to && first < 0; i++) {
        first = f[i] ? i - from : -1;
      }
      found += first >= 0 ? 1 : 0;
      firsts.append(first).append(' ');
      before += Synthetic.count(f, quietFrom, from);
    }
    System.out.printf(
        "%s peak %.0f %s: found %d/%d (first flag, minutes in: %s) before %d%n",
        name, peak, what, found, SEEDS, firsts.toString().trim(), before);
  }

  private static String str(int[] a) {
    return java.util.Arrays.toString(a);
  }

  static boolean[] flags(Supplier<StreamingDetector> detectors, double[] values) {
    StreamingDetector detector = detectors.get();
    boolean[] flagged = new boolean[values.length];
    for (int i = 0; i < values.length; i++) {
      flagged[i] = detector.update(Synthetic.at(i).toEpochMilli(), values[i]) >= 0.5;
    }
    return flagged;
  }

  /** Days of one-minute request counts from a Monday; weekends at half load when weekly. */
  static double[] traffic(long seed, double peak, int days, boolean weekly) {
    Random random = new Random(seed);
    double[] values = new double[days * DAY];
    for (int i = 0; i < values.length; i++) {
      values[i] = draw(random, mean(peak, i, weekly));
    }
    return values;
  }

  static double draw(Random random, double mean) {
    return mean > 50
        ? Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()))
        : Synthetic.poisson(random, mean);
  }

  static double mean(double peak, int i, boolean weekly) {
    double level = 1;
    if (weekly) {
      // The level of a day holds from 00:30 to 23:30 and moves linearly over the hour between.
      double day = (i + 30) / (double) DAY;
      double into = (day - Math.floor(day)) * 24;
      double now = (int) day % 7 >= 5 ? 0.5 : 1;
      double before = ((int) day + 6) % 7 >= 5 ? 0.5 : 1;
      level = into >= 1 ? now : before + into * (now - before);
    }
    return peak * Synthetic.daily((i % DAY) / 60.0) * level;
  }
}
