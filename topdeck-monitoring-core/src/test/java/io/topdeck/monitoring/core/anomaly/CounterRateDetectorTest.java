package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CounterRateDetectorTest {

  @Test
  void feeds_per_second_rates_and_counts_restarts() {
    List<Double> rates = new ArrayList<>();
    CounterRateDetector detector =
        new CounterRateDetector(
            (t, rate) -> {
              rates.add(rate);
              return 0;
            });
    detector.update(0, 100);
    detector.update(10_000, 200); // 10 per second
    detector.update(20_000, 5); // restart
    detector.update(30_000, 55); // 5 per second
    assertThat(rates).containsExactly(10.0, 5.0);
    assertThat(detector.resets()).isEqualTo(1);
  }

  @Test
  void duplicated_timestamps_and_nan_carry_no_rate() {
    List<Double> rates = new ArrayList<>();
    CounterRateDetector detector =
        new CounterRateDetector(
            (t, rate) -> {
              rates.add(rate);
              return 0;
            });
    detector.update(0, 100);
    detector.update(0, 150);
    detector.update(5_000, Double.NaN);
    detector.update(10_000, 300);
    assertThat(rates).containsExactly(20.0);
  }

  @Test
  void one_point_far_in_the_future_does_not_stop_the_rates() {
    List<Double> rates = new ArrayList<>();
    CounterRateDetector detector =
        new CounterRateDetector(
            (t, rate) -> {
              rates.add(rate);
              return 0;
            });
    detector.update(0, 100);
    detector.update(10_000, 200);
    detector.update(315_360_000_000_000L, 250);
    detector.update(20_000, 300);
    detector.update(30_000, 400);
    assertThat(rates).containsExactly(10.0, 10.0, 10.0);
    assertThat(detector.rejectedTimestamps()).isEqualTo(1);
  }

  @Test
  void rates_between_stamps_at_opposite_ends_of_the_long_range_stay_positive() {
    List<Double> rates = new ArrayList<>();
    CounterRateDetector detector =
        new CounterRateDetector(
            (t, rate) -> {
              rates.add(rate);
              return 0;
            });
    detector.update(Long.MIN_VALUE + 10, 0);
    detector.update(Long.MAX_VALUE - 10, 10);
    detector.update(Long.MAX_VALUE - 5, 20);
    // The middle point lies too far ahead to be taken alone; the last one confirms it, and the
    // rate runs from the first: an increase of 20 over almost 2^64 ms.
    assertThat(rates).singleElement().satisfies(rate -> assertThat(rate).isPositive());
    assertThat(rates.get(0)).isCloseTo(20_000 / 0x1p64, withinPercentage(1));
  }
}
