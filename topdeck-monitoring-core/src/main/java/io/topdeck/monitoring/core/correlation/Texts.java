package io.topdeck.monitoring.core.correlation;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.ErrorEvent;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Formats numbers, times and findings for the sentences of an analysis, and gives the text of an
 * error that the word rules read.
 */
final class Texts {

  private Texts() {}

  /**
   * Returns what the word rules read of an error: its exception type and message, lower-cased in
   * the root locale.
   */
  static String errorText(ErrorEvent e) {
    return (e.exceptionType() + " " + e.message()).toLowerCase(Locale.ROOT);
  }

  /**
   * Returns {@code value} to three significant digits: plain from a millionth to under a million
   * ("0.05", "1230"), else with a decimal exponent ("4.46e6", "1.5e308", "2e-9"), as anomaly
   * descriptions write numbers, so a garbage value does not fill a sentence with digits.
   */
  static String number(double value) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros();
    double magnitude = Math.abs(value);
    if (magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e6)) {
      return rounded.toString().replace("E+", "e").replace('E', 'e');
    }
    return rounded.toPlainString();
  }

  /**
   * Returns the change from {@code baseline} to {@code current} as " (+400%)", or, beyond ten
   * thousand percent either way, as the ratio (" (2.5e12×)"); nothing when the baseline is 0. The
   * ratio has three significant digits, as the multiple in an anomaly's description from 100× on
   * ("191×" in both). A partial fall is never rounded to -100% ("-99.97%"), which would say the
   * series fell to zero; the description says "99.97% below" for the same anomaly.
   */
  static String relativeChange(double baseline, double current) {
    if (baseline == 0 || !Double.isFinite(baseline) || !Double.isFinite(current)) {
      return "";
    }
    double pct = (current - baseline) / Math.abs(baseline) * 100;
    if (Math.abs(pct) < 10_000) {
      String text = String.format(Locale.ROOT, "%.0f", pct);
      for (int decimals = 1;
          pct > -100 && Double.parseDouble(text) == -100 && decimals <= 15;
          decimals++) {
        text = String.format(Locale.ROOT, "%." + decimals + "f", pct);
      }
      return " (" + (pct >= 0 ? "+" : "") + text + "%)";
    }
    double ratio = current / baseline;
    return ratio > 0 && Double.isFinite(ratio) ? " (" + number(ratio) + "\u00d7)" : "";
  }

  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String duration(Duration d) {
    long minutes = Math.abs(d.toMinutes());
    String sign = d.isNegative() ? "-" : "";
    if (minutes < 60) {
      return sign + minutes + " min";
    }
    return sign + minutes / 60 + " h " + minutes % 60 + " min";
  }

  /**
   * Returns, for example, "errorRate rose from 0.01 to 0.05 (+400%) from 2026-12-01T10:00:00Z";
   * when the value or the baseline is NaN or infinite, what is known of it instead ("latency was 9
   * robust SD above its baseline from ...").
   */
  static String anomaly(Anomaly a) {
    if (!Double.isFinite(a.currentValue()) || !Double.isFinite(a.baselineValue())) {
      String what;
      if (Double.isFinite(a.currentValue())) {
        what = " was " + number(a.currentValue()) + ", unusual for the series";
      } else if (Double.isFinite(a.deviation())) {
        what =
            " was "
                + number(Math.abs(a.deviation()))
                + " robust SD "
                + (a.deviation() >= 0 ? "above" : "below")
                + " its baseline";
      } else {
        what = " was unusual";
      }
      return a.metricName() + what + " from " + time(a.onset());
    }
    String verb = a.currentValue() >= a.baselineValue() ? "rose" : "fell";
    StringBuilder s =
        new StringBuilder(a.metricName())
            .append(' ')
            .append(verb)
            .append(" from ")
            .append(number(a.baselineValue()))
            .append(" to ")
            .append(number(a.currentValue()));
    s.append(relativeChange(a.baselineValue(), a.currentValue()));
    return s.append(" from ").append(time(a.onset())).toString();
  }

  /**
   * Returns, for example, " and went on to 97" when the anomaly went further than the value it was
   * detected at ({@link Anomaly#reached}), else nothing.
   */
  static String reach(Anomaly a) {
    return a.reached() == a.currentValue() ? "" : " and went on to " + number(a.reached());
  }

  /** Returns, for example, "Deployment v2 of checkout". */
  static String changeSubject(ChangeEvent c, String resourceName) {
    if (c.type() == ChangeEvent.ChangeType.DEPLOYMENT && c.version().isPresent()) {
      return "Deployment " + c.version().get() + " of " + resourceName;
    }
    if (c.type() == ChangeEvent.ChangeType.TOPOLOGY && !c.description().isBlank()) {
      return "The topology change of " + resourceName + " (" + c.description() + ")";
    }
    return "The "
        + c.type().name().toLowerCase(Locale.ROOT)
        + " change "
        + c.id()
        + " of "
        + resourceName;
  }

  /** Returns, for example, "checkout v2 (was v1) at 2026-01-01T08:00:00Z". */
  static String changeLine(ChangeEvent c, String resourceName) {
    StringBuilder s = new StringBuilder(resourceName);
    if (c.version().isPresent()) {
      s.append(' ').append(c.version().get());
      c.previousVersion().ifPresent(p -> s.append(" (was ").append(p).append(')'));
    } else {
      s.append(' ')
          .append(c.type().name().toLowerCase(Locale.ROOT))
          .append(" change ")
          .append(c.id());
    }
    return s.append(" at ").append(time(c.time())).toString();
  }
}
