package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Anomaly;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The default detector on series whose rolling MAD is 0 most of the time (on/off flags, low-rate
 * counts): the values they take now and then are ordinary for them and raise nothing, while a value
 * they have never taken is still reported.
 */
class ZeroSpreadSeriesTest {

  private static final int POINTS = 50_000;
  private static final int SHIFT = 200;

  /**
   * Over eight seeds of 46,000 points: 5 measured, 33 before the off-season part took the floor.
   */
  private static final long QUEUE_LIMIT = 8;

  @Test
  void zeros_with_two_percent_ones_raise_no_anomaly() {
    SplittableRandom random = new SplittableRandom(7);
    assertThat(anomalies(() -> random.nextDouble() < 0.02 ? 1 : 0)).isEmpty();
  }

  @Test
  void tens_with_one_percent_elevens_raise_no_anomaly() {
    SplittableRandom random = new SplittableRandom(8);
    assertThat(anomalies(() -> random.nextDouble() < 0.01 ? 11 : 10)).isEmpty();
  }

  @Test
  void hundred_plus_sparse_poisson_counts_raise_no_anomaly() {
    SplittableRandom random = new SplittableRandom(9);
    assertThat(anomalies(() -> 100 + Synthetic.poisson(random::nextDouble, 0.05))).isEmpty();
  }

  @Test
  void low_rate_poisson_counts_raise_no_anomaly() {
    SplittableRandom random = new SplittableRandom(10);
    assertThat(anomalies(() -> Synthetic.poisson(random::nextDouble, 0.3))).isEmpty();
  }

  @Test
  void a_fifty_among_zeros_and_ones_is_reported() {
    SplittableRandom random = new SplittableRandom(11);
    double[] values = values(() -> random.nextDouble() < 0.02 ? 1 : 0);
    values[30_000] = 50;
    assertThat(anomalies(values)).extracting(Anomaly::currentValue).containsExactly(50.0);
  }

  @Test
  void an_eleven_after_twenty_thousand_exact_tens_is_reported() {
    double[] values = new double[POINTS];
    Arrays.fill(values, 10);
    values[20_000] = 11;
    assertThat(anomalies(values))
        .extracting(Anomaly::detectedAt)
        .containsExactly(Synthetic.at(20_000));
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 5, 7})
  void a_sustained_new_level_a_few_steps_above_zeros_and_ones_is_reported(int level) {
    SplittableRandom random = new SplittableRandom(12);
    double[] values = values(() -> random.nextDouble() < 0.02 ? 1 : 0);
    assertThat(anomalies(shifted(values, 20_000, level)))
        .extracting(Anomaly::detectedAt)
        .anyMatch(ZeroSpreadSeriesTest::inShift);
  }

  @Test
  void sparse_poisson_counts_jumping_to_a_sustained_five_are_reported() {
    SplittableRandom random = new SplittableRandom(13);
    double[] values = values(() -> Synthetic.poisson(random::nextDouble, 0.05));
    assertThat(anomalies(shifted(values, 20_000, 5)))
        .extracting(Anomaly::detectedAt)
        .anyMatch(ZeroSpreadSeriesTest::inShift);
  }

  @Test
  void tens_with_one_percent_elevens_jumping_to_a_sustained_thirteen_are_reported() {
    SplittableRandom random = new SplittableRandom(14);
    double[] values = values(() -> random.nextDouble() < 0.01 ? 11 : 10);
    assertThat(anomalies(shifted(values, 20_000, 13)))
        .extracting(Anomaly::detectedAt)
        .anyMatch(ZeroSpreadSeriesTest::inShift);
  }

  @Test
  void tens_with_one_percent_elevens_dropping_to_a_sustained_seven_are_reported() {
    SplittableRandom random = new SplittableRandom(15);
    double[] values = values(() -> random.nextDouble() < 0.01 ? 11 : 10);
    assertThat(anomalies(shifted(values, 20_000, 7)))
        .extracting(Anomaly::detectedAt)
        .anyMatch(ZeroSpreadSeriesTest::inShift);
  }

  @Test
  void flag_toggling_about_hourly_raises_nothing_once_past_its_first_days() {
    long after = 0;
    for (int seed = 1; seed <= 8; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      double flag = 0;
      double[] values = new double[20_000];
      for (int i = 0; i < values.length; i++) {
        flag = random.nextDouble() < 1.0 / 60 ? 1 - flag : flag;
        values[i] = flag;
      }
      after += flaggedFrom(4000, values);
    }
    // Before, the off-season part reported a toggle to the value its hour saw least, 13 to 18
    // times per seed once the daily profile was known.
    assertThat(after).isZero();
  }

  @Test
  void bursty_queue_of_zeros_raises_few_anomalies_once_past_its_first_days() {
    long after = 0;
    for (int seed = 1; seed <= 8; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      double depth = 0;
      double[] values = new double[50_000];
      for (int i = 0; i < values.length; i++) {
        // Bursts of geometric size about every 50 points, drained by 8 a point.
        depth += random.nextDouble() < 0.02 ? 1 + (int) (-20 * Math.log(random.nextDouble())) : 0;
        depth = Math.max(0, depth - 8);
        values[i] = depth;
      }
      after += flaggedFrom(4000, values);
    }
    assertThat(after).isLessThanOrEqualTo(QUEUE_LIMIT);
  }

  /** Returns how many points from {@code from} on the default ensemble scores at 0.5 or more. */
  private static long flaggedFrom(int from, double[] values) {
    return Synthetic.flagged(Synthetic.scores(Detectors.defaultEnsemble(), values), 0.5).stream()
        .filter(i -> i >= from)
        .count();
  }

  private static double[] shifted(double[] values, int from, double level) {
    for (int i = from; i < from + SHIFT; i++) {
      values[i] = level;
    }
    return values;
  }

  private static boolean inShift(Instant t) {
    return !t.isBefore(Synthetic.at(20_000)) && t.isBefore(Synthetic.at(20_000 + SHIFT));
  }

  private static List<Anomaly> anomalies(DoubleSupplier noise) {
    return anomalies(values(noise));
  }

  private static double[] values(DoubleSupplier noise) {
    double[] values = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      values[i] = noise.getAsDouble();
    }
    return values;
  }

  private static List<Anomaly> anomalies(double[] values) {
    return SeriesAnomalyDetector.detect("host-1", Synthetic.series("flag", "", values));
  }
}
