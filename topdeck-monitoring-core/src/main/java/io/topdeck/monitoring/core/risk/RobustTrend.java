package io.topdeck.monitoring.core.risk;

import io.topdeck.monitoring.api.MetricPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Fits a robust linear trend: the Theil–Sen slope (the median of the slopes between every pair of
 * samples) with the Mann–Kendall test of "no trend" for significance.
 *
 * <p>To bound the cost (Theil–Sen is quadratic in the samples), the finite points are first
 * averaged into at most {@code maxSamples} equal-time buckets; empty buckets are left out.
 *
 * <p>Persistent noise (a metric that wanders for hours) makes the plain Mann–Kendall test report
 * trends that are not there: on AR(1) noise with a lag-one autocorrelation of 0.9 it calls about
 * half of trendless weeks significant at 1%. The test is therefore run on a pre-whitened series
 * {@code y[i+1] - phi * y[i]}, where {@code phi} is the larger of two estimates of the lag-one
 * autocorrelation: that of the residuals around the Theil–Sen line, corrected for its small-sample
 * bias ({@code + (2 + 4 phi) / n}), and {@code 1 + 2 r}, with {@code r} the lag-one autocorrelation
 * of the first differences (which a linear trend does not bias). {@code phi} is kept in [0, 0.99];
 * a series without positive autocorrelation is tested as it is. The slope reported is always the
 * Theil–Sen slope of the samples themselves.
 *
 * <p>Known limits: the correction assumes AR(1)-like noise on evenly spaced samples (empty buckets
 * make the spacing uneven); on AR(1) noise with 0.9 it still reports about 2% of trendless weeks as
 * significant at 1%, and on a random walk about 10%. It costs power on a real trend under strongly
 * persistent noise: a rise of 2 a day over such a week (noise of unit innovations) is significant
 * in about 2 of 3 weeks rather than every one. Ties get no variance correction.
 *
 * <p>This is a small, self-contained estimator of its own rather than the anomaly package's trend
 * detector, which fits least squares as a streaming score.
 *
 * @since 0.1.0
 */
public final class RobustTrend {

  /** The default largest number of samples fitted. */
  public static final int DEFAULT_MAX_SAMPLES = 168;

  private static final double DAY_MILLIS = 86_400_000.0;

  private RobustTrend() {}

