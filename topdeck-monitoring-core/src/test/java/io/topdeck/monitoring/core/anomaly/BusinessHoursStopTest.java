package io.topdeck.monitoring.core.anomaly;

import static io.topdeck.monitoring.core.anomaly.Synthetic.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Anomaly;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A service that serves requests in business hours only (a little from 07:00, a peak at 13:00,
 * almost nothing from 19:00 to 07:00) and stops at 0 for an hour at 11:00. Its morning ramp-up is
 * now and then flagged against the night level; the stop must not be taken for a return to that
 * anomaly's level (about 0). A stop planned at the same time every day is reported the first time
 * and not day after day.
 */
class BusinessHoursStopTest {

  private static final int DAY = 1440;
  private static final int STOP = 9 * DAY + 11 * 60;
  private static final int HOUR = 60;
  private static final int SEEDS = 8;

  @Test
  void an_hour_at_zero_at_eleven_is_reported_within_minutes_at_a_peak_of_500_a_minute() {
    for (int seed = 1; seed <= SEEDS; seed++) {
      List<Anomaly> found = anomalies(stopped(requests(seed, 500)));
      assertThat(opened(found, STOP, STOP + 5)).as("seed %d", seed).isNotEmpty();
      Anomaly stop = opened(found, STOP, STOP + 5).get(0);
      assertThat(stop.currentValue()).as("seed %d", seed).isZero();
      assertThat(stop.baselineValue()).as("seed %d", seed).isGreaterThan(300);
    }
  }

  @Test
  void an_hour_at_zero_at_eleven_is_reported_within_minutes_at_a_peak_of_50_a_minute() {
    // About 45 a minute at 11:00: the stop is confirmed on its fifth point, not its thirtieth.
    for (int seed = 1; seed <= SEEDS; seed++) {
      List<Anomaly> found = anomalies(stopped(requests(seed, 50)));
      assertThat(opened(found, STOP, STOP + 5)).as("seed %d", seed).isNotEmpty();
    }
  }

  @Test
  void the_same_days_without_the_stop_raise_nothing_in_business_hours_of_that_day() {
    for (int seed = 1; seed <= SEEDS; seed++) {
      for (double peak : new double[] {500, 50}) {
        List<Anomaly> found = anomalies(requests(seed, peak));
        assertThat(opened(found, 9 * DAY + 8 * 60, 9 * DAY + 19 * 60))
            .as("seed %d, peak %s", seed, peak)
            .isEmpty();
      }
    }
  }

  @Test
  void a_ten_minute_stop_at_noon_every_day_is_reported_the_first_time_and_then_rarely() {
    int first = 3 * DAY + 12 * 60;
    for (int seed = 1; seed <= SEEDS; seed++) {
      double[] values = requests(seed, 50);
      for (int day = 3; day < 12; day++) {
        for (int i = day * DAY + 12 * 60; i < day * DAY + 12 * 60 + 10; i++) {
          values[i] = 0;
        }
      }
      List<Anomaly> found = anomalies(values);
      assertThat(opened(found, first, first + 9)).as("seed %d", seed).isNotEmpty();
      int repeats = 0;
      for (int day = 5; day < 12; day++) {
        int noon = day * DAY + 12 * 60;
        repeats += opened(found, noon, noon + 9).isEmpty() ? 0 : 1;
      }
      assertThat(repeats).as("seed %d: days 5 to 11 reported", seed).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void an_outage_at_the_time_of_day_of_one_the_day_before_is_reported_once_it_outlasts_it() {
    int monday = 8 * DAY + 14 * 60;
    int tuesday = 9 * DAY + 14 * 60 + 10;
    for (int seed = 1; seed <= SEEDS; seed++) {
      double[] values = requests(seed, 50);
      for (int i = monday; i < monday + 30; i++) {
        values[i] = 0;
      }
      for (int i = tuesday; i < tuesday + 5 * HOUR; i++) {
        values[i] = 0;
      }
      // At one-minute steps the run of thirty points confirms it first; at five-minute steps the
      // off-season rule reports it 10 minutes in, in one seed of eight only at the run of thirty.
      assertThat(opened(anomalies(values), tuesday, tuesday + 30))
          .as("seed %d, one-minute steps", seed)
          .isNotEmpty();
      List<Anomaly> coarse = anomalies(fiveMinuteSums(values), 5);
      assertThat(opened(coarse, tuesday, tuesday + 3 * HOUR))
          .as("seed %d, five-minute steps", seed)
          .isNotEmpty();
    }
  }

  private static double[] fiveMinuteSums(double[] values) {
    double[] sums = new double[values.length / 5];
    for (int i = 0; i < sums.length; i++) {
      for (int k = 0; k < 5; k++) {
        sums[i] += values[5 * i + k];
      }
    }
    return sums;
  }

  /** Twelve days of one-minute request counts, Poisson around the business-hours curve. */
  private static double[] requests(long seed, double peak) {
    Random random = new Random(seed);
    double[] values = new double[12 * DAY];
    for (int i = 0; i < values.length; i++) {
      double hour = (i % DAY) / 60.0;
      double share = hour >= 7 && hour < 19 ? 0.02 + Math.sin(Math.PI * (hour - 7) / 12) : 0.002;
      values[i] = Synthetic.poisson(random, peak * share);
    }
    return values;
  }

  private static double[] stopped(double[] values) {
    double[] out = values.clone();
    for (int i = STOP; i < STOP + HOUR; i++) {
      out[i] = 0;
    }
    return out;
  }

  private static List<Anomaly> anomalies(double[] values) {
    return anomalies(values, 1);
  }

  /** Runs the default detector over points {@code minutes} apart, the first at minute 0. */
  private static List<Anomaly> anomalies(double[] values, int minutes) {
    SeriesAnomalyDetector tracker =
        new SeriesAnomalyDetector("requests", "", "svc", Detectors.defaultEnsemble());
    List<Anomaly> found = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      tracker.update(at(i * minutes), values[i]).ifPresent(found::add);
    }
    return found;
  }

  /** Returns the anomalies detected at points {@code from} to {@code to}, both included. */
  private static List<Anomaly> opened(List<Anomaly> found, int from, int to) {
    return found.stream()
        .filter(a -> !a.detectedAt().isBefore(at(from)) && !a.detectedAt().isAfter(at(to)))
        .toList();
  }
}
