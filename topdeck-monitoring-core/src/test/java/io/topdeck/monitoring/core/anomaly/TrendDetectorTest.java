package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrendDetectorTest {

  private static final long FIVE_MINUTES = 300_000L;
  private static final long DAY = 86_400_000L;

  @Test
  void slow_growth_is_flagged_with_its_crossing_time() {
    // Disk usage growing 5 points a day from 60%, with noise of 1 point, sampled every 5 minutes.
    TrendDetector detector = new TrendDetector();
    Random random = new Random(51);
    double score = 0;
    long t = 0;
    for (int i = 0; i < 288 * 4; i++) {
      t = i * FIVE_MINUTES;
      score = detector.update(t, 60 + 5.0 * t / DAY + random.nextGaussian());
    }
    assertThat(score).isGreaterThanOrEqualTo(0.5);
    assertThat(detector.slopePerDay()).isCloseTo(5.0, within(0.3));
    // At day 4 the level is about 80: 95% is about 3 days away.
    long crossing = detector.forecastCrossing(95).orElseThrow();
    assertThat((double) crossing / DAY).isCloseTo(7.0, within(0.3));
    assertThat(detector.describeCrossing(95, "percent", t))
        .isEqualTo("reaches 95% in about 3 days");
  }

  @Test
  void trend_away_from_the_level_has_no_crossing() {
    TrendDetector detector = new TrendDetector();
    Random random = new Random(52);
    for (int i = 0; i < 288 * 4; i++) {
      long t = i * FIVE_MINUTES;
      detector.update(t, 60 - 5.0 * t / DAY + random.nextGaussian());
    }
    assertThat(detector.forecastCrossing(95)).isEmpty();
    assertThat(detector.forecastCrossing(10)).isPresent();
  }

  @Test
  void flat_noise_has_no_trend_and_no_forecast() {
    TrendDetector detector = new TrendDetector();
    Random random = new Random(53);
    double maxScore = 0;
    for (int i = 0; i < 288 * 6; i++) {
      maxScore = Math.max(maxScore, detector.update(i * FIVE_MINUTES, 60 + random.nextGaussian()));
    }
    assertThat(maxScore).isLessThan(0.5);
    assertThat(detector.forecastCrossing(95)).isEmpty();
    assertThat(detector.describeCrossing(95, "percent", 0)).isEmpty();
  }

  @Test
  void durations_read_as_rounded_words() {
    assertThat(TrendDetector.about(Duration.ofMinutes(20))).isEqualTo("under an hour");
    assertThat(TrendDetector.about(Duration.ofMinutes(65))).isEqualTo("about 1 hour");
    assertThat(TrendDetector.about(Duration.ofHours(30))).isEqualTo("about 30 hours");
    assertThat(TrendDetector.about(Duration.ofHours(70))).isEqualTo("about 3 days");
  }

  @Test
  void constant_series_sampled_irregularly_has_no_trend() {
    for (double level : new double[] {0.1, 73.3, 1e9 + 0.1, 1e300}) {
      TrendDetector detector = new TrendDetector();
      Random random = new Random(53);
      long t = 0;
      double max = 0;
      for (int i = 0; i < 100_000; i++) {
        t += 1000 + random.nextInt(120_000);
        max = Math.max(max, detector.update(t, level));
      }
      assertThat(max).as("largest score at level %s", level).isZero();
      assertThat(detector.forecastCrossing(2 * level)).isEmpty();
    }
  }

  @Test
  void level_with_rounding_noise_has_no_trend() {
    TrendDetector detector = new TrendDetector();
    Random random = new Random(54);
    double max = 0;
    for (int i = 0; i < 288 * 6; i++) {
      double level = 73.3 * (1 + 1e-15 * random.nextGaussian()) + 1e-14 * i / 288;
      max = Math.max(max, detector.update(i * FIVE_MINUTES, level));
    }
    assertThat(max).isZero();
  }
}
