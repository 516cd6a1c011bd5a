package io.topdeck.monitoring.core.anomaly;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Formats a value in a series' unit for people to read: "1.2 s", "340 ms", "2.5 GiB", "87%". */
final class Units {

  private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  /** Decimal exponents from which a number is written with an exponent rather than in full. */
  private static final int PLAIN_MAX_EXPONENT = 6;

  private static final int PLAIN_MIN_EXPONENT = -6;

  /** The magnitude from which a number is written with an exponent. */
  private static final double PLAIN_LIMIT = 1e6;

  private Units() {}

  /**
   * Returns the value with three significant digits and a readable unit. Seconds and milliseconds
   * are rescaled to µs, ms, s, min or h; bytes to binary multiples; percent gets a "%" sign; any
   * other unit is appended as given. A duration or size so large that it would need an exponent
   * even in hours or PiB is written in the given unit instead ("-1.8e308 ms"): no conversion makes
   * it more readable.
   */
  static String format(double value, String unit) {
    if (!Double.isFinite(value)) {
      return "no data";
    }
    String u = unit.trim().toLowerCase(Locale.ROOT);
    switch (u) {
      case "seconds", "second", "s" -> {
        return Math.abs(value) / 3600 < PLAIN_LIMIT ? duration(value) : asGiven(value, unit);
      }
      case "milliseconds", "millisecond", "ms" -> {
        return Math.abs(value) / 3_600_000 < PLAIN_LIMIT
            ? duration(value / 1000)
            : asGiven(value, unit);
      }
      case "bytes", "byte", "by", "b" -> {
        return Math.abs(value) / 0x1p50 < PLAIN_LIMIT ? bytes(value) : asGiven(value, unit);
      }
      case "percent", "%" -> {
        return number(value) + "%";
      }
      case "" -> {
        return number(value);
      }
      default -> {
        return asGiven(value, unit);
      }
    }
  }

  /**
   * Returns zero written in the scale that {@link #format(double, String)} picks for {@code like}:
   * "0 ms" next to "100 ms", "0 KiB" next to "3 KiB", rather than "0 s" or "0 B".
   */
  static String zeroLike(double like, String unit) {
    String formatted = format(like, unit);
    int space = formatted.indexOf(' ');
    if (!Double.isFinite(like) || space < 0) {
      return format(0, unit);
    }
    return "0" + formatted.substring(space);
  }

  private static String asGiven(double value, String unit) {
    return number(value) + " " + unit.trim();
  }

  private static String duration(double seconds) {
    double a = Math.abs(seconds);
    if (a == 0) {
      return "0 s";
    }
    if (a < 1e-3) {
      return number(seconds * 1e6) + " µs";
    }
    if (a < 1) {
      return number(seconds * 1e3) + " ms";
    }
    if (a < 120) {
      return number(seconds) + " s";
    }
    if (a < 7200) {
      return number(seconds / 60) + " min";
    }
    return number(seconds / 3600) + " h";
  }

  private static String bytes(double value) {
    double a = Math.abs(value);
    int i = 0;
    while (a >= 1024 && i < BINARY.length - 1) {
      a /= 1024;
      value /= 1024;
      i++;
    }
    return number(value) + " " + BINARY[i];
  }

  /** Returns the number with three significant digits, as {@link #number(double, int)}. */
  static String number(double value) {
    return number(value, 3);
  }

  /**
   * Returns the number with {@code digits} significant digits and without trailing zeros: in plain
   * notation from 1e-6 to under 1e6 ("446000"), and otherwise with a decimal exponent ("1.02e12",
   * "2e-12"), so that no value yields a long row of zeros to count. Infinities read "∞" and "-∞",
   * NaN reads "NaN".
   */
  static String number(double value, int digits) {
    if (value == 0) {
      return "0";
    }
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "∞" : "-∞";
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros();
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent >= PLAIN_MAX_EXPONENT || exponent < PLAIN_MIN_EXPONENT) {
      return rounded.movePointLeft(exponent).toPlainString() + "e" + exponent;
    }
    return rounded.toPlainString();
  }
}
