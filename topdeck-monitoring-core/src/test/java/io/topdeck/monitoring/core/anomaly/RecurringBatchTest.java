package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The default detector on a series with a recurring batch job: a 20 to 40 minute plateau (or burst)
 * of about four times the usual level at 02:00 every night, or once a week, on noisy and daily
 * seasonal load. The job is reported while it is new, then no more; a larger run than usual, or the
 * same run at another time of day, is still reported. At 10- and 15-second steps a day holds more
 * points than the novelty memory keeps, so without the recurrence memory each night reported again
 * (before it, 40 of 41 nights at 10-second steps).
 */
class RecurringBatchTest {

  private static final double THRESHOLD = 0.5;
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long START = Synthetic.START.toEpochMilli();
  private static final long[] SEEDS = {1, 2, 3};

  /** The first nights that may report: the job is new then. */
  private static final int NEW_NIGHTS = 4;

  /**
   * Anomalies allowed on later nights: a value of the job's own noise that reaches a level of the
   * coarse grid for the first time still reports (on some series, once).
   */
  private static final int COARSE_FIRST_VISITS = 1;

  @Test
  void nightly_batch_on_flat_noisy_load_is_reported_on_its_first_nights_only() {
    for (int stepSeconds : new int[] {60, 15, 10}) {
      for (long seed : SEEDS) {
        Run run = new Job(seed, stepSeconds, 41, 1).run();
        assertThat(run.inRun(0, NEW_NIGHTS)).as("first nights, seed %d", seed).isPositive();
        assertThat(run.inRun(NEW_NIGHTS, 41))
            .as("later nights at %d-second steps, seed %d", stepSeconds, seed)
            .isLessThanOrEqualTo(COARSE_FIRST_VISITS);
      }
    }
  }

  @Test
  void nightly_batch_on_daily_seasonal_load_is_reported_on_its_first_nights_only() {
    for (int stepSeconds : new int[] {60, 15, 10}) {
      for (long seed : SEEDS) {
        Job job = new Job(seed, stepSeconds, 41, 1);
        job.seasonal = true;
        Run run = job.run();
        assertThat(run.inRun(0, NEW_NIGHTS)).as("first nights, seed %d", seed).isPositive();
        assertThat(run.inRun(NEW_NIGHTS, 41))
            .as("later nights at %d-second steps, seed %d", stepSeconds, seed)
            .isLessThanOrEqualTo(COARSE_FIRST_VISITS);
      }
    }
  }

  @Test
  void nightly_burst_of_random_heights_is_reported_on_its_first_nights_only() {
    for (int stepSeconds : new int[] {60, 10}) {
      for (long seed : SEEDS) {
        Job job = new Job(seed, stepSeconds, 41, 1);
        job.burst = true;
        job.seasonal = true;
        Run run = job.run();
        assertThat(run.inRun(NEW_NIGHTS, 41))
            .as("later nights at %d-second steps, seed %d", stepSeconds, seed)
            .isLessThanOrEqualTo(COARSE_FIRST_VISITS);
      }
    }
  }

  /**
   * The weekly ensemble learns the job in each weekday's slot only once a week and confirms runs
   * above the usual range too, so a known job of thirty minutes or more can still confirm one: a
   * few more anomalies on later runs than the default's one at most.
   */
  @Test
  void
      nightly_and_weekly_batches_raise_at_most_three_anomalies_on_later_runs_with_the_weekly_ensemble() {
    for (int stepSeconds : new int[] {60, 15}) {
      for (long seed : new long[] {1, 2, 3, 4}) {
        for (int period : new int[] {1, 7}) {
          Job job = new Job(seed, stepSeconds, period == 1 ? 41 : 63, period);
          job.seasonal = true;
          job.detectors = Detectors::weeklyEnsemble;
          Run run = job.run();
          int known = period == 1 ? NEW_NIGHTS : 2;
          String as = "every " + period + " days at " + stepSeconds + "-second steps, seed " + seed;
          assertThat(run.inRun(0, known)).as(as + ", first runs").isPositive();
          assertThat(run.inRun(known, 41)).as(as + ", later runs").isLessThanOrEqualTo(3);
        }
      }
    }
  }

