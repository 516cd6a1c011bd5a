package io.topdeck.monitoring.core.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.api.MetricPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SaturationRuleTest {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  /** 96 quarter-hourly points of the last 24 h, the first {@code below} of them at 70. */
  private static List<MetricPoint> lastDay(int below) {
    List<MetricPoint> points = new ArrayList<>();
    for (int i = 0; i < 96; i++) {
      Instant t = NOW.minus(Duration.ofMinutes(15L * (96 - i)));
      points.add(new MetricPoint(t, i < below ? 70 : 85));
    }
    points.add(new MetricPoint(NOW.minus(Duration.ofDays(2)), 99));
    return points;
  }

  @Test
  void holdsWhenAtLeastTheFractionOfTheWindowIsAboveTheThreshold() {
    SaturationRule.Result result = SaturationRule.DEFAULT.evaluate(lastDay(9), NOW);

    assertThat(result.samples()).isEqualTo(96);
    assertThat(result.breachingFraction()).isEqualTo(87 / 96.0);
    assertThat(result.holds()).isTrue();
    assertThat(SaturationRule.DEFAULT.evaluate(lastDay(10), NOW).holds()).isFalse();
  }

  @Test
  void missingValuesDoNotCountAndTooFewSamplesNeverHold() {
    List<MetricPoint> few = new ArrayList<>();
    for (int i = 1; i <= 11; i++) {
      few.add(new MetricPoint(NOW.minus(Duration.ofHours(i)), 90));
      few.add(new MetricPoint(NOW.minus(Duration.ofHours(i)).plusSeconds(1), Double.NaN));
    }

    SaturationRule.Result result = SaturationRule.DEFAULT.evaluate(few, NOW);

    assertThat(result.samples()).isEqualTo(11);
    assertThat(result.holds()).isFalse();
    assertThat(SaturationRule.DEFAULT.evaluate(List.of(), NOW).breachingFraction()).isNaN();
  }

  @Test
  void describesItselfAndRejectsABadFraction() {
    assertThat(SaturationRule.DEFAULT.describe()).isEqualTo("above 80 for 90% of the last 24 h");
    assertThatThrownBy(() -> new SaturationRule(80, 0, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fraction must be in (0, 1], but was 0.0");
  }
}
