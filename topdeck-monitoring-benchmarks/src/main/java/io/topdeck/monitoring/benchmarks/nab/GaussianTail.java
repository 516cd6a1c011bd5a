package io.topdeck.monitoring.benchmarks.nab;

/** The Gaussian tail probability (Q-function) through a complementary error function. */
final class GaussianTail {

  private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
  private static final double ONE_OVER_SQRT_PI = 1.0 / Math.sqrt(Math.PI);
  private static final int FRACTION_DEPTH = 120;

  private GaussianTail() {}

  /**
   * Returns {@code P(X > mean + |value - mean|)} for X ~ N(mean, std²). A value below the mean is
   * first mirrored to the other side, as NAB does.
   */
  static double twoSidedTail(double value, double mean, double std) {
    double x = value < mean ? 2 * mean - value : value;
    double z = (x - mean) / std;
    return 0.5 * erfc(z / Math.sqrt(2.0));
  }

  /**
   * Returns erfc(x) to near double precision: a Maclaurin series of erf below 1.5 and a continued
   * fraction above, where the series would lose digits to cancellation.
   */
  static double erfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x < 0) {
      return 2.0 - erfc(-x);
    }
    if (x < 1.5) {
      return 1.0 - erfSeries(x);
    }
    if (x > 27.3) {
      return 0.0; // below the smallest positive double
    }
    return Math.exp(-x * x) * ONE_OVER_SQRT_PI / continuedFraction(x);
  }

  // erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n (2x^2)^n x / (1*3*...*(2n+1))
  private static double erfSeries(double x) {
    double term = x;
    double sum = x;
    double x2 = 2 * x * x;
    for (int n = 1; n < 200; n++) {
      term *= x2 / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) {
        break;
      }
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
  }

  // x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))), evaluated from the tail up.
  private static double continuedFraction(double x) {
    double tail = x;
    for (int k = FRACTION_DEPTH; k >= 1; k--) {
      tail = x + (k / 2.0) / tail;
    }
    return tail;
  }
}
