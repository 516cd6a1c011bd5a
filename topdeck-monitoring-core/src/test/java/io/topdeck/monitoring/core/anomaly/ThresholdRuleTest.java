package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThresholdRuleTest {

  private static final long MINUTE = 60_000L;
  private static final Duration DAY = Duration.ofDays(1);

  @Test
  void fires_when_above_the_level_for_the_required_share_of_the_window() {
    ThresholdRule rule = ThresholdRule.above(80, 0.9, DAY);
    double score = 0;
    for (int i = 0; i < 24 * 60; i++) {
      score = rule.update(i * MINUTE, i % 20 == 0 ? 70 : 85); // 95% of samples above 80
    }
    assertThat(score).isEqualTo(1.0);
    assertThat(rule.breachingShare()).isEqualTo(0.95);
  }

  @Test
  void stays_under_half_when_the_share_is_too_small() {
    ThresholdRule rule = ThresholdRule.above(80, 0.9, DAY);
    double score = 1;
    for (int i = 0; i < 24 * 60; i++) {
      score = rule.update(i * MINUTE, i % 2 == 0 ? 70 : 85);
    }
    assertThat(score).isLessThan(0.5).isGreaterThan(0.25);
  }

  @Test
  void old_breaches_leave_the_window() {
    ThresholdRule rule = ThresholdRule.above(80, 0.9, DAY);
    for (int i = 0; i < 24 * 60; i++) {
      rule.update(i * MINUTE, 90);
    }
    double score = 1;
    for (int i = 24 * 60; i < 48 * 60; i++) {
      score = rule.update(i * MINUTE, 50);
    }
    assertThat(score).isZero();
    assertThat(rule.breachingShare()).isZero();
  }

  @Test
  void ignoring_gaps_leaves_the_share_alone() {
    ThresholdRule rule =
        new ThresholdRule(80, ThresholdRule.Direction.ABOVE, DAY, 0.5, 10, GapPolicy.ignore());
    for (int i = 0; i < 100; i++) {
      rule.update(i * MINUTE, i < 50 ? 90 : Double.NaN);
    }
    assertThat(rule.breachingShare()).isEqualTo(1.0);
  }

  @Test
  void missing_data_can_count_as_breaching() {
    ThresholdRule rule =
        new ThresholdRule(
            80, ThresholdRule.Direction.ABOVE, DAY, 0.5, 10, GapPolicy.treatAsBreaching());
    double score = 0;
    for (int i = 0; i < 100; i++) {
      score = rule.update(i * MINUTE, i < 40 ? 50 : Double.NaN);
    }
    assertThat(rule.breachingShare()).isEqualTo(0.6);
    assertThat(score).isEqualTo(1.0);
  }

  @Test
  void alert_after_fires_only_once_data_is_missing_for_longer_than_allowed() {
    ThresholdRule rule =
        new ThresholdRule(
            80,
            ThresholdRule.Direction.ABOVE,
            DAY,
            0.9,
            10,
            GapPolicy.alertAfter(Duration.ofMinutes(5)));
    for (int i = 0; i < 30; i++) {
      assertThat(rule.update(i * MINUTE, 50)).isLessThan(0.5);
    }
    assertThat(rule.update(33 * MINUTE, Double.NaN)).isLessThan(0.5);
    assertThat(rule.update(36 * MINUTE, Double.NaN)).isEqualTo(1.0);
    // The first value after a silent gap reports the gap too.
    assertThat(rule.update(60 * MINUTE, 50)).isEqualTo(1.0);
    assertThat(rule.update(61 * MINUTE, 50)).isLessThan(0.5);
  }

  @Test
  void below_rules_breach_under_the_level() {
    ThresholdRule rule =
        new ThresholdRule(
            10, ThresholdRule.Direction.BELOW, Duration.ofHours(1), 1.0, 5, GapPolicy.ignore());
    double score = 0;
    for (int i = 0; i < 60; i++) {
      score = rule.update(i * MINUTE, 5);
    }
    assertThat(score).isEqualTo(1.0);
  }

  @Test
  void constructor_rejects_a_share_above_one() {
    assertThatThrownBy(() -> ThresholdRule.above(80, 1.5, DAY))
        .hasMessage("fraction must be in (0, 1], but was 1.5");
    assertThatThrownBy(() -> GapPolicy.alertAfter(Duration.ZERO))
        .hasMessage("ALERT_AFTER needs a positive duration");
  }

  @Test
  void alert_after_fires_for_a_series_without_data_since_its_first_point() {
    ThresholdRule rule =
        new ThresholdRule(
            80,
            ThresholdRule.Direction.ABOVE,
            DAY,
            0.9,
            10,
            GapPolicy.alertAfter(Duration.ofMinutes(10)));
    for (int i = 0; i <= 10; i++) {
      assertThat(rule.update(i * MINUTE, Double.NaN)).isZero();
    }
    assertThat(rule.update(11 * MINUTE, Double.NaN)).isEqualTo(1.0);
  }
}
