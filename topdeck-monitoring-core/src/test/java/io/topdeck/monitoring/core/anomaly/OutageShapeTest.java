package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Outage shapes of one-minute request counts on a daily curve (peak 200 a minute) that the seasonal
 * profile used to learn as they happened: traffic winding down over an hour (to 0, or to 30%) with
 * the default ensemble, and a weekday at half load from 03:00 with the weekly one.
 */
class OutageShapeTest {

  private static final int DAY = 1440;
  private static final int SEEDS = 8;

  @Test
  void
      traffic_winding_down_to_zero_over_an_hour_at_a_peak_of_200_is_reported_during_the_wind_down() {
    for (int seed = 1; seed <= SEEDS; seed++) {
      int start = 10 * DAY + 12 * 60;
      double[] values = shaped(seed, 16, false, start, 0, 4 * 60);
      boolean[] flagged = OutageShapeProbe.flags(Detectors::defaultEnsemble, values);
      assertThat(Synthetic.count(flagged, start, start + 60)).as("seed %d", seed).isPositive();
      assertThat(Synthetic.count(flagged, 3 * DAY, start)).as("seed %d, before", seed).isZero();
    }
  }

  @Test
  void traffic_winding_down_to_thirty_percent_and_held_for_six_hours_is_reported() {
    for (int seed = 1; seed <= SEEDS; seed++) {
      int start = 10 * DAY + 12 * 60;
      double[] values = shaped(seed, 16, false, start, 0.3, 7 * 60);
      boolean[] flagged = OutageShapeProbe.flags(Detectors::defaultEnsemble, values);
      assertThat(Synthetic.count(flagged, start, start + 7 * 60)).as("seed %d", seed).isPositive();
      assertThat(Synthetic.count(flagged, 3 * DAY, start)).as("seed %d, before", seed).isZero();
    }
  }

  @Test
  void a_weekday_at_half_load_from_three_in_the_morning_is_reported_by_the_weekly_ensemble() {
    // Wednesday of the fourth week, on traffic whose weekends are at half load.
    int start = 23 * DAY + 3 * 60;
    for (int seed = 1; seed <= SEEDS; seed++) {
      double[] values = OutageShapeProbe.traffic(seed, 200, 35, true);
      Random random = new Random(1000L + seed);
      for (int i = start; i < start + 20 * 60; i++) {
        values[i] = OutageShapeProbe.draw(random, 0.5 * OutageShapeProbe.mean(200, i, true));
      }
      boolean[] flagged = OutageShapeProbe.flags(Detectors::weeklyEnsemble, values);
      assertThat(Synthetic.count(flagged, start, start + 20 * 60)).as("seed %d", seed).isPositive();
    }
  }

  /** Daily (or weekly) traffic with a wind-down over an hour to {@code to}, held to {@code end}. */
  private static double[] shaped(
      long seed, int days, boolean weekly, int start, double to, int end) {
    double[] values = OutageShapeProbe.traffic(seed, 200, days, weekly);
    Random random = new Random(1000L + seed);
    for (int i = start; i < start + end; i++) {
      double factor = OutageShapeProbe.windDown(i - start, to, end);
      values[i] = OutageShapeProbe.draw(random, factor * OutageShapeProbe.mean(200, i, weekly));
    }
    return values;
  }
}
