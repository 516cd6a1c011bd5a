package io.topdeck.monitoring.core.anomaly;

import static io.topdeck.monitoring.core.anomaly.Synthetic.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Anomaly;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesAnomalyDescriptionTest {

  @Test
  void seasonal_baselines_say_which_period_they_are_usual_for() {
    assertThat(SeriesAnomalyDetector.seasonalContext(Duration.ZERO)).isEmpty();
    assertThat(SeriesAnomalyDetector.seasonalContext(Duration.ofDays(1)))
        .isEqualTo(" for this time of day");
    assertThat(SeriesAnomalyDetector.seasonalContext(Duration.ofDays(7)))
        .isEqualTo(" for this time of the week");
    assertThat(SeriesAnomalyDetector.seasonalContext(Duration.ofHours(12)))
        .isEqualTo(" for this time of its 12-hour cycle");
    assertThat(SeriesAnomalyDetector.seasonalContext(Duration.ofDays(3)))
        .isEqualTo(" for this time of its 3-day cycle");
    assertThat(SeriesAnomalyDetector.seasonalContext(Duration.ofMinutes(90)))
        .isEqualTo(" for this time of its 90-minute cycle");
    assertThat(SeriesAnomalyDetector.seasonalContext(Duration.ofSeconds(90)))
        .isEqualTo(" for this time of its 90-second cycle");
    assertThat(SeriesAnomalyDetector.seasonalContext(Duration.ofSeconds(604_801)))
        .isEqualTo(" for this time of its 604801-second cycle");
    assertThat(SeriesAnomalyDetector.seasonalContext(Duration.ofDays(7).plusMillis(1)))
        .isEqualTo(" for this time of its cycle");
  }

  @Test
  void a_baseline_that_is_not_seasonal_gets_no_period_in_its_description() {
    Random random = new Random(5);
    SeriesAnomalyDetector tracker =
        new SeriesAnomalyDetector("latency", "ms", "api-1", Detectors.defaultEnsemble());
    List<Anomaly> found = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      double value = i == 1500 ? 400 : 100 + 5 * random.nextGaussian();
      tracker.update(at(i), value).ifPresent(found::add);
    }
    assertThat(found).isNotEmpty();
    assertThat(found.get(found.size() - 1).description())
        .startsWith("latency on api-1 is 400 ms, ")
        .doesNotContain(" for this ");
  }

  @Test
  void huge_point_after_tiny_values_is_described_with_exponents() {
    Random random = new Random(21);
    SeriesAnomalyDetector tracker =
        new SeriesAnomalyDetector("load", "", "vm-1", new RobustDetector());
    List<Anomaly> found = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      double value = i == 80 ? 1e300 : 1e-10 * (1 + 0.1 * random.nextGaussian());
      tracker.update(at(i), value).ifPresent(found::add);
    }
    assertThat(found).hasSize(1);
    assertThat(found.get(0).description())
        .startsWith("load on vm-1 is 1e300, ")
        .matches(".*, far above its usual \\d(\\.\\d+)?e-1[01].*")
        .hasSizeLessThan(120);
  }

  @Test
  void tracker_describes_every_finite_extreme_without_throwing() {
    double[] extremes = {
      Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, 1e300
    };
    for (double baseline : extremes) {
      for (double value : extremes) {
        SeriesAnomalyDetector tracker =
            new SeriesAnomalyDetector("m", "ms", "r", new RobustDetector(), 0.01, 1);
        for (int i = 0; i < 40; i++) {
          tracker.update(at(i), baseline * (1 + (i % 3) * 1e-3));
        }
        tracker.update(at(40), value);
      }
    }
    assertThat(SeriesAnomalyDetector.relation(Double.MAX_VALUE, -Double.MAX_VALUE, ""))
        .isEqualTo("far above its usual -1.8e308");
  }

  @Test
  void numbers_far_from_one_use_an_exponent() {
    assertThat(Units.number(1e300)).isEqualTo("1e300");
    assertThat(Units.number(-9.61e300)).isEqualTo("-9.61e300");
    assertThat(Units.number(2.5e-12)).isEqualTo("2.5e-12");
    assertThat(Units.number(Double.MIN_VALUE)).isEqualTo("4.94e-324");
    assertThat(Units.number(123456)).isEqualTo("123000");
    assertThat(Units.number(0.00042)).isEqualTo("0.00042");
    assertThat(Units.number(Double.POSITIVE_INFINITY)).isEqualTo("∞");
    assertThat(Units.format(Double.MAX_VALUE, "bytes")).isEqualTo("1.8e308 bytes");
    assertThat(Units.format(1e20, "B")).isEqualTo("88800 PiB");
  }

  @Test
  void rise_of_a_negative_series_reads_as_above_by_the_difference() {
    assertThat(SeriesAnomalyDetector.relation(-10, -100, "ms"))
        .isEqualTo("90 ms above its usual -100 ms");
  }

  @Test
  void fall_of_a_negative_series_reads_as_below_by_the_difference() {
    assertThat(SeriesAnomalyDetector.relation(-300, -100, ""))
        .isEqualTo("200 below its usual -100");
  }

  @Test
  void crossing_zero_reads_as_the_signed_difference() {
    assertThat(SeriesAnomalyDetector.relation(50, -100, "")).isEqualTo("150 above its usual -100");
    assertThat(SeriesAnomalyDetector.relation(-50, 100, "")).isEqualTo("150 below its usual 100");
    assertThat(SeriesAnomalyDetector.relation(0, -100, "")).isEqualTo("100 above its usual -100");
  }

  @Test
  void positive_values_read_as_ratios_when_far_apart() {
    assertThat(SeriesAnomalyDetector.relation(250, 100, "")).isEqualTo("2.5× its usual 100");
    assertThat(SeriesAnomalyDetector.relation(40, 100, "")).isEqualTo("60% below its usual 100");
    assertThat(SeriesAnomalyDetector.relation(120, 100, "")).isEqualTo("20 above its usual 100");
  }

  @Test
  void a_multiple_of_a_hundred_or_more_keeps_its_whole_part() {
    assertThat(SeriesAnomalyDetector.relation(3.74, 0.0196, "")).isEqualTo("191× its usual 0.0196");
    assertThat(SeriesAnomalyDetector.relation(171, 12, "ms")).isEqualTo("14× its usual 12 ms");
    assertThat(SeriesAnomalyDetector.relation(99.4, 1, "")).isEqualTo("99× its usual 1");
    assertThat(SeriesAnomalyDetector.relation(1234.5, 1, "")).isEqualTo("1230× its usual 1");
  }

  @Test
  void negative_series_description_agrees_with_the_sign_of_the_deviation() {
    Random random = new Random(22);
    SeriesAnomalyDetector tracker =
        new SeriesAnomalyDetector("temp", "", "probe", new RobustDetector());
    List<Anomaly> found = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      double value = i == 80 ? -10 : -100 + random.nextGaussian();
      tracker.update(at(i), value).ifPresent(found::add);
    }
    assertThat(found).hasSize(1);
    assertThat(found.get(0).deviation()).isPositive();
    assertThat(found.get(0).description())
        .matches(
            "temp on probe is -10, [89]\\d(\\.\\d)? above its usual -\\d+(\\.\\d+)?"
                + " \\(\\d+ robust SD above\\)");
  }

  @Test
  void magnitudes_beyond_any_unit_keep_the_input_unit_and_read_as_far() {
    assertThat(SeriesAnomalyDetector.relation(-Double.MAX_VALUE, 100, "ms"))
        .isEqualTo("far below its usual 100 ms");
    assertThat(Units.format(-Double.MAX_VALUE, "ms")).isEqualTo("-1.8e308 ms");
    assertThat(Units.format(1e300, "s")).isEqualTo("1e300 s");
    assertThat(SeriesAnomalyDetector.relation(1e308, 100, "ms"))
        .isEqualTo("far above its usual 100 ms");
    assertThat(SeriesAnomalyDetector.relation(1e9, 100, "")).isEqualTo("far above its usual 100");
  }

  @Test
  void large_but_sensible_magnitudes_keep_their_conversion_and_ratio() {
    assertThat(Units.format(7.2e9, "ms")).isEqualTo("2000 h");
    assertThat(SeriesAnomalyDetector.relation(2.5e7, 100, "")).isEqualTo("250000× its usual 100");
  }

  @Test
  void a_partial_fall_is_never_rounded_to_a_hundred_percent() {
    assertThat(SeriesAnomalyDetector.relation(137, 446000, "requests"))
        .isEqualTo("99.97% below its usual 446000 requests");
    assertThat(SeriesAnomalyDetector.relation(1, 1e9, ""))
        .isEqualTo("99.9999999% below its usual 1e9");
    assertThat(SeriesAnomalyDetector.relation(30, 100, "")).isEqualTo("70% below its usual 100");
  }

  @Test
  void a_fall_to_zero_reads_as_a_drop_to_zero() {
    assertThat(SeriesAnomalyDetector.relation(0, 983, "requests"))
        .isEqualTo("down to zero from its usual 983 requests");
  }

  @Test
  void a_change_from_a_usual_zero_writes_the_zero_in_the_value_s_scale() {
    assertThat(SeriesAnomalyDetector.relation(100, 0, "ms")).isEqualTo("up from its usual 0 ms");
    assertThat(SeriesAnomalyDetector.relation(0.1, 0, "seconds"))
        .isEqualTo("up from its usual 0 ms");
    assertThat(SeriesAnomalyDetector.relation(3072, 0, "bytes"))
        .isEqualTo("up from its usual 0 KiB");
    assertThat(SeriesAnomalyDetector.relation(-5, 0, "")).isEqualTo("down from its usual 0");
    assertThat(SeriesAnomalyDetector.relation(37, 0, "percent")).isEqualTo("up from its usual 0%");
  }

  @Test
  void huge_robust_sd_counts_read_as_far_from_the_usual_spread() {
    assertThat(SeriesAnomalyDetector.spread(3.7e10)).isEqualTo("far above its usual spread");
    assertThat(SeriesAnomalyDetector.spread(Double.NEGATIVE_INFINITY))
        .isEqualTo("far below its usual spread");
    assertThat(SeriesAnomalyDetector.spread(999)).isEqualTo("1000 robust SD above");
    assertThat(SeriesAnomalyDetector.spread(-4.24)).isEqualTo("4.2 robust SD below");
  }

  @Test
  void big_numbers_are_written_with_an_exponent_from_a_million() {
    assertThat(Units.number(1e12)).isEqualTo("1e12");
    assertThat(Units.number(1.02e12)).isEqualTo("1.02e12");
    assertThat(Units.number(999_000)).isEqualTo("999000");
    assertThat(Units.number(3_700_000)).isEqualTo("3.7e6");
    assertThat(Units.format(2.02e10, "requests")).isEqualTo("2.02e10 requests");
  }

  @Test
  void a_burst_from_a_floor_of_zero_is_described_without_an_absurd_sd_count() {
    SeriesAnomalyDetector tracker =
        new SeriesAnomalyDetector("queue depth", "", "q-1", new RobustDetector());
    List<Anomaly> found = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      tracker.update(at(i), i == 80 ? 37 : 0).ifPresent(found::add);
    }
    assertThat(found).hasSize(1);
    assertThat(found.get(0).description())
        .isEqualTo("queue depth on q-1 is 37, up from its usual 0 (far above its usual spread)");
  }

  @Test
  void a_huge_value_after_a_steady_one_is_written_compactly() {
    SeriesAnomalyDetector tracker = new SeriesAnomalyDetector("lat", "", "r", new RobustDetector());
    List<Anomaly> found = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      tracker.update(at(i), i == 80 ? 1e12 : 43.2 + (i % 2) * 0.2).ifPresent(found::add);
    }
    assertThat(found).hasSize(1);
    assertThat(found.get(0).description())
        .isEqualTo("lat on r is 1e12, far above its usual 43.3 (far above its usual spread)");
  }

  @Test
  void a_drop_to_zero_is_described_as_such() {
    SeriesAnomalyDetector tracker =
        new SeriesAnomalyDetector("requests", "requests", "api-1", new RobustDetector());
    List<Anomaly> found = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      tracker.update(at(i), i >= 80 ? 0 : 980 + (i % 2) * 6).ifPresent(found::add);
    }
    assertThat(found).hasSize(1);
    assertThat(found.get(0).description())
        .startsWith("requests on api-1 is 0 requests, down to zero from its usual 983 requests (");
  }
}