  @Test
  void weekly_batch_stops_alarming_after_its_first_two_runs() {
    for (long seed : SEEDS) {
      Run run = new Job(seed, 60, 63, 7).run();
      assertThat(run.inRun(0, 2)).as("first runs, seed %d", seed).isPositive();
      assertThat(run.inRun(2, 9)).as("later runs, seed %d", seed).isZero();
    }
  }

  @Test
  void nightly_batch_doubling_in_size_is_reported() {
    for (int stepSeconds : new int[] {60, 15, 10}) {
      for (long seed : SEEDS) {
        Job job = new Job(seed, stepSeconds, 35, 1);
        job.seasonal = true;
        job.doubledFrom = 30;
        Run run = job.run();
        assertThat(run.inRun(30, 31))
            .as("doubled night at %d-second steps, seed %d", stepSeconds, seed)
            .isPositive();
      }
    }
  }

  @Test
  void same_batch_at_two_in_the_afternoon_is_reported() {
    for (int stepSeconds : new int[] {60, 15, 10}) {
      for (long seed : SEEDS) {
        Job job = new Job(seed, stepSeconds, 35, 1);
        job.seasonal = true;
        job.afternoonOn = 30;
        Run run = job.run();
        assertThat(run.inAfternoonRun())
            .as("afternoon run at %d-second steps, seed %d", stepSeconds, seed)
            .isPositive();
      }
    }
  }

  /** A series with a job that runs every {@code periodDays} days at 02:00, give or take. */
  private static final class Job {
    private final long seed;
    private final long step;
    private final int days;
    private final int periodDays;
    boolean seasonal;
    boolean burst;
    int doubledFrom = Integer.MAX_VALUE;
    int afternoonOn = -1;
    Supplier<StreamingDetector> detectors = Detectors::defaultEnsemble;

    Job(long seed, int stepSeconds, int days, int periodDays) {
      this.seed = seed;
      this.step = Duration.ofSeconds(stepSeconds).toMillis();
      this.days = days;
      this.periodDays = periodDays;
    }

    Run run() {
      Random random = new Random(seed);
      int runs = (days + periodDays - 1) / periodDays;
      long[] from = new long[runs];
      long[] to = new long[runs];
      for (int k = 0; k < runs; k++) {
        // Weekly jobs start on the fourth day, so that the detector has warmed up.
        long day = START + (long) k * periodDays * DAY + (periodDays > 1 ? 3 * DAY : 0);
        from[k] = day + 2 * HOUR + (long) ((random.nextDouble() * 4 - 2) * MINUTE);
        to[k] = from[k] + (long) ((20 + random.nextDouble() * 20) * MINUTE);
      }
      long afternoon = afternoonOn < 0 ? -1 : START + afternoonOn * DAY + 14 * HOUR;
      StreamingDetector detector = detectors.get();
      List<Long> alarms = new ArrayList<>();
      for (long t = START; t < START + days * DAY; t += step) {
        double phase = (double) ((t - START) % DAY) / DAY;
        double value = 100 + 5 * random.nextGaussian();
        if (seasonal) {
          value += 40 * Math.sin(2 * Math.PI * (phase - 0.3));
        }
        int k = (int) ((t - START) / (periodDays * DAY));
        boolean inRun = k < runs && t >= from[k] && t < to[k];
        boolean inAfternoonRun = afternoon > 0 && t >= afternoon && t < afternoon + 30 * MINUTE;
        if (inRun || inAfternoonRun) {
          double size =
              burst ? 300 * (0.5 + random.nextDouble()) : 300 + 15 * random.nextGaussian();
          value += inRun && k >= doubledFrom ? 2 * size : size;
        }
        if (detector.update(t, value) >= THRESHOLD) {
          alarms.add(t);
        }
      }
      return new Run(from, to, afternoon, alarms);
    }
  }

  /** The runs of a job and the anomalies reported on the series. */
  private record Run(long[] from, long[] to, long afternoon, List<Long> alarms) {

    /** Returns the anomalies within runs {@code first} (inclusive) to {@code last} (exclusive). */
    long inRun(int first, int last) {
      return alarms.stream()
          .filter(
              t -> {
                for (int k = first; k < Math.min(last, from.length); k++) {
                  if (t >= from[k] && t < to[k]) {
                    return true;
                  }
                }
                return false;
              })
          .count();
    }

    long inAfternoonRun() {
      return alarms.stream().filter(t -> t >= afternoon && t < afternoon + 30 * MINUTE).count();
    }
  }
}
