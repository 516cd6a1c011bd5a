package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.MetricSeries;
import io.topdeck.monitoring.api.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A second incident while an anomaly is open, and a ramp confirmed late, on seeded series of 100 ±
 * 5 ms at 15-second steps.
 */
class SecondIncidentTest {

  private static final int START = 10_000;
  private static final int SEEDS = 6;
  private static final Instant START_TIME = Instant.parse("2026-01-05T00:00:00Z");
  private static final Duration STEP = Duration.ofSeconds(15);

  @Test
  void a_spike_on_top_of_a_shift_is_a_new_anomaly_measured_from_the_level_before_the_shift() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      double[] values =
          latency(
              seed,
              10_300,
              (i, v) -> i >= START + 100 && i < START + 105 ? 2000 : i >= START ? v + 30 : v);
      List<Anomaly> found = from(values, START);
      assertThat(found).as("seed %d", seed).hasSize(2);
      assertThat(found.get(0).detectedAt()).as("seed %d", seed).isBefore(at(START + 100));
      assertThat(found.get(0).lastSeenAt()).as("seed %d", seed).contains(at(START + 99));
      Anomaly spike = found.get(1);
      assertThat(spike.detectedAt()).as("seed %d", seed).isEqualTo(at(START + 100));
      assertThat(spike.onset()).as("seed %d", seed).isEqualTo(at(START + 100));
      assertThat(spike.baselineValue()).as("seed %d", seed).isBetween(95.0, 105.0);
      assertThat(spike.description())
          .as("seed %d", seed)
          .contains("× its usual ", "robust SD above");
    }
  }

  @Test
  void a_drop_to_zero_during_a_shift_up_is_a_new_anomaly_that_reads_below() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      double[] values =
          latency(
              seed,
              10_300,
              (i, v) -> i >= START + 100 && i < START + 130 ? 0 : i >= START ? v + 30 : v);
      List<Anomaly> found = from(values, START);
      assertThat(found).as("seed %d", seed).hasSize(2);
      assertThat(found.get(0).lastSeenAt()).as("seed %d", seed).contains(at(START + 99));
      Anomaly drop = found.get(1);
      assertThat(drop.onset()).as("seed %d", seed).isEqualTo(at(START + 100));
      assertThat(drop.deviation()).as("seed %d", seed).isLessThan(-10);
      assertThat(drop.description()).as("seed %d", seed).contains("down to zero from its usual ");
    }
  }

  @Test
  void a_drop_to_zero_just_after_a_spike_is_a_new_anomaly_though_the_detector_damps_its_scores() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      double[] values =
          latency(
              seed,
              10_100,
              (i, v) ->
                  i >= START && i < START + 5 ? 1000 : i >= START + 5 && i < START + 25 ? 0 : v);
      List<Anomaly> found = from(values, START);
      assertThat(found).as("seed %d", seed).hasSize(2);
      assertThat(found.get(0).description()).as("seed %d", seed).contains("above");
      assertThat(found.get(0).lastSeenAt()).as("seed %d", seed).contains(at(START + 4));
      Anomaly drop = found.get(1);
      assertThat(drop.onset()).as("seed %d", seed).isEqualTo(at(START + 5));
      assertThat(drop.detectedAt())
          .as("seed %d", seed)
          .isEqualTo(at(START + 5 + SeriesAnomalyDetector.DEFAULT_QUIET_POINTS - 1));
      assertThat(drop.description()).as("seed %d", seed).contains("down to zero", "SD below");
      assertThat(drop.lastSeenAt()).as("seed %d", seed).contains(at(START + 24));
    }
  }

  @Test
  void an_outage_after_a_halved_rate_is_a_new_anomaly() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(seed);
      double[] values = new double[10_400];
      for (int i = 0; i < values.length; i++) {
        values[i] =
            i < START
                ? 1000 + 30 * random.nextGaussian()
                : i < START + 200 ? 500 + 20 * random.nextGaussian() : 0;
      }
      List<Anomaly> found = from(values, START);
      assertThat(found).as("seed %d", seed).hasSize(2);
      assertThat(found.get(0).description()).as("seed %d", seed).contains("% below its usual ");
      assertThat(found.get(0).lastSeenAt()).as("seed %d", seed).contains(at(START + 199));
      Anomaly outage = found.get(1);
      assertThat(outage.onset()).as("seed %d", seed).isEqualTo(at(START + 200));
      assertThat(outage.description()).as("seed %d", seed).contains("down to zero from its usual ");
      assertThat(outage.lastSeenAt()).as("seed %d", seed).contains(at(values.length - 1));
    }
  }

  @Test
  void a_long_noisy_shift_is_not_split() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(seed);
      double[] values = new double[10_400];
      for (int i = 0; i < values.length; i++) {
        // A heavy-tailed incident: about 300 ms, a log-normal spread of 0.4.
        values[i] =
            i >= START && i < START + 300
                ? 300 * Math.exp(0.4 * random.nextGaussian())
                : 100 + 5 * random.nextGaussian();
      }
      assertThat(from(values, START, START + 300)).as("seed %d", seed).hasSize(1);
    }
  }

  @Test
  void a_constant_series_that_turns_noisy_is_not_cut_up_on_both_sides_of_its_old_value() {
    for (long seed = 1; seed <= 3; seed++) {
      Random random = new Random(seed);
      double[] values = new double[6000];
      for (int i = 0; i < values.length; i++) {
        values[i] = i < 5000 ? 5 : 5 + 0.1 * random.nextGaussian();
      }
      assertThat(from(values, 5000, 5100)).as("seed %d", seed).hasSize(1);
    }
  }

  @Test
  void a_run_on_the_other_side_whose_timestamps_go_back_starts_no_later_than_it_is_detected() {
    Random random = new Random(1);
    SeriesAnomalyDetector tracker =
        new SeriesAnomalyDetector("latency", "ms", "api-1", Detectors.defaultDetector());
    List<Anomaly> found = new ArrayList<>();
    for (int i = 0; i < START + 30; i++) {
      double value =
          i >= START && i < START + 5
              ? 1000
              : i >= START + 5 && i < START + 25 ? 0 : 100 + 5 * random.nextGaussian();
      // The third point of the drop is stamped before the first.
      Instant time = i == START + 7 ? at(START + 4) : at(i);
      tracker.update(time, value).ifPresent(found::add);
    }
    assertThat(found).hasSizeGreaterThanOrEqualTo(2);
    Anomaly drop = found.get(found.size() - 1);
    assertThat(drop.description()).contains("down to zero");
    assertThat(drop.onset()).isBeforeOrEqualTo(drop.detectedAt());
  }

  @Test
  void a_ramp_confirmed_late_reads_against_the_level_before_it() {
    for (long seed = 1; seed <= 4; seed++) {
      Random random = new Random(seed);
      double[] values = new double[6400];
      for (int i = 0; i < values.length; i++) {
        double level = i < 6000 ? 100 : i < 6120 ? 100 + 100 * (i - 6000) / 120.0 : 200;
        values[i] = level + 5 * random.nextGaussian();
      }
      List<Anomaly> found = from(values, 6000);
      assertThat(found).as("seed %d", seed).hasSize(1);
      Anomaly ramp = found.get(0);
      assertThat(ramp.baselineValue()).as("seed %d", seed).isBetween(97.0, 103.0);
      // Two robust SD above 100 are reached 12 points into the ramp; it is confirmed 76 or more in.
      assertThat(ramp.onset()).as("seed %d", seed).isBetween(at(6000), at(6040));
      assertThat(ramp.deviation()).as("seed %d", seed).isGreaterThan(8);
      assertThat(ramp.severity().compareTo(Severity.MEDIUM))
          .as("seed %d", seed)
          .isGreaterThanOrEqualTo(0);
      assertThat(ramp.description())
          .as("seed %d", seed)
          .contains("× its usual ", "robust SD above");
    }
  }

  /** Returns N(100, 5) values, each then passed through {@code shape} with its index. */
  private static double[] latency(long seed, int n, Shape shape) {
    Random random = new Random(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = shape.apply(i, 100 + 5 * random.nextGaussian());
    }
    return values;
  }

  /** Returns the anomalies the default detector finds from point {@code from} on. */
  private static List<Anomaly> from(double[] values, int from) {
    return from(values, from, values.length);
  }

  /** Returns the anomalies the default detector finds from point {@code from} until {@code to}. */
  private static List<Anomaly> from(double[] values, int from, int to) {
    List<MetricPoint> points = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      points.add(new MetricPoint(at(i), values[i]));
    }
    MetricSeries series = new MetricSeries("latency", "ms", Map.of(), points);
    return SeriesAnomalyDetector.detect("api-1", series).stream()
        .filter(a -> !a.detectedAt().isBefore(at(from)) && a.detectedAt().isBefore(at(to)))
        .toList();
  }

  /** Returns the time of point {@code i}, one every 15 seconds. */
  private static Instant at(int i) {
    return START_TIME.plus(STEP.multipliedBy(i));
  }

  @FunctionalInterface
  private interface Shape {
    double apply(int index, double value);
  }
}
