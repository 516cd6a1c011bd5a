package io.topdeck.monitoring.core.anomaly;

import static io.topdeck.monitoring.core.anomaly.Synthetic.at;
import static io.topdeck.monitoring.core.anomaly.Synthetic.noise;
import static io.topdeck.monitoring.core.anomaly.Synthetic.plus;
import static io.topdeck.monitoring.core.anomaly.Synthetic.series;
import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class SeriesAnomalyDetectorTest {

  @Test
  void spike_becomes_one_anomaly_with_baseline_current_and_description() {
    double[] values = plus(noise(11, 400, 1.2, 0.05), i -> i == 250 ? 3.9 : 0);
    List<Anomaly> found =
        SeriesAnomalyDetector.detect(
            "api-1", series("p95 latency", "seconds", values), RobustDetector::new);
    assertThat(found).hasSize(1);
    Anomaly a = found.get(0);
    assertThat(a.detectedAt()).isEqualTo(at(250));
    assertThat(a.onset()).isEqualTo(at(250));
    assertThat(a.resourceId()).isEqualTo("api-1");
    assertThat(a.metricName()).isEqualTo("p95 latency");
    assertThat(a.currentValue()).isEqualTo(values[250]);
    assertThat(a.baselineValue()).isBetween(1.15, 1.25);
    assertThat(a.deviation()).isGreaterThan(20);
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.description())
        .matches(
            "p95 latency on api-1 is 5\\.\\d+ s, 4\\.\\d× its usual 1\\.\\d+ s"
                + " \\(\\d+ robust SD above\\)");
  }

  @Test
  void consecutive_anomalous_points_merge_into_one_anomaly() {
    double[] values = plus(noise(12, 400, 100, 2), i -> i >= 200 && i < 206 ? 50 : 0);
    List<Anomaly> found =
        SeriesAnomalyDetector.detect("db-1", series("qps", "", values), RobustDetector::new);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).detectedAt()).isEqualTo(at(200));
  }

  @Test
  void batch_detection_records_the_last_flagged_point_of_a_persisting_shift() {
    double[] values = plus(noise(12, 400, 100, 2), i -> i >= 200 && i < 212 ? 50 : 0);
    List<Anomaly> found =
        SeriesAnomalyDetector.detect("db-1", series("qps", "", values), RobustDetector::new);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).lastSeenAt()).contains(at(211));
    assertThat(found.get(0).persistence()).contains(java.time.Duration.ofMinutes(11));
  }

  @Test
  void batch_detection_records_the_peak_a_climbing_usage_reached_while_flagged() {
    // CPU near 40% that climbs by one point a minute from point 200: flagged early, at 95 by the
    // end.
    double[] values = plus(noise(13, 256, 40, 0.5), i -> i >= 200 ? i - 199 : 0);
    List<Anomaly> found =
        SeriesAnomalyDetector.detect(
            "db-1", series("cpu_percent", "%", values), RobustDetector::new);

    assertThat(found).hasSize(1);
    Anomaly climb = found.get(0);
    assertThat(climb.currentValue()).isLessThan(70);
    assertThat(climb.peakValue().orElseThrow()).isGreaterThan(94);
    assertThat(climb.reached()).isEqualTo(climb.peakValue().orElseThrow());
  }

  @Test
  void batch_detection_gives_a_one_point_spike_no_persistence_beyond_its_quiet_period() {
    double[] values = plus(noise(11, 400, 1.2, 0.05), i -> i == 250 ? 3.9 : 0);
    List<Anomaly> found =
        SeriesAnomalyDetector.detect(
            "api-1", series("p95 latency", "seconds", values), RobustDetector::new);
    assertThat(found).hasSize(1);
    // A later noise point still two robust SD above the level before the spike, within the quiet
    // period, keeps the anomaly open and so counts in its persistence.
    assertThat(found.get(0).persistence().orElseThrow())
        .isLessThanOrEqualTo(
            java.time.Duration.ofMinutes(SeriesAnomalyDetector.DEFAULT_QUIET_POINTS));
  }

  @Test
  void onset_goes_back_to_where_the_deviation_started() {
    // A ramp that crosses 2 robust SD a few points before it is flagged.
    double[] values = plus(noise(13, 400, 100, 1), i -> i >= 300 ? 2.0 * (i - 299) : 0);
    List<Anomaly> found =
        SeriesAnomalyDetector.detect("db-1", series("qps", "", values), RobustDetector::new);
    assertThat(found).isNotEmpty();
    Anomaly a = found.get(0);
    assertThat(a.onset()).isBefore(a.detectedAt());
    assertThat(a.onset()).isAfterOrEqualTo(at(299));
  }

  @Test
  void drop_is_described_as_a_percentage_below_the_usual_value() {
    double[] values = plus(noise(14, 300, 2048, 20), i -> i == 200 ? -1548 : 0);
    List<Anomaly> found =
        SeriesAnomalyDetector.detect(
            "vm-7", series("free memory", "bytes", values), RobustDetector::new);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).description())
        .startsWith("free memory on vm-7 is 5")
        .contains("% below its usual 2 KiB")
        .contains("robust SD below");
  }

  @Test
  void flat_noisy_series_gives_no_anomaly_with_the_default_detector() {
    List<Anomaly> found =
        SeriesAnomalyDetector.detect("vm-1", series("cpu", "percent", noise(15, 3000, 40, 3)));
    assertThat(found).isEmpty();
  }

  @Test
  void detector_without_baseline_gets_one_from_the_tracker() {
    StreamingDetector plain = new RobustDetector()::update;
    double[] values = plus(noise(16, 300, 10, 1), i -> i == 200 ? 30 : 0);
    SeriesAnomalyDetector tracker = new SeriesAnomalyDetector("errors", "", "svc", plain);
    List<Anomaly> found = new java.util.ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      tracker.update(at(i), values[i]).ifPresent(found::add);
    }
    assertThat(found).hasSize(1);
    assertThat(found.get(0).baselineValue()).isBetween(9.0, 11.0);
    assertThat(found.get(0).description())
        .matches("errors on svc is 4\\d\\.\\d, 4\\.\\d× its usual 10\\.?\\d* \\(.*");
  }

  @Test
  void severity_comes_from_both_the_size_of_the_deviation_and_the_score() {
    assertThat(SeriesAnomalyDetector.severity(1.0, 25)).isEqualTo(Severity.CRITICAL);
    assertThat(SeriesAnomalyDetector.severity(0.6, -25)).isEqualTo(Severity.HIGH);
    assertThat(SeriesAnomalyDetector.severity(0.8, 12)).isEqualTo(Severity.HIGH);
    assertThat(SeriesAnomalyDetector.severity(0.6, 12)).isEqualTo(Severity.MEDIUM);
    assertThat(SeriesAnomalyDetector.severity(1.0, 7)).isEqualTo(Severity.MEDIUM);
    assertThat(SeriesAnomalyDetector.severity(1.0, 4)).isEqualTo(Severity.LOW);
    assertThat(SeriesAnomalyDetector.severity(0.6, 1)).isEqualTo(Severity.INFO);
    assertThat(SeriesAnomalyDetector.severity(0.95, Double.NaN)).isEqualTo(Severity.MEDIUM);
    assertThat(SeriesAnomalyDetector.severity(0.6, Double.NaN)).isEqualTo(Severity.LOW);
    // A zero usual spread makes any change infinitely many SD: the score alone grades it.
    assertThat(SeriesAnomalyDetector.severity(1.0, Double.POSITIVE_INFINITY))
        .isEqualTo(Severity.MEDIUM);
    assertThat(SeriesAnomalyDetector.severity(0.6, Double.NEGATIVE_INFINITY))
        .isEqualTo(Severity.LOW);
  }

  @Test
  void a_small_change_is_not_urgent_however_high_its_score() {
    // The adversarial case: a constant series turned noisy, scored 1.0 but 0.26 robust SD away.
    assertThat(SeriesAnomalyDetector.severity(1.0, 0.26)).isEqualTo(Severity.INFO);
    assertThat(SeriesAnomalyDetector.severity(1.0, -0.83)).isEqualTo(Severity.INFO);
  }

  @Test
  void a_short_dip_under_the_threshold_inside_a_plateau_does_not_split_it() {
    // Scores: flagged when the plateau starts, again in its middle (after the rolling baseline has
    // followed it) and when it ends; under the threshold everywhere else.
    double[] values = plus(noise(17, 600, 100, 2), i -> i >= 200 && i < 300 ? 200 : 0);
    List<Anomaly> found = scripted(values, i -> i == 200 || i == 250 || i == 300);
    assertThat(found).hasSize(1);
    Anomaly a = found.get(0);
    assertThat(a.detectedAt()).isEqualTo(at(200));
    assertThat(a.baselineValue()).isBetween(98.0, 102.0);
  }

  @Test
  void two_spikes_with_normal_points_between_them_are_two_anomalies() {
    double[] values = plus(noise(18, 600, 100, 2), i -> i == 300 || i == 310 ? 60 : 0);
    List<Anomaly> found = scripted(values, i -> i == 300 || i == 310);
    assertThat(found).extracting(Anomaly::detectedAt).containsExactly(at(300), at(310));
  }

  @Test
  void a_level_taken_as_normal_for_long_closes_the_anomaly_so_a_later_change_reports() {
    int shift = 100;
    int later = shift + SeriesAnomalyDetector.ACCEPT_POINTS + 50;
    double[] values = plus(noise(19, later + 100, 100, 2), i -> i >= shift ? 100 : 0);
    List<Anomaly> found = scripted(values, i -> i == shift || i == later);
    assertThat(found).extracting(Anomaly::detectedAt).containsExactly(at(shift), at(later));
  }

  @Test
  void the_return_from_a_level_taken_as_normal_is_not_a_new_anomaly() {
    int shift = 100;
    int back = shift + SeriesAnomalyDetector.ACCEPT_POINTS + 50;
    double[] values = plus(noise(21, back + 100, 100, 2), i -> i >= shift && i < back ? 100 : 0);
    List<Anomaly> found = scripted(values, i -> i == shift || (i >= back && i < back + 5));
    assertThat(found).extracting(Anomaly::detectedAt).containsExactly(at(shift));
  }

  @Test
  void an_anomaly_found_late_in_a_ramp_keeps_the_baseline_from_before_the_onset() {
    // The rolling median follows the ramp; the flag comes when the ramp is 40 points in.
    double[] values = plus(noise(20, 400, 100, 1), i -> i >= 200 ? 2.0 * (i - 199) : 0);
    List<Anomaly> found = scripted(values, i -> i == 240);
    assertThat(found).hasSize(1);
    Anomaly a = found.get(0);
    assertThat(a.onset()).isBefore(at(205));
    assertThat(a.baselineValue()).isBetween(99.0, 101.0);
    assertThat(a.deviation()).isGreaterThan(40);
  }

  @Test
  void a_long_noisy_latency_plateau_is_one_anomaly_with_the_default_detector() {
    for (long seed = 1; seed <= 4; seed++) {
      Random random = new Random(seed);
      double[] values = new double[7000];
      for (int i = 0; i < values.length; i++) {
        values[i] =
            i >= 6000 && i < 6480
                ? 2000 + 300 * random.nextGaussian()
                : 40 * Math.exp(0.3 * random.nextGaussian());
      }
      List<Anomaly> inPlateau =
          SeriesAnomalyDetector.detect("api-1", series("p95 latency", "ms", values)).stream()
              .filter(a -> !a.detectedAt().isBefore(at(6000)))
              .toList();
      assertThat(inPlateau).as("seed %d", seed).hasSize(1);
      assertThat(inPlateau.get(0).detectedAt()).as("seed %d", seed).isBefore(at(6010));
    }
  }

  private static List<Anomaly> scripted(double[] values, IntPredicate flagged) {
    int[] index = {0};
    StreamingDetector detector = (millis, value) -> flagged.test(index[0]++) ? 1.0 : 0.0;
    SeriesAnomalyDetector tracker = new SeriesAnomalyDetector("qps", "", "db-1", detector);
    List<Anomaly> found = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      tracker.update(at(i), values[i]).ifPresent(found::add);
    }
    return found;
  }
}
