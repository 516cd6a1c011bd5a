package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitsTest {

  @Test
  void durations_are_rescaled_to_a_readable_unit() {
    assertThat(Units.format(5.123, "seconds")).isEqualTo("5.12 s");
    assertThat(Units.format(0.34, "seconds")).isEqualTo("340 ms");
    assertThat(Units.format(250, "ms")).isEqualTo("250 ms");
    assertThat(Units.format(0.0000421, "s")).isEqualTo("42.1 µs");
    assertThat(Units.format(600, "seconds")).isEqualTo("10 min");
  }

  @Test
  void bytes_use_binary_multiples() {
    assertThat(Units.format(2.5 * 1024 * 1024 * 1024, "bytes")).isEqualTo("2.5 GiB");
    assertThat(Units.format(512, "bytes")).isEqualTo("512 B");
  }

  @Test
  void percent_and_other_units() {
    assertThat(Units.format(87.46, "percent")).isEqualTo("87.5%");
    assertThat(Units.format(12, "requests/s")).isEqualTo("12 requests/s");
    assertThat(Units.format(12, "")).isEqualTo("12");
    assertThat(Units.format(Double.NaN, "seconds")).isEqualTo("no data");
  }
}
