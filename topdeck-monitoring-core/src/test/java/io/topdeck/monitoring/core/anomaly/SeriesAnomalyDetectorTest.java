package io.topdeck.monitoring.core.anomaly;

import static io.topdeck.monitoring.core.anomaly.Synthetic.at;
import static io.topdeck.monitoring.core.anomaly.Synthetic.noise;
import static io.topdeck.monitoring.core.anomaly.Synthetic.plus;
import static io.topdeck.monitoring.core.anomaly.Synthetic.series;
import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.Severity;
import java.util.List;
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
            "p95 latency on api-1 is 5\\.\\d+ s, 4\\.\\d× its usual 1\\.\\d+ s \\(\\d+ robust SD above\\)");
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
  void batch_detection_gives_a_one_point_spike_no_persistence() {
    double[] values = plus(noise(11, 400, 1.2, 0.05), i -> i == 250 ? 3.9 : 0);
    List<Anomaly> found =
        SeriesAnomalyDetector.detect(
            "api-1", series("p95 latency", "seconds", values), RobustDetector::new);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).persistence()).contains(java.time.Duration.ZERO);
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
  void severity_grows_with_score_and_deviation() {
    assertThat(SeriesAnomalyDetector.severity(0.6, 4)).isEqualTo(Severity.LOW);
    assertThat(SeriesAnomalyDetector.severity(0.8, 4)).isEqualTo(Severity.MEDIUM);
    assertThat(SeriesAnomalyDetector.severity(0.95, 4)).isEqualTo(Severity.HIGH);
    assertThat(SeriesAnomalyDetector.severity(0.995, 25)).isEqualTo(Severity.CRITICAL);
    assertThat(SeriesAnomalyDetector.severity(0.6, 1)).isEqualTo(Severity.INFO);
  }
}
