package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Anomaly;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The default detector on readings of small noise rounded to whole units, whose rolling MAD
 * switches between 0 and one unit: an excursion of many noise standard deviations is reported as it
 * is on the unrounded readings.
 */
class RoundedReadingsTest {

  private static final int POINTS = 30_000;
  private static final int AT = 20_000;

  @Test
  void rounded_noise_raises_no_anomaly() {
    assertThat(anomalies(rounded(21))).isEmpty();
  }

  @Test
  void a_spike_of_sixteen_sigma_in_rounded_readings_is_reported() {
    double[] values = rounded(22);
    values[AT] = 110;
    assertThat(anomalies(values)).extracting(Anomaly::detectedAt).contains(Synthetic.at(AT));
  }

  @Test
  void a_spike_of_eight_sigma_in_rounded_readings_is_reported() {
    double[] values = rounded(23);
    values[AT] = 105;
    assertThat(anomalies(values)).extracting(Anomaly::detectedAt).contains(Synthetic.at(AT));
  }

  @Test
  void a_sustained_shift_of_ten_sigma_in_rounded_readings_is_reported() {
    double[] values = rounded(24);
    for (int i = AT; i < AT + 300; i++) {
      values[i] += 6;
    }
    assertThat(anomalies(values))
        .extracting(Anomaly::detectedAt)
        .anyMatch(t -> !t.isBefore(Synthetic.at(AT)) && t.isBefore(Synthetic.at(AT + 300)));
  }

  @Test
  void a_downward_spike_of_sixteen_sigma_in_rounded_readings_is_reported() {
    double[] values = rounded(25);
    values[AT] = 90;
    assertThat(anomalies(values)).extracting(Anomaly::detectedAt).contains(Synthetic.at(AT));
  }

  /** Returns round(100 + 0.6 N(0, 1)) readings. */
  private static double[] rounded(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      values[i] = Math.round(100 + 0.6 * gaussian(random));
    }
    return values;
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  private static List<Anomaly> anomalies(double[] values) {
    return SeriesAnomalyDetector.detect("host-1", Synthetic.series("reading", "", values));
  }
}
