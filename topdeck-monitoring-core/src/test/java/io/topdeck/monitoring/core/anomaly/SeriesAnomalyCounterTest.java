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
  void a_raw_counter_with_restarts_gives_no_anomaly_to_the_counter_detector() {
    MetricSeries requests = series("requests", "requests", counter(31, 3000, 1000, 2000));
    assertThat(SeriesAnomalyDetector.detect("api-1", requests, Detectors::forCounter)).isEmpty();
  }

  @Test
  void the_same_counter_given_to_the_default_gauge_detector_reports_its_restarts() {
    MetricSeries requests = series("requests", "requests", counter(31, 3000, 1000, 2000));
    assertThat(SeriesAnomalyDetector.detect("api-1", requests))
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.description()).contains("below its usual"));
  }
}
