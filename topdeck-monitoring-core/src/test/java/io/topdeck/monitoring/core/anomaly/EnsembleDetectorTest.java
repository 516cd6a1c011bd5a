package io.topdeck.monitoring.core.anomaly;

import static io.topdeck.monitoring.core.anomaly.Synthetic.at;
import static io.topdeck.monitoring.core.anomaly.Synthetic.flagged;
import static io.topdeck.monitoring.core.anomaly.Synthetic.noise;
import static io.topdeck.monitoring.core.anomaly.Synthetic.plus;
import static io.topdeck.monitoring.core.anomaly.Synthetic.scores;
import static io.topdeck.monitoring.core.anomaly.Synthetic.series;
import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.MetricSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnsembleDetectorTest {

  private static final double THRESHOLD = 0.5;
  private static final long MINUTE = 60_000L;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void flat_noisy_series_gives_no_anomaly(long seed) {
    double[] values = noise(seed, 6000, seed % 2 == 0 ? 100 : 0.5, seed % 3 == 0 ? 7 : 0.1);
    double[] s = scores(Detectors.defaultEnsemble(), values);
    assertThat(flagged(s, THRESHOLD)).isEmpty();
  }

  @Test
  void cold_start_gives_no_anomaly_whatever_the_values() {
    Random random = new Random(9);
    StreamingDetector detector = Detectors.defaultEnsemble();
    for (int i = 0; i < 255; i++) {
      double wild = random.nextBoolean() ? random.nextGaussian() * 1e6 : i;
      assertThat(detector.update(i * MINUTE, wild)).isZero();
    }
  }

  @Test
  void spike_is_flagged_at_its_point() {
    double[] values = plus(noise(10, 2000, 100, 2), i -> i == 1500 ? 60 : 0);
    double[] s = scores(Detectors.defaultEnsemble(), values);
    assertThat(flagged(s, THRESHOLD)).containsExactly(1500);
  }

  @Test
  void level_shift_is_flagged_once_at_its_start() {
    double[] values = plus(noise(11, 3000, 100, 2), i -> i >= 1500 ? 40 : 0);
    double[] s = scores(Detectors.defaultEnsemble(), values);
    assertThat(flagged(s, THRESHOLD)).containsExactly(1500);
  }

  @Test
  void burst_of_nan_gives_no_anomaly_and_scores_zero() {
    double[] values = noise(12, 3000, 50, 1);
    Arrays.fill(values, 1000, 1100, Double.NaN);
    values[1200] = Double.POSITIVE_INFINITY;
    values[1201] = Double.NEGATIVE_INFINITY;
    double[] s = scores(Detectors.defaultEnsemble(), values);
    assertThat(flagged(s, THRESHOLD)).isEmpty();
    assertThat(Arrays.copyOfRange(s, 1000, 1100)).containsOnly(0.0);
  }

  @Test
  void ten_minute_gap_gives_no_anomaly() {
    double[] values = noise(13, 3000, 50, 1);
    StreamingDetector detector = Detectors.defaultEnsemble();
    for (int i = 0; i < values.length; i++) {
      long t = i * MINUTE + (i >= 1500 ? 10 * MINUTE : 0);
      assertThat(detector.update(t, values[i])).isLessThan(THRESHOLD);
    }
  }

  @Test
  void counter_reset_gives_no_anomaly() {
    Random random = new Random(14);
    StreamingDetector detector = Detectors.forCounter();
    double counter = 0;
    for (int i = 0; i < 4000; i++) {
      counter = i == 2500 ? 3 : counter + 600 + random.nextGaussian() * 20;
      assertThat(detector.update(i * MINUTE, counter)).as("point %d", i).isLessThan(THRESHOLD);
    }
  }

  @Test
  void counter_whose_rate_jumps_is_flagged() {
    Random random = new Random(15);
    StreamingDetector detector = Detectors.forCounter();
    double counter = 0;
    List<Integer> flagged = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      counter += (i >= 3000 ? 3000 : 600) + random.nextGaussian() * 20;
      if (detector.update(i * MINUTE, counter) >= THRESHOLD) {
        flagged.add(i);
      }
    }
    assertThat(flagged).containsExactly(3000);
  }

  @Test
  void duplicated_timestamps_are_ordinary_points() {
    double[] values = plus(noise(16, 3000, 100, 2), i -> i == 2000 ? 60 : 0);
    StreamingDetector detector = Detectors.defaultEnsemble();
    List<Integer> flagged = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (detector.update((i / 2) * MINUTE, values[i]) >= THRESHOLD) {
        flagged.add(i);
      }
    }
    assertThat(flagged).containsExactly(2000);
  }

  @Test
  void out_of_order_timestamps_give_no_anomaly() {
    double[] values = noise(17, 3000, 100, 2);
    StreamingDetector detector = Detectors.defaultEnsemble();
    for (int i = 0; i < values.length; i++) {
      long t = i * MINUTE - (i % 50 == 0 ? 55 * MINUTE : 0);
      assertThat(detector.update(t, values[i])).isLessThan(THRESHOLD);
    }
  }

  @Test
  void seasonal_series_with_an_off_season_spike_is_flagged_at_the_spike_only() {
    // Five-minute samples of a daily cycle between 20 and 80; at night, a spike to a daytime level.
    int perDay = 288;
    Random random = new Random(18);
    double[] values = new double[perDay * 8];
    for (int i = 0; i < values.length; i++) {
      values[i] = 50 + 30 * Math.sin(2 * Math.PI * i / perDay) + random.nextGaussian();
    }
    int spike = perDay * 6 + 216; // 18:00, the trough of the cycle
    values[spike] = 78;
    StreamingDetector detector = Detectors.defaultEnsemble();
    List<Integer> flagged = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (detector.update(i * 5 * MINUTE, values[i]) >= THRESHOLD) {
        flagged.add(i);
      }
    }
    assertThat(flagged).containsExactly(spike);
  }

  @Test
  void histogram_quantile_without_requests_is_no_data_not_zero_and_not_an_anomaly() {
    // A p99 latency that is NaN whenever no request arrived in the interval.
    double[] values = noise(19, 3000, 0.25, 0.01);
    for (int i = 0; i < values.length; i++) {
      if (i % 7 == 3 || (i >= 1800 && i < 1900)) {
        values[i] = Double.NaN;
      }
    }
    MetricSeries p99 = series("http_server_duration_p99", "seconds", values);
    List<Anomaly> found = SeriesAnomalyDetector.detect("api-1", p99);
    assertThat(found).isEmpty();
    // Had NaN become 0, the points after the silence would compare against a baseline near 0.
    EnsembleDetector detector = (EnsembleDetector) Detectors.defaultEnsemble();
    double baselineAfterSilence = Double.NaN;
    for (int i = 0; i < p99.points().size(); i++) {
      MetricPoint point = p99.points().get(i);
      detector.update(point.timestamp().toEpochMilli(), point.value());
      if (i == 1901) {
        baselineAfterSilence = detector.baseline();
      }
    }
    assertThat(baselineAfterSilence).isBetween(0.24, 0.26);
  }

  @Test
  void scores_stay_in_the_unit_interval_for_extreme_input() {
    Random random = new Random(20);
    StreamingDetector detector = Detectors.defaultEnsemble();
    double[] extremes = {1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE, 0, -0.0, 1e-300};
    for (int i = 0; i < 5000; i++) {
      double v =
          random.nextInt(10) == 0
              ? extremes[random.nextInt(extremes.length)]
              : random.nextGaussian() * 1e9;
      double score = detector.update(i * MINUTE, v);
      assertThat(score).isBetween(0.0, 1.0);
    }
  }

  @Test
  void sensitive_ensemble_reports_a_first_time_value_the_default_ignores() {
    // A modest excursion to a level never seen before: novel, but under 6 robust SD.
    double[] values = plus(noise(21, 2000, 100, 2), i -> i >= 1500 && i < 1503 ? 9 : 0);
    assertThat(flagged(scores(Detectors.sensitiveEnsemble(), values), THRESHOLD)).contains(1500);
    assertThat(flagged(scores(Detectors.defaultEnsemble(), values), THRESHOLD)).isEmpty();
  }

  @Test
  void first_time_level_under_the_gate_ranks_just_under_the_threshold() {
    // The excursion of the test above: novel on the coarse grid too, but under 6 robust SD.
    double[] values = plus(noise(21, 2000, 100, 2), i -> i >= 1500 && i < 1503 ? 9 : 0);
    double[] s = scores(Detectors.defaultEnsemble(), values);
    assertThat(s[1500]).isEqualTo(EnsembleDetector.COARSE_WEIGHT);
    assertThat(flagged(s, THRESHOLD)).isEmpty();
    // Noise alone reaches a new coarse cell now and then (here once, early), so it ranks too.
    assertThat(flagged(s, EnsembleDetector.COARSE_WEIGHT)).contains(1500).hasSizeLessThan(4);
  }

  @Test
  void anomalies_of_a_seasonal_series_carry_the_seasonal_baseline() {
    int perDay = 288;
    Random random = new Random(22);
    List<MetricPoint> points = new ArrayList<>();
    int spike = perDay * 6 + 216;
    for (int i = 0; i < perDay * 8; i++) {
      double v = 50 + 30 * Math.sin(2 * Math.PI * i / perDay) + random.nextGaussian();
      points.add(new MetricPoint(at(0).plusSeconds(300L * i), i == spike ? 78 : v));
    }
    MetricSeries cpu = new MetricSeries("cpu", "percent", Map.of(), points);
    List<Anomaly> found = SeriesAnomalyDetector.detect("vm-3", cpu);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).baselineValue()).isBetween(17.0, 25.0);
    assertThat(found.get(0).description()).startsWith("cpu on vm-3 is 78%, 3");
  }
}
