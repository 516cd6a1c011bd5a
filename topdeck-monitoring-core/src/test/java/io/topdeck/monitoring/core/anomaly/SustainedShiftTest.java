package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The default detector on sustained changes that no single point shows: level shifts of a few noise
 * standard deviations, ramps, and runs far from the usual value at that time of day. Each is
 * reported once, over most seeds; the return to the level the series held before is not reported,
 * and the same noise without the change stays silent.
 */
class SustainedShiftTest {

  private static final double THRESHOLD = 0.5;
  private static final long STEP_15S = 15_000;
  private static final long STEP_1MIN = 60_000;
  private static final long DAY = 86_400_000;
  private static final int SEEDS = 8;

  @Test
  void gaussian_shift_of_four_noise_deviations_is_reported_on_most_seeds() {
    int found = 0;
    for (int seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(seed);
      double[] values =
          series(20_000, i -> 100 + 5 * random.nextGaussian() + (i >= 10_000 ? 20 : 0));
      Run run = run(values, STEP_15S);
      assertThat(run.within(0, 10_000)).as("before the shift, seed %d", seed).isZero();
      found += run.within(10_000, 20_000) > 0 ? 1 : 0;
    }
    assertThat(found).isGreaterThanOrEqualTo(7);
  }

  @Test
  void lognormal_latency_whose_median_doubles_is_reported_on_most_seeds() {
    int found = 0;
    for (int seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(seed);
      double[] values =
          series(
              20_000,
              i -> Math.exp(Math.log(40) + 0.3 * random.nextGaussian()) * (i >= 10_000 ? 2 : 1));
      found += run(values, STEP_15S).within(10_000, 20_000) > 0 ? 1 : 0;
    }
    assertThat(found).isGreaterThanOrEqualTo(6);
  }

  @Test
  void error_count_rising_from_poisson_half_to_poisson_four_is_reported_on_most_seeds() {
    int found = 0;
    for (int seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(seed);
      double[] values = series(20_000, i -> Synthetic.poisson(random, i >= 10_000 ? 4 : 0.5));
      found += run(values, STEP_1MIN).within(10_000, 20_000) > 0 ? 1 : 0;
    }
    assertThat(found).isGreaterThanOrEqualTo(6);
  }

  @Test
  void ramp_is_reported_and_its_return_to_the_earlier_level_is_not() {
    for (double top : new double[] {150, 200, 400}) {
      for (int length : new int[] {60, 120, 240, 480}) {
        for (int seed = 1; seed <= SEEDS; seed++) {
          Random random = new Random(seed);
          double[] values =
              series(
                  12_000,
                  i -> {
                    double level =
                        i < 6000
                            ? 100
                            : i < 6000 + length
                                ? 100 + (top - 100) * (i - 6000) / length
                                : i < 8000 ? top : 100;
                    return level + 5 * random.nextGaussian();
                  });
          Run run = run(values, STEP_15S);
          String as = "ramp to " + top + " over " + length + " points, seed " + seed;
          assertThat(run.within(6000, 8000)).as(as).isPositive();
          assertThat(run.within(8000, 12_000)).as(as + ", return").isZero();
          assertThat(run.within(0, 6000)).as(as + ", before").isZero();
        }
      }
    }
  }

  @Test
  void steadily_growing_gauge_that_grows_twenty_times_faster_is_reported_once() {
    for (int seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(seed);
      double[] bytes = new double[20_000];
      double used = 400e9;
      for (int i = 0; i < bytes.length; i++) {
        // Disk bytes: writes of 1 to 3 MB a minute (40 to 120 MB from point 15,000), and now and
        // then a delete of 3 MB; the readings are whole 4 KiB blocks.
        used += (i >= 15_000 ? 20 : 1) * 2e6 * (0.5 + random.nextDouble());
        used -= random.nextDouble() < 0.1 ? 3e6 : 0;
        bytes[i] = Math.floor(used / 4096) * 4096;
      }
      Run run = run(bytes, STEP_1MIN);
      assertThat(run.within(0, 15_000)).as("steady growth, seed %d", seed).isZero();
      assertThat(run.within(15_000, 15_500)).as("faster growth, seed %d", seed).isEqualTo(1);
    }
  }

