package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * When the seasonal part confirms a value stopped at about 0: as soon as the stop has lasted five
 * points and missed about 100 of the hour's usual values in all, or else on its thirtieth point, so
 * that a flag or a small count, whose 0s are not that unlikely, waits as long as before.
 */
class StopConfirmationTest {

  private static final long MINUTE = 60_000;
  private static final int DAY = 1440;
  private static final int STOP = 10 * DAY + 14 * 60;

  @Test
  void a_request_rate_of_about_fifty_a_minute_at_zero_is_confirmed_on_its_fifth_point() {
    for (int seed = 1; seed <= 4; seed++) {
      double[] values = requests(seed, 60);
      assertThat(firstConfirmation(values, 60)).as("seed %d", seed).isEqualTo(5);
    }
  }

  @Test
  void a_request_rate_of_about_fifteen_a_minute_at_zero_is_confirmed_once_about_100_are_missing() {
    // About 14 a minute at the lowest of the hour and the two next to it: 100 take 8 points.
    for (int seed = 1; seed <= 4; seed++) {
      double[] values = requests(seed, 15);
      assertThat(firstConfirmation(values, 60)).as("seed %d", seed).isBetween(7, 9);
    }
  }

  @Test
  void a_flag_that_is_usually_one_at_zero_waits_for_its_thirtieth_point() {
    double[] values = new double[12 * DAY];
    Arrays.fill(values, 1);
    assertThat(firstConfirmation(values, 60)).isEqualTo(30);
  }

  @Test
  void the_same_request_rate_without_a_stop_confirms_nothing() {
    for (int seed = 1; seed <= 4; seed++) {
      SeasonalDetector detector = new SeasonalDetector();
      double[] values = requests(seed, 60);
      int confirmed = 0;
      for (int i = 0; i < values.length; i++) {
        detector.update(Synthetic.START.toEpochMilli() + i * MINUTE, values[i]);
        confirmed += i >= 3 * DAY && detector.runConfirmed() ? 1 : 0;
      }
      assertThat(confirmed).as("seed %d", seed).isZero();
    }
  }

  /**
   * Returns the point of the stop, counted from 1, on which the detector first confirms a run, or 0
   * if it does not within {@code minutes}; the values are set to 0 from {@link #STOP} on.
   */
  private static int firstConfirmation(double[] values, int minutes) {
    double[] stopped = values.clone();
    for (int i = STOP; i < STOP + minutes; i++) {
      stopped[i] = 0;
    }
    SeasonalDetector detector = new SeasonalDetector();
    for (int i = 0; i < STOP + minutes; i++) {
      detector.update(Synthetic.START.toEpochMilli() + i * MINUTE, stopped[i]);
      if (i >= STOP && detector.runConfirmed()) {
        return i - STOP + 1;
      }
    }
    return 0;
  }

  /** Twelve days of one-minute Poisson counts on the daily curve, {@code peak} at 15:00. */
  private static double[] requests(long seed, double peak) {
    Random random = new Random(seed);
    double[] values = new double[12 * DAY];
    for (int i = 0; i < values.length; i++) {
      values[i] = Synthetic.poisson(random, peak * Synthetic.daily((i % DAY) / 60.0));
    }
    return values;
  }
}
