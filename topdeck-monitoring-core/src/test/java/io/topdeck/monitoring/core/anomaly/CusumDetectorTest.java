package io.topdeck.monitoring.core.anomaly;

import static io.topdeck.monitoring.core.anomaly.Synthetic.flagged;
import static io.topdeck.monitoring.core.anomaly.Synthetic.noise;
import static io.topdeck.monitoring.core.anomaly.Synthetic.plus;
import static io.topdeck.monitoring.core.anomaly.Synthetic.scores;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CusumDetectorTest {

  @Test
  void small_lasting_shift_is_found_within_a_few_dozen_points_and_reported_once() {
    // A shift of 1.5 standard deviations: far too small for a spike detector.
    double[] values = plus(noise(31, 3000, 100, 2), i -> i >= 1500 ? 3 : 0);
    double[] s = scores(new CusumDetector(), values);
    List<Integer> flagged = flagged(s, 0.5);
    assertThat(flagged).isNotEmpty();
    assertThat(flagged.get(0)).isBetween(1500, 1540);
    assertThat(flagged(scores(new RobustDetector(), values), 0.5)).isEmpty();
    // After re-anchoring on the new level, the sums stay low for the rest of the series.
    assertThat(flagged.get(flagged.size() - 1)).isLessThan(1600);
  }

  @Test
  void downward_shift_is_found_too() {
    double[] values = plus(noise(32, 3000, 100, 2), i -> i >= 1500 ? -3 : 0);
    List<Integer> flagged = flagged(scores(new CusumDetector(), values), 0.5);
    assertThat(flagged).isNotEmpty();
    assertThat(flagged.get(0)).isBetween(1500, 1540);
  }

  @Test
  void stationary_noise_with_single_spikes_stays_under_the_threshold() {
    double[] values = plus(noise(33, 3000, 100, 2), i -> i % 500 == 250 ? 40 : 0);
    assertThat(flagged(scores(new CusumDetector(), values), 0.5)).isEmpty();
  }
}
