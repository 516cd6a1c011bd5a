package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The default detector on a request rate with a daily cycle at one-minute steps, when the traffic
 * drops below its usual values for half an hour or more without any point far enough out on its own
 * (a drop to 60% held for hours or days): it is reported, and the same series without an incident
 * stays silent.
 */
class SeasonalRunTest {

  private static final double THRESHOLD = 0.5;
  private static final long STEP_1MIN = 60_000;
  private static final int DAY = 1440;
  private static final int DAYS = 14;
  private static final int SEEDS = 4;

  @Test
  void traffic_at_sixty_percent_from_ten_for_six_hours_or_three_days_is_reported() {
    int start = 10 * DAY + 10 * 60;
    for (int hours : new int[] {6, 72}) {
      for (int seed = 1; seed <= SEEDS; seed++) {
        Random random = new Random(seed);
        double[] values = dailyRequests(random, 1000);
        for (int i = start; i < Math.min(values.length, start + hours * 60); i++) {
          values[i] = Math.round(0.6 * values[i]);
        }
        boolean[] flagged = run(values);
        String as = hours + " hours, seed " + seed;
        assertThat(within(flagged, start, start + 60)).as(as).isPositive();
        assertThat(within(flagged, 3 * DAY, start)).as(as + ", before").isZero();
      }
    }
  }

  @Test
  void daily_request_rates_without_incident_stay_silent_after_their_first_days() {
    for (int seed = 1; seed <= 2 * SEEDS; seed++) {
      boolean[] flagged = run(dailyRequests(new Random(seed), 1000));
      assertThat(within(flagged, 3 * DAY, DAYS * DAY)).as("seed %d", seed).isZero();
    }
  }

  /**
   * Returns two weeks of one-minute request counts, Poisson around {@code peak} times a daily curve
   * from 0.2 at 03:00 to 1 at 15:00 (normal with the same spread once the mean is over 50).
   */
  private static double[] dailyRequests(Random random, double peak) {
    double[] values = new double[DAYS * DAY];
    for (int i = 0; i < values.length; i++) {
      double hour = (i % DAY) / 60.0;
      double mean = peak * (0.6 - 0.4 * Math.cos(2 * Math.PI * (hour - 3) / 24));
      values[i] =
          mean > 50
              ? Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()))
              : Synthetic.poisson(random, mean);
    }
    return values;
  }

  private static boolean[] run(double[] values) {
    StreamingDetector detector = Detectors.defaultEnsemble();
    boolean[] flagged = new boolean[values.length];
    long start = Synthetic.START.toEpochMilli();
    for (int i = 0; i < values.length; i++) {
      flagged[i] = detector.update(start + i * STEP_1MIN, values[i]) >= THRESHOLD;
    }
    return flagged;
  }

  private static int within(boolean[] flagged, int from, int to) {
    int count = 0;
    for (int i = from; i < Math.min(to, flagged.length); i++) {
      count += flagged[i] ? 1 : 0;
    }
    return count;
  }
}
