package io.topdeck.monitoring.core.anomaly;

import static io.topdeck.monitoring.core.anomaly.Synthetic.series;
import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.MetricSeries;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesAnomalyCounterTest {

  /** A request counter growing by about 150 a minute, restarted at the given points. */
  private static double[] counter(long seed, int n, int... restarts) {
    Random random = new Random(seed);
    double[] values = new double[n];
    double total = 0;
    int next = 0;
    for (int i = 0; i < n; i++) {
      if (next < restarts.length && i == restarts[next]) {
        total = 0;
        next++;
      }
      total += Math.max(0, Math.round(150 + 12 * random.nextGaussian()));
      values[i] = total;
    }
    return values;
  }

  @Test
  void a_raw_counter_with_restarts_gives_no_anomaly_through_the_default_entry_point() {
    MetricSeries requests = series("requests", "requests", counter(31, 3000, 1000, 2000));
    assertThat(SeriesAnomalyDetector.looksLikeCounter(requests)).isTrue();
    assertThat(SeriesAnomalyDetector.detect("api-1", requests)).isEmpty();
  }

  @Test
  void the_same_counter_given_to_a_gauge_detector_reports_its_restarts() {
    MetricSeries requests = series("requests", "requests", counter(31, 3000, 1000, 2000));
    assertThat(SeriesAnomalyDetector.detect("api-1", requests, Detectors::defaultDetector))
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.description()).contains("below its usual"));
  }

  @Test
  void gauges_are_not_taken_for_counters() {
    double[] flag = new double[200];
    double[] sawtooth = new double[200];
    double[] noisy = Synthetic.noise(32, 200, 40, 3);
    for (int i = 0; i < 200; i++) {
      flag[i] = (i / 10) % 2;
      sawtooth[i] = 200 + 30 * (i % 20);
    }
    assertThat(SeriesAnomalyDetector.looksLikeCounter(series("up", "", flag))).isFalse();
    assertThat(SeriesAnomalyDetector.looksLikeCounter(series("heap", "bytes", sawtooth))).isFalse();
    assertThat(SeriesAnomalyDetector.looksLikeCounter(series("cpu", "percent", noisy))).isFalse();
    assertThat(SeriesAnomalyDetector.looksLikeCounter(series("short", "", counter(33, 10))))
        .isFalse();
  }
}
