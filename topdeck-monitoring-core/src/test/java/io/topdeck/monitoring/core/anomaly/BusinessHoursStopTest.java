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
 * now and then flagged against the night level, and that anomaly's level (about 0) made the stop
 * look like a return to it: found in 0 to 2 of eight seeds before.
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
    // About 45 a minute at 11:00: the stop is confirmed on its fifth point, 29 minutes in before.
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
    SeriesAnomalyDetector tracker =
        new SeriesAnomalyDetector("requests", "", "svc", Detectors.defaultEnsemble());
    List<Anomaly> found = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      tracker.update(at(i), values[i]).ifPresent(found::add);
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
