package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One point stamped far in the future must not freeze the time-based detectors. */
class FutureTimestampTest {

  private static final long MINUTE = 60_000L;
  private static final long FIVE_MINUTES = 300_000L;
  private static final long DAY = 86_400_000L;
  private static final long TEN_YEARS = 3650 * DAY;

  @Test
  void clock_rejects_a_single_jump_and_keeps_going_from_the_latest_accepted_time() {
    JumpGuardedClock clock = new JumpGuardedClock(10 * MINUTE);
    assertThat(clock.accept(0)).isEqualTo(0);
    assertThat(clock.accept(TEN_YEARS)).isEqualTo(JumpGuardedClock.REJECTED);
    assertThat(clock.accept(MINUTE)).isEqualTo(MINUTE);
    assertThat(clock.accept(30 * MINUTE)).isEqualTo(JumpGuardedClock.REJECTED);
    assertThat(clock.accept(-5 * MINUTE)).isEqualTo(MINUTE);
    assertThat(clock.rejected()).isEqualTo(2);
  }

  @Test
  void clock_accepts_a_real_gap_from_its_second_point() {
    JumpGuardedClock clock = new JumpGuardedClock(10 * MINUTE);
    clock.accept(0);
    assertThat(clock.accept(DAY)).isEqualTo(JumpGuardedClock.REJECTED);
    assertThat(clock.accept(DAY + MINUTE)).isEqualTo(DAY + MINUTE);
    assertThat(clock.accept(DAY + 2 * MINUTE)).isEqualTo(DAY + 2 * MINUTE);
    assertThat(clock.accept(Long.MAX_VALUE)).isEqualTo(JumpGuardedClock.REJECTED);
    assertThat(clock.latest()).isEqualTo(DAY + 2 * MINUTE);
  }

  @Test
  void threshold_rule_lets_old_breaches_expire_after_a_future_point() {
    ThresholdRule rule =
        new ThresholdRule(
            80, ThresholdRule.Direction.ABOVE, Duration.ofHours(1), 0.3, 10, GapPolicy.ignore());
    for (int i = 0; i < 60; i++) {
      rule.update(i * MINUTE, 90);
    }
    assertThat(rule.update(TEN_YEARS, 90)).isZero();
    double score = 1;
    for (int i = 60; i < 240; i++) {
      score = rule.update(i * MINUTE, 50);
    }
    assertThat(rule.breachingShare()).isZero();
    assertThat(score).isLessThan(0.5);
    assertThat(rule.rejectedTimestamps()).isEqualTo(1);
  }

  @Test
  void trend_detector_keeps_closing_buckets_after_a_future_point() {
    TrendDetector detector = new TrendDetector();
    Random random = new Random(61);
    double score = 0;
    for (int i = 0; i < 288 * 4; i++) {
      long t = i * FIVE_MINUTES;
      if (i == 288) {
        detector.update(TEN_YEARS, 60);
      }
      double level = i < 288 * 2 ? 60 : 60 + 5.0 * (t - 2 * DAY) / DAY;
      score = detector.update(t, level + random.nextGaussian());
    }
    assertThat(score).isGreaterThanOrEqualTo(0.5);
    assertThat(detector.slopePerDay()).isPositive();
    assertThat(detector.rejectedTimestamps()).isEqualTo(1);
  }

  @Test
  void seasonal_detector_keeps_recognising_the_cycle_after_a_future_point() {
    SeasonalDetector detector = new SeasonalDetector();
    Random random = new Random(62);
    int perDay = 288;
    for (int i = 0; i < perDay * 4; i++) {
      if (i == perDay) {
        detector.update(TEN_YEARS, 50);
      }
      detector.update(
          i * FIVE_MINUTES, 50 + 30 * Math.sin(2 * Math.PI * i / perDay) + random.nextGaussian());
    }
    assertThat(detector.isSeasonal()).isTrue();
    int i = perDay * 4 + perDay / 4; // the daily peak, about 80
    assertThat(detector.update(i * FIVE_MINUTES, 20)).isGreaterThanOrEqualTo(0.5);
    assertThat(detector.rejectedTimestamps()).isEqualTo(1);
  }
}
