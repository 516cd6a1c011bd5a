package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A daily request rate sampled every 15 seconds that stops at 0: judged as a count per minute, and
 * kept out of the daily profile while it lasts, so that neither the return nor the next day's
 * traffic at that hour is news.
 */
class ShortStepStopTest {

  private static final double THRESHOLD = 0.5;
  private static final long STEP_15S = 15_000;
  private static final int DAY = 4 * 1440;
  private static final int HOUR = 240;
  private static final int DAYS = 12;
  private static final int SEEDS = 4;

  @Test
  void low_traffic_at_zero_for_an_hour_at_fifteen_second_steps_is_reported() {
    // About 20 requests a minute at the peak, 5 a point: before, in none of eight seeds, since 5
    // was not three robust standard deviations of a point above 0.
    int start = 10 * DAY + 14 * HOUR;
    for (int seed = 1; seed <= SEEDS; seed++) {
      double[] values = dailyRequests(new Random(seed), 5);
      for (int i = start; i < start + HOUR; i++) {
        values[i] = 0;
      }
      boolean[] flagged = Synthetic.flags(values, STEP_15S, THRESHOLD);
      assertThat(Synthetic.count(flagged, start, start + HOUR)).as("seed %d", seed).isPositive();
    }
  }

  @Test
  void traffic_at_the_same_hour_the_day_after_an_hour_at_zero_raises_nothing() {
    // About 1,000 requests a minute at the peak: before, the slot learnt 0 within minutes of the
    // stop's confirmation, and the next day's traffic at 14:00 was reported in 4 of 8 seeds.
    int start = 10 * DAY + 14 * HOUR;
    for (int seed = 1; seed <= SEEDS; seed++) {
      double[] values = dailyRequests(new Random(seed), 250);
      for (int i = start; i < start + HOUR; i++) {
        values[i] = 0;
      }
      boolean[] flagged = Synthetic.flags(values, STEP_15S, THRESHOLD);
      assertThat(Synthetic.count(flagged, start, start + HOUR)).as("seed %d", seed).isPositive();
      assertThat(Synthetic.count(flagged, start + DAY - HOUR, start + DAY + 2 * HOUR))
          .as("seed %d, next day", seed)
          .isZero();
    }
  }

  @Test
  void low_traffic_at_fifteen_second_steps_without_incident_reports_no_stop() {
    for (int seed = 1; seed <= SEEDS; seed++) {
      boolean[] flagged = Synthetic.flags(dailyRequests(new Random(seed), 5), STEP_15S, THRESHOLD);
      assertThat(Synthetic.count(flagged, 3 * DAY, DAYS * DAY))
          .as("seed %d", seed)
          .isLessThanOrEqualTo(1);
    }
  }

  /**
   * Returns {@link #DAYS} days of 15-second request counts, Poisson around {@code peak} times a
   * daily curve from 0.2 at 03:00 to 1 at 15:00.
   */
  private static double[] dailyRequests(Random random, double peak) {
    double[] values = new double[DAYS * DAY];
    for (int i = 0; i < values.length; i++) {
      double hour = (i % DAY) / (double) HOUR;
      values[i] = Synthetic.poisson(random, peak * Synthetic.daily(hour));
    }
    return values;
  }
}
