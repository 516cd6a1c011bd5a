package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SeasonalDetectorTest {

  private static final long FIVE_MINUTES = 300_000L;
  private static final int PER_DAY = 288;

  private static double daily(int i, Random random) {
    return 50 + 30 * Math.sin(2 * Math.PI * i / PER_DAY) + random.nextGaussian();
  }

  @Test
  void detects_a_daily_cycle_after_two_days_and_flags_an_off_season_value() {
    SeasonalDetector detector = new SeasonalDetector();
    Random random = new Random(41);
    int i = 0;
    for (; i < PER_DAY * 2 - 1; i++) {
      assertThat(detector.update(i * FIVE_MINUTES, daily(i, random))).isZero();
    }
    double maxNormal = 0;
    for (; i < PER_DAY * 6 + 216; i++) {
      maxNormal = Math.max(maxNormal, detector.update(i * FIVE_MINUTES, daily(i, random)));
    }
    assertThat(detector.isSeasonal()).isTrue();
    assertThat(maxNormal).isLessThan(0.5);
    assertThat(detector.update(i * FIVE_MINUTES, 78)).isGreaterThan(0.9);
    assertThat(detector.baseline()).isBetween(17.0, 25.0);
  }

  @Test
  void gaps_and_irregular_sampling_keep_the_cycle() {
    SeasonalDetector detector = new SeasonalDetector();
    Random random = new Random(42);
    double maxScore = 0;
    for (int i = 0; i < PER_DAY * 6; i++) {
      if (i % PER_DAY > 100 && i % PER_DAY < 140 || random.nextInt(3) == 0) {
        continue; // a daily gap of over three hours, and a third of points dropped
      }
      long jitter = random.nextInt(60_000);
      maxScore = Math.max(maxScore, detector.update(i * FIVE_MINUTES + jitter, daily(i, random)));
    }
    assertThat(detector.isSeasonal()).isTrue();
    assertThat(maxScore).isLessThan(0.5);
  }

  @Test
  void noise_without_a_cycle_is_not_seasonal_and_scores_zero() {
    SeasonalDetector detector = new SeasonalDetector();
    Random random = new Random(43);
    for (int i = 0; i < PER_DAY * 6; i++) {
      assertThat(detector.update(i * FIVE_MINUTES, 50 + random.nextGaussian())).isZero();
    }
    assertThat(detector.isSeasonal()).isFalse();
  }
}
