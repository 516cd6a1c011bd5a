package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Anomaly;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The default detector on flat series of heavy-tailed noise: few false anomalies in 100,000 points
 * (before the gate followed the noise's tail, these seeds gave several times more), and spikes well
 * beyond the noise's own extremes still reported. Lognormal noise is judged in log space once the
 * series has {@link EnsembleDetector#LOG_DECISION} points: from then on it stays almost quiet.
 */
class HeavyTailedNoiseTest {

  private static final int POINTS = 100_000;
  private static final int[] SPIKES = {30_000, 60_000, 90_000};

  @Test
  void lognormal_latency_noise_gives_few_anomalies_and_its_spikes_are_found() {
    Random random = new Random(41);
    // Median 100 ms; one point in 100,000 reaches about 900 ms.
    assertFewFalseAnomaliesAndSpikesFound(
        () -> 100 * Math.exp(0.5 * random.nextGaussian()), 3000, 3);
  }

  @Test
  void wide_lognormal_latency_noise_gives_few_anomalies_and_its_spikes_are_found() {
    Random random = new Random(44);
    // Lognormal with σ 1: one point in 100,000 reaches about 7,100 ms, 71 times the median.
    assertFewFalseAnomaliesAndSpikesFound(() -> 100 * Math.exp(random.nextGaussian()), 21_000, 10);
  }

  @Test
  void wide_lognormal_latency_noise_is_quiet_once_judged_in_log_space() {
    Random random = new Random(45);
    List<Integer> falseStarts = falseAnomalies(() -> 100 * Math.exp(random.nextGaussian()), 21_000);
    assertThat(falseStarts.stream().filter(i -> i >= EnsembleDetector.LOG_DECISION))
        .hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void student_t_noise_gives_few_anomalies_and_its_spikes_are_found() {
    Random random = new Random(42);
    // Student-t with 3 degrees of freedom, scale 5: one point in 100,000 is about 235 out.
    assertFewFalseAnomaliesAndSpikesFound(() -> 100 + 5 * studentT3(random), 100 + 600, 15);
  }

  @Test
  void poisson_count_noise_gives_few_anomalies_and_its_spikes_are_found() {
    Random random = new Random(43);
    assertFewFalseAnomaliesAndSpikesFound(() -> Synthetic.poisson(random, 2), 30, 2);
  }

  @Test
  void spikes_are_reported_soon_after_a_spell_of_wider_lognormal_noise() {
    // Lognormal latencies with σ 0.3 widen to σ 1 over 30,000 points and then narrow back. The
    // tail trackers learned the wide spell; spikes of 10 to 50 times the median, 5,000 points
    // apart (beyond the novelty memory) from 1,000 points after it, are all reported from 6,000
    // points after it on. Before the 99.9th percentile tracker came down faster after a long run
    // under it, seed 1 missed the spikes 11,000 and 21,000 points after it.
    int widenFrom = 10_000;
    int narrowAt = 40_000;
    int firstSpike = narrowAt + 1_000;
    for (long seed = 1; seed <= 3; seed++) {
      Random random = new Random(seed);
      StreamingDetector detector = Detectors.defaultEnsemble();
      int spikes = 0;
      List<Integer> missed = new ArrayList<>();
      for (int i = 0; i < 100_000; i++) {
        double sigma =
            i < widenFrom || i >= narrowAt
                ? 0.3
                : 0.3 + 0.7 * (i - widenFrom) / (double) (narrowAt - widenFrom);
        double value = 100 * Math.exp(sigma * random.nextGaussian());
        boolean spike = i >= firstSpike && (i - firstSpike) % 5_000 == 0;
        if (spike) {
          value = 100 * (10 + 40 * random.nextDouble());
          spikes++;
        }
        double score = detector.update(Synthetic.at(i).toEpochMilli(), value);
        if (spike && score < 0.5 && i >= narrowAt + 6_000) {
          missed.add(i);
        }
      }
      assertThat(spikes).isEqualTo(12);
      assertThat(missed).as("seed %d", seed).isEmpty();
    }
  }

  private static void assertFewFalseAnomaliesAndSpikesFound(
      DoubleSupplier noise, double spike, int maxFalse) {
    assertThat(falseAnomalies(noise, spike)).hasSizeLessThanOrEqualTo(maxFalse);
  }

  /**
   * Returns the indices of the anomalies, other than the injected spikes, that the default detector
   * starts in 100,000 points of the noise with spikes of the given value, after checking that every
   * spike starts one.
   */
  private static List<Integer> falseAnomalies(DoubleSupplier noise, double spike) {
    double[] values = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      values[i] = noise.getAsDouble();
    }
    for (int i : SPIKES) {
      values[i] = spike;
    }
    List<Anomaly> found =
        SeriesAnomalyDetector.detect("api-1", Synthetic.series("latency", "ms", values));
    Set<Instant> spikeTimes =
        Arrays.stream(SPIKES).mapToObj(Synthetic::at).collect(Collectors.toSet());
    List<Instant> starts = found.stream().map(Anomaly::detectedAt).toList();
    assertThat(starts).containsAll(spikeTimes);
    return starts.stream()
        .filter(t -> !spikeTimes.contains(t))
        .map(t -> (int) Duration.between(Synthetic.START, t).dividedBy(Synthetic.STEP))
        .toList();
  }

  private static double studentT3(Random random) {
    double chiSquare = 0;
    for (int k = 0; k < 3; k++) {
      double g = random.nextGaussian();
      chiSquare += g * g;
    }
    return random.nextGaussian() / Math.sqrt(chiSquare / 3);
  }
}
