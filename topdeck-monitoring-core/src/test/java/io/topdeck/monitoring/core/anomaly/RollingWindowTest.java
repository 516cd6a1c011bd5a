package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RollingWindowTest {

  @Test
  void median_and_mad_match_a_full_sort_of_the_last_values() {
    Random random = new Random(7);
    for (int capacity : new int[] {3, 4, 5, 16, 63, 64}) {
      RollingWindow window = new RollingWindow(capacity);
      Deque<Double> last = new ArrayDeque<>();
      for (int i = 0; i < 2000; i++) {
        // Few distinct values, so ties and repeated evictions are exercised too.
        double value = random.nextInt(4) == 0 ? random.nextInt(5) : random.nextGaussian() * 10;
        window.add(value);
        last.addLast(value);
        if (last.size() > capacity) {
          last.removeFirst();
        }
        double[] sorted = last.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = median(sorted);
        double[] distances =
            Arrays.stream(sorted).map(v -> Math.abs(v - median)).sorted().toArray();
        assertThat(window.size()).isEqualTo(sorted.length);
        assertThat(window.median()).isEqualTo(median);
        assertThat(window.mad()).isCloseTo(median(distances), within(1e-12));
        assertThat(window.min()).isEqualTo(sorted[0]);
        assertThat(window.max()).isEqualTo(sorted[sorted.length - 1]);
      }
    }
  }

  @Test
  void negative_zero_and_zero_are_the_same_value() {
    RollingWindow window = new RollingWindow(3);
    for (int i = 0; i < 10; i++) {
      window.add(i % 2 == 0 ? -0.0 : 0.0);
    }
    assertThat(window.median()).isZero();
    assertThat(window.size()).isEqualTo(3);
  }

  @Test
  void quantile_interpolates_between_order_statistics() {
    RollingWindow window = new RollingWindow(8);
    for (double v : new double[] {4, 1, 3, 2, 5}) {
      window.add(v);
    }
    assertThat(window.quantile(0)).isEqualTo(1);
    assertThat(window.quantile(0.5)).isEqualTo(3);
    assertThat(window.quantile(0.125)).isEqualTo(1.5);
    assertThat(window.quantile(1)).isEqualTo(5);
  }

  @Test
  void statistics_of_values_near_the_largest_double_stay_finite() {
    RollingWindow window = new RollingWindow(8);
    for (int i = 0; i < 8; i++) {
      window.add(i % 2 == 0 ? Double.MAX_VALUE : -1.7e308);
    }
    assertThat(window.max()).isEqualTo(Magnitudes.LIMIT);
    assertThat(window.min()).isEqualTo(-Magnitudes.LIMIT);
    assertThat(window.median()).isEqualTo(0.0);
    assertThat(window.mad()).isEqualTo(Magnitudes.LIMIT);
    assertThat(window.meanAbsoluteDeviation()).isEqualTo(Magnitudes.LIMIT);
    assertThat(RobustDetector.robustScale(window, window.median())).isFinite().isPositive();
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }
}
