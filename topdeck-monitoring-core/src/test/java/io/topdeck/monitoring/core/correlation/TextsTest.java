package io.topdeck.monitoring.core.correlation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.MetricSeries;
import io.topdeck.monitoring.api.Severity;
import io.topdeck.monitoring.core.anomaly.SeriesAnomalyDetector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextsTest {

  @Test
  void ordinary_numbers_are_plain_with_three_significant_digits() {
    assertEquals("0.05", Texts.number(0.05));
    assertEquals("1230", Texts.number(1234.5));
    assertEquals("-42", Texts.number(-42));
    assertEquals("0", Texts.number(0));
    assertEquals("0.00000123", Texts.number(1.234e-6));
  }

  @Test
  void extreme_numbers_are_scientific() {
    assertEquals("1e308", Texts.number(1e308));
    assertEquals("-2.5e20", Texts.number(-2.5e20));
    assertEquals("4.46e6", Texts.number(4_456_789));
    assertEquals("999000", Texts.number(999_000));
    assertEquals("1.23e-9", Texts.number(1.2345e-9));
    assertEquals("NaN", Texts.number(Double.NaN));
  }

  @Test
  void relative_change_is_a_percentage_up_to_ten_thousand_then_a_ratio() {
    assertEquals(" (+400%)", Texts.relativeChange(0.01, 0.05));
    assertEquals(" (-50%)", Texts.relativeChange(10, 5));
    assertEquals(" (1e306\u00d7)", Texts.relativeChange(100, 1e308));
    assertEquals("", Texts.relativeChange(0, 5));
    assertEquals("", Texts.relativeChange(1, -1e9));
  }

  @Test
  void a_partial_fall_is_never_rounded_to_minus_a_hundred_percent() {
    assertEquals(" (-99.97%)", Texts.relativeChange(446_000, 137));
    assertEquals(" (-99.5%)", Texts.relativeChange(1000, 5));
    assertEquals(" (-99%)", Texts.relativeChange(1000, 10));
    assertEquals(" (-100%)", Texts.relativeChange(1000, 0));
  }

  @Test
  void a_large_multiple_reads_as_the_anomaly_description_writes_it() {
    Random random = new Random(7);
    Instant start = Instant.parse("2026-11-30T08:00:00Z");
    List<MetricPoint> points = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double usual = 0.02 * (1 + 0.5 * random.nextGaussian());
      points.add(new MetricPoint(start.plusSeconds(60L * i), i < 370 ? Math.abs(usual) : 3.74));
    }
    List<Anomaly> found =
        SeriesAnomalyDetector.detect("db", new MetricSeries("deadlocks", "", Map.of(), points));

    assertEquals(1, found.size());
    Anomaly a = found.get(0);
    String inDescription = multiple(a.description(), "([0-9.]+)\u00d7 its usual");
    String inAnalysis = multiple(Texts.anomaly(a), "\\(([0-9.]+)\u00d7\\)");
    assertTrue(Double.parseDouble(inAnalysis) >= 100, inAnalysis);
    assertEquals(inAnalysis, inDescription);
  }

  private static String multiple(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), text);
    return m.group(1);
  }

  @Test
  void a_garbage_value_gives_a_short_sentence() {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    Anomaly a = new Anomaly("latency", "svc", t, t, Severity.HIGH, 0.2, 1e300, 50, 0.9, "garbage");
    String text = Texts.anomaly(a);
    assertEquals("latency rose from 0.2 to 1e300 (5e300\u00d7) from 2026-12-01T10:00:00Z", text);
    assertTrue(text.length() < 80, text);
  }
}
