package io.topdeck.monitoring.core.anomaly;

import static io.topdeck.monitoring.core.anomaly.Synthetic.flagged;
import static io.topdeck.monitoring.core.anomaly.Synthetic.noise;
import static io.topdeck.monitoring.core.anomaly.Synthetic.plus;
import static io.topdeck.monitoring.core.anomaly.Synthetic.scores;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RobustDetectorTest {

  @Test
  void flat_noisy_series_scores_below_the_threshold_everywhere() {
    double[] s = scores(new RobustDetector(), noise(1, 5000, 100, 5));
    assertThat(flagged(s, 0.5)).isEmpty();
  }

  @Test
  void spike_is_flagged_at_its_own_point_only() {
    double[] values = plus(noise(2, 500, 100, 5), i -> i == 300 ? 120 : 0);
    double[] s = scores(new RobustDetector(), values);
    assertThat(flagged(s, 0.5)).containsExactly(300);
    assertThat(s[300]).isGreaterThan(0.9);
  }

  @Test
  void level_shift_is_flagged_from_its_first_point() {
    double[] values = plus(noise(3, 600, 100, 5), i -> i >= 300 ? 60 : 0);
    double[] s = scores(new RobustDetector(), values);
    assertThat(flagged(s, 0.5)).first().isEqualTo(300);
  }

  @Test
  void burst_of_non_finite_values_scores_zero_and_leaves_the_baseline_intact() {
    double[] values = noise(4, 600, 100, 5);
    for (int i = 200; i < 260; i++) {
      values[i] = i % 3 == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    }
    RobustDetector detector = new RobustDetector();
    double[] s = scores(detector, values);
    assertThat(flagged(s, 0.5)).isEmpty();
    assertThat(Arrays.copyOfRange(s, 200, 260)).containsOnly(0.0);
    assertThat(detector.baseline()).isBetween(95.0, 105.0);
  }

  @Test
  void cold_start_scores_zero_until_the_minimum_history() {
    double[] values = {1, 1000, -50, 7, 1e6, 3, 2, 9};
    double[] s = scores(new RobustDetector(64, 8, 5), values);
    assertThat(s).containsOnly(0.0);
  }

  @Test
  void constant_series_that_moves_is_flagged_without_dividing_by_zero() {
    double[] values = new double[100];
    Arrays.fill(values, 42);
    values[80] = 43;
    double[] s = scores(new RobustDetector(), values);
    assertThat(flagged(s, 0.5)).containsExactly(80);
    assertThat(Arrays.stream(s).allMatch(v -> v >= 0 && v <= 1)).isTrue();
  }

  @Test
  void constructor_rejects_history_longer_than_the_window() {
    assertThatThrownBy(() -> new RobustDetector(10, 11, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minHistory must be in [3, windowSize=10], but was 11");
  }
}