  @Test
  void night_jump_to_the_daytime_peak_is_reported() {
    for (int minutes : new int[] {5, 30, 120}) {
      for (int seed = 1; seed <= 6; seed++) {
        Random random = new Random(seed);
        double[] values = dailyLoad(random);
        int start = 20 * 1440 + 180;
        for (int i = start; i < start + minutes; i++) {
          values[i] = 1000 * (1 + 0.03 * random.nextGaussian());
        }
        Run run = run(values, STEP_1MIN);
        String as = minutes + " minutes at 03:00, seed " + seed;
        assertThat(run.within(start, start + minutes + 3)).as(as).isPositive();
        assertThat(run.within(0, start)).as(as + ", before").isZero();
      }
    }
  }

  @Test
  void afternoon_drop_to_thirty_percent_is_reported() {
    for (int minutes : new int[] {10, 60}) {
      for (int seed = 1; seed <= 6; seed++) {
        Random random = new Random(seed);
        double[] values = dailyLoad(random);
        int start = 20 * 1440 + 14 * 60;
        for (int i = start; i < start + minutes; i++) {
          values[i] *= 0.3;
        }
        Run run = run(values, STEP_1MIN);
        String as = minutes + " minutes from 14:00, seed " + seed;
        assertThat(run.within(start, start + minutes + 3)).as(as).isPositive();
        assertThat(run.within(0, start)).as(as + ", before").isZero();
      }
    }
  }

  @Test
  void daily_load_without_incident_stays_silent() {
    for (int seed = 1; seed <= 6; seed++) {
      assertThat(run(dailyLoad(new Random(seed)), STEP_1MIN).within(0, 30 * 1440))
          .as("seed %d", seed)
          .isZero();
    }
  }

  @Test
  void gaussian_noise_and_sparse_counts_without_shift_stay_silent() {
    for (int seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(seed);
      double[] gaussian = series(20_000, i -> 100 + 5 * random.nextGaussian());
      assertThat(run(gaussian, STEP_15S).within(0, 20_000)).as("gaussian, seed %d", seed).isZero();
      double[] counts = series(20_000, i -> Synthetic.poisson(random, 0.5));
      assertThat(run(counts, STEP_1MIN).within(0, 20_000)).as("counts, seed %d", seed).isZero();
    }
  }

  @Test
  void lognormal_latency_without_shift_raises_only_its_own_rare_extremes() {
    int after = 0;
    for (int seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(seed);
      double[] values = series(20_000, i -> Math.exp(Math.log(40) + 0.3 * random.nextGaussian()));
      after += run(values, STEP_15S).within(4000, 20_000);
    }
    // Single extremes of the noise the tail gate has not yet learned (the same points without the
    // sustained-shift part); a confirmed shift would add at least one per seed.
    assertThat(after).isLessThanOrEqualTo(2);
  }

  @Test
  void constant_series_that_turns_noisy_raises_at_most_a_few_anomalies() {
    int after = 0;
    for (int seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(seed);
      double[] values = series(20_000, i -> i < 5000 ? 5.0 : 5.0 + 0.1 * random.nextGaussian());
      // The onset of the noise itself may report; what follows is noise.
      after += run(values, STEP_15S).within(5010, 20_000);
    }
    // Before, 52 anomalies over these 120,000 noisy points.
    assertThat(after).isLessThanOrEqualTo(SEEDS);
  }

  /** Returns a month of one-minute request counts with a daily cycle from about 200 to 1000. */
  private static double[] dailyLoad(Random random) {
    return series(
        30 * 1440,
        i -> {
          double hour = (i % 1440) / 60.0;
          double mean = 1000 * (0.6 - 0.4 * Math.cos(2 * Math.PI * (hour - 3) / 24));
          return Math.max(
              0,
              mean + Math.sqrt(mean) * random.nextGaussian() + 0.03 * mean * random.nextGaussian());
        });
  }

  private static double[] series(int n, IntToDoubleFunction value) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = value.applyAsDouble(i);
    }
    return values;
  }

  private static Run run(double[] values, long stepMillis) {
    StreamingDetector detector = Detectors.defaultEnsemble();
    boolean[] flagged = new boolean[values.length];
    long start = Synthetic.START.toEpochMilli();
    for (int i = 0; i < values.length; i++) {
      flagged[i] = detector.update(start + i * stepMillis, values[i]) >= THRESHOLD;
    }
    return new Run(flagged);
  }

  /** The points of one series whose score reached the threshold. */
  private record Run(boolean[] flagged) {

    /** Returns how many points from {@code from} (inclusive) to {@code to} were flagged. */
    int within(int from, int to) {
      int count = 0;
      for (int i = from; i < Math.min(to, flagged.length); i++) {
        count += flagged[i] ? 1 : 0;
      }
      return count;
    }
  }
}
