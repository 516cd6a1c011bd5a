package io.topdeck.monitoring.core.risk;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;

/** Formats the numbers and durations of risk sentences. */
final class RiskTexts {

  private RiskTexts() {}

  static String number(double value) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }

  /** Returns "24 h", "3 days" or "45 min". */
  static String duration(Duration d) {
    long minutes = d.toMinutes();
    if (minutes < 60) {
      return minutes + " min";
    }
    if (minutes < 48 * 60) {
      return minutes / 60 + " h";
    }
    return Math.round(minutes / 1440.0) + " days";
  }

  /** Returns "about 5 days", "about 7 h" or "less than an hour". */
  static String about(Duration d) {
    double hours = d.toSeconds() / 3600.0;
    if (hours < 1) {
      return "less than an hour";
    }
    if (hours < 48) {
      return "about " + Math.round(hours) + " h";
    }
    return "about " + Math.round(hours / 24) + " days";
  }
}
