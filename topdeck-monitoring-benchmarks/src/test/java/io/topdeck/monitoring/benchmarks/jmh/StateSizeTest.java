package io.topdeck.monitoring.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.core.anomaly.Detectors;
import io.topdeck.monitoring.core.anomaly.StreamingDetector;
import org.junit.jupiter.api.Test;

class StateSizeTest {

  /** Two primitives and an array: 12 + 8 + 4 + 4 = 28, padded to 32; the array 16 + 24 = 40. */
  static final class Sample {
    long first = 1;
    int second = 2;
    double[] third = new double[3];
  }

  @Test
  void estimate_counts_headers_fields_and_arrays_with_padding() {
    assertThat(StateSize.estimate(new Sample())).isEqualTo(72);
  }

  @Test
  void default_ensemble_keeps_at_most_two_kibibytes_per_series() {
    StreamingDetector detector = Detectors.defaultEnsemble();
    for (int i = 0; i < 5000; i++) {
      detector.update(i * 60_000L, Math.sin(i / 30.0) * 10 + (i % 7));
    }
    assertThat(StateSize.estimate(detector)).isLessThanOrEqualTo(2048);
  }

  @Test
  void weekly_ensemble_keeps_its_168_slots_on_top_of_the_default() {
    StreamingDetector weekly = Detectors.weeklyEnsemble();
    StreamingDetector daily = Detectors.defaultEnsemble();
    for (int i = 0; i < 5000; i++) {
      double v = Math.sin(i / 30.0) * 10 + (i % 7);
      weekly.update(i * 60_000L, v);
      daily.update(i * 60_000L, v);
    }
    // 144 more slots of two floats each.
    assertThat(StateSize.estimate(weekly) - StateSize.estimate(daily)).isEqualTo(144 * 8);
  }
}