  /**
   * Returns the trend of {@code points} (in ascending time order), or empty when fewer than 8
   * buckets hold a finite value.
   *
   * @throws IllegalArgumentException if {@code maxSamples} is under 8 or over 2,000
   */
  public static Optional<Trend> fit(List<MetricPoint> points, int maxSamples) {
    if (maxSamples < 8 || maxSamples > 2_000) {
      throw new IllegalArgumentException("maxSamples must be in [8, 2000], but was " + maxSamples);
    }
    double[][] xy = decimate(points, maxSamples);
    double[] x = xy[0];
    double[] y = xy[1];
    int n = x.length;
    if (n < 8) {
      return Optional.empty();
    }
    double[] slopes = new double[n * (n - 1) / 2];
    int k = 0;
    long s = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        slopes[k++] = (y[j] - y[i]) / (x[j] - x[i]);
        s += Integer.signum(Double.compare(y[j], y[i]));
      }
    }
    double slope = median(slopes, k);
    double[] intercepts = new double[n];
    for (int i = 0; i < n; i++) {
      intercepts[i] = y[i] - slope * x[i];
    }
    double intercept = median(intercepts, n);
    double phi = persistence(y, intercepts);
    double p = phi == 0 ? mannKendallP(y, s) : mannKendallP(prewhiten(y, phi));
    double end = x[n - 1];
    Instant endTime = Instant.ofEpochMilli(Math.round(xy[2][0] + end * DAY_MILLIS));
    return Optional.of(new Trend(slope, intercept + slope * end, endTime, p, n));
  }

  /**
   * Returns {x in days since the first point, y, {origin millis}} of the bucket means of the finite
   * points.
   */
  private static double[][] decimate(List<MetricPoint> points, int maxSamples) {
    List<MetricPoint> finite = new ArrayList<>();
    for (MetricPoint p : points) {
      if (Double.isFinite(p.value())) {
        finite.add(p);
      }
    }
    if (finite.isEmpty()) {
      return new double[][] {{}, {}, {0}};
    }
    long first = finite.get(0).timestamp().toEpochMilli();
    long last = finite.get(finite.size() - 1).timestamp().toEpochMilli();
    double width = Math.max(1, (last - first + 1) / (double) maxSamples);
    double[] sumX = new double[maxSamples];
    double[] sumY = new double[maxSamples];
    int[] count = new int[maxSamples];
    for (MetricPoint p : finite) {
      long t = p.timestamp().toEpochMilli() - first;
      int b = (int) Math.min(maxSamples - 1, Math.max(0, Math.floor(t / width)));
      sumX[b] += t / DAY_MILLIS;
      sumY[b] += p.value();
      count[b]++;
    }
    int n = 0;
    for (int c : count) {
      n += c > 0 ? 1 : 0;
    }
    double[] x = new double[n];
    double[] y = new double[n];
    int k = 0;
    for (int b = 0; b < maxSamples; b++) {
      if (count[b] > 0) {
        x[k] = sumX[b] / count[b];
        y[k] = sumY[b] / count[b];
        k++;
      }
    }
    return new double[][] {x, y, {first}};
  }

  /**
   * Returns the lag-one autocorrelation to pre-whiten with, in [0, 0.99]: the larger of the
   * bias-corrected estimate from the residuals around the Theil–Sen line and the estimate from the
   * first differences. The residual estimate alone runs low on persistent noise (the line absorbs
   * part of the wandering), so trendless series would still look trending.
   */
  private static double persistence(double[] y, double[] residuals) {
    int n = y.length;
    double fromResiduals = lagOneAutocorrelation(residuals);
    if (fromResiduals > 0) {
      fromResiduals += (2 + 4 * fromResiduals) / n;
    }
    double[] differences = new double[n - 1];
    for (int i = 0; i + 1 < n; i++) {
      differences[i] = y[i + 1] - y[i];
    }
    double fromDifferences = 1 + 2 * lagOneAutocorrelation(differences);
    double phi = Math.max(fromResiduals, fromDifferences);
    return Double.isFinite(phi) ? Math.max(0, Math.min(0.99, phi)) : 0;
  }

  /** Returns the lag-one sample autocorrelation of {@code v}, 0 when it is constant. */
  private static double lagOneAutocorrelation(double[] v) {
    double mean = 0;
    for (double d : v) {
      mean += d / v.length;
    }
    double numerator = 0;
    double denominator = 0;
    for (int i = 0; i < v.length; i++) {
      denominator += (v[i] - mean) * (v[i] - mean);
      if (i > 0) {
        numerator += (v[i] - mean) * (v[i - 1] - mean);
      }
    }
    return denominator > 0 ? numerator / denominator : 0;
  }

  private static double[] prewhiten(double[] y, double phi) {
    double[] out = new double[y.length - 1];
    for (int i = 0; i + 1 < y.length; i++) {
      out[i] = y[i + 1] - phi * y[i];
    }
    return out;
  }

  /** Returns the two-sided p-value of the Mann–Kendall test of "no trend" on {@code y}. */
  private static double mannKendallP(double[] y) {
    long s = 0;
    for (int i = 0; i < y.length; i++) {
      for (int j = i + 1; j < y.length; j++) {
        s += Integer.signum(Double.compare(y[j], y[i]));
      }
    }
    return mannKendallP(y, s);
  }

  /** Returns the p-value of the statistic {@code s} of {@code y} (normal, continuity-corrected). */
  private static double mannKendallP(double[] y, long s) {
    int n = y.length;
    double variance = n * (n - 1.0) * (2.0 * n + 5) / 18.0;
    double z = s == 0 ? 0 : (s - Math.signum(s)) / Math.sqrt(variance);
    return Math.min(1, 2 * upperTail(Math.abs(z)));
  }

  private static double median(double[] values, int n) {
    double[] v = Arrays.copyOf(values, n);
    Arrays.sort(v);
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** Returns P(Z > z) for a standard normal Z (Abramowitz and Stegun 7.1.26, error < 1.5e-7). */
  static double upperTail(double z) {
    double x = z / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * x);
    double poly =
        t
            * (0.254829592
                + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    double erfc = poly * Math.exp(-x * x);
    return 0.5 * erfc;
  }
}
