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
 * averaged into at most {@code maxSamples} equal-time buckets; empty buckets are left out, as are
 * points whose time lies outside the range of epoch milliseconds. Bucket means are running means,
 * so values near {@code Double.MAX_VALUE} do not overflow; a series whose fit still overflows
 * (differences beyond {@code Double.MAX_VALUE}) has no trend.
 *
 * <p>A level shift is not a trend, but the Mann–Kendall test calls a step of half a standard
 * deviation over a week a trend with p near 1e-9. So a trend must show twice: along one line, and
 * within the two levels of the best single step (the split, at least a tenth of the samples from
 * either end, that minimises the mean absolute deviation from the two medians), where it is tested
 * by Mann–Kendall within each level (statistics and variances summed) around one common Theil–Sen
 * slope. The p-value reported is the larger of the two (an intersection–union test, so still at the
 * stated level). The slope and value reported are those of whichever fit, the line or the step with
 * a slope, leaves the smaller mean absolute residual: after a shift, the current level.
 *
 * <p>Persistent noise (a metric that wanders for hours) makes the plain Mann–Kendall test report
 * trends that are not there: on AR(1) noise with a lag-one autocorrelation of 0.9 it calls about
 * half of trendless weeks significant at 1%. The tests therefore run on a pre-whitened series
 * {@code y[i+1] - phi * y[i]}, where {@code phi} is the larger of two estimates of the lag-one
 * autocorrelation: that of the residuals around the better of the two fits above, corrected for its
 * small-sample bias ({@code + (2 + 4 phi) / n}), and {@code 1 + 2 r}, with {@code r} the lag-one
 * autocorrelation of the first differences of the samples less their fitted level (which neither a
 * linear trend nor a fitted step biases). {@code phi} is kept in [0, 0.99]; a series without
 * positive autocorrelation is tested as it is.
 *
 * <p>Known limits: the correction assumes AR(1)-like noise on evenly spaced samples (empty buckets
 * make the spacing uneven); on AR(1) noise with 0.9 it reports none of 50 trendless weeks as
 * significant at 1%, and on a random walk 1 of 50. The step check costs power under strongly
 * persistent noise, since only pairs within one level then count: a rise of 2 a day over such a
 * week (noise of unit innovations) is significant in 14 of 50 weeks (30 without the check). A step
 * in the first or last tenth of the samples is not recognised as one. Ties get no variance
 * correction.
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
  private static final Instant MIN_MILLIS = Instant.ofEpochMilli(Long.MIN_VALUE);
  private static final Instant MAX_MILLIS = Instant.ofEpochMilli(Long.MAX_VALUE);

  private RobustTrend() {}

  /**
   * Returns the trend of {@code points} (in ascending time order), or empty when fewer than 8
   * buckets hold a finite value or the fit overflows.
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
    Line line = line(x, y, 0);
    Line better = line;
    int split = bestSplit(y);
    Line stepped = split > 0 ? line(x, y, split) : line;
    if (spread(stepped.residuals) < spread(line.residuals)) {
      better = stepped;
    }
    // A trend must show both along one line and within the two levels of the best single step, so
    // that a level shift is not called a trend; the persistence comes from the residuals around
    // the better of the two fits, so that a shift does not pass for persistent noise either.
    double phi = persistence(better.leveled, better.residuals);
    double p = Math.max(mannKendallP(line, phi), mannKendallP(stepped, phi));
    double end = x[n - 1];
    double valueAtEnd = better.levelAtEnd + better.slope * end;
    double endMillis = xy[2][0] + end * DAY_MILLIS;
    if (!Double.isFinite(better.slope) || !Double.isFinite(valueAtEnd) || !(p >= 0)) {
      return Optional.empty();
    }
    Instant endTime = Instant.ofEpochMilli(Math.round(endMillis));
    return Optional.of(new Trend(better.slope, valueAtEnd, endTime, Math.min(1, p), n));
  }

  /**
   * A Theil–Sen fit of one slope with its own level before and after {@code split} (one level when
   * it is 0).
   *
   * @param levelAtEnd the intercept of the last level
   * @param residuals the samples less the fit
   * @param leveled the samples less their level (trend kept)
   */
  private record Line(
      double slope, int split, double levelAtEnd, double[] residuals, double[] leveled) {}

  private static Line line(double[] x, double[] y, int split) {
    int n = x.length;
    double[] slopes = new double[n * (n - 1) / 2];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n && (i >= split || j < split); j++) {
        slopes[k++] = (y[j] - y[i]) / (x[j] - x[i]);
      }
    }
    double slope = median(slopes, k);
    double[] intercepts = new double[n];
    for (int i = 0; i < n; i++) {
      intercepts[i] = y[i] - slope * x[i];
    }
    double[] levels = levels(intercepts, split);
    double[] residuals = new double[n];
    double[] leveled = new double[n];
    for (int i = 0; i < n; i++) {
      residuals[i] = intercepts[i] - levels[i];
      leveled[i] = y[i] - levels[i];
    }
    return new Line(slope, split, levels[n - 1], residuals, leveled);
  }

  /**
   * Returns the p-value of the Mann–Kendall test of "no trend" within the levels of {@code line}
   * (the statistics and variances of the two segments summed), pre-whitened by {@code phi}.
   */
  private static double mannKendallP(Line line, double phi) {
    int n = line.leveled.length;
    double s = 0;
    double variance = 0;
    for (double[] segment :
        new double[][] {
          Arrays.copyOfRange(line.leveled, 0, line.split),
          Arrays.copyOfRange(line.leveled, line.split, n)
        }) {
      if (segment.length < 2) {
        continue;
      }
      double[] tested = phi == 0 ? segment : prewhiten(segment, phi);
      s += mannKendallS(tested);
      variance += mannKendallVariance(tested.length);
    }
    return mannKendallP(s, variance);
  }

  /** Returns, for each sample, the median of {@code v} over its side of {@code split}. */
  private static double[] levels(double[] v, int split) {
    int n = v.length;
    double[] levels = new double[n];
    if (split > 0) {
      Arrays.fill(levels, 0, split, median(Arrays.copyOfRange(v, 0, split), split));
    }
    Arrays.fill(levels, split, n, median(Arrays.copyOfRange(v, split, n), n - split));
    return levels;
  }

  /**
   * Returns the best place for a single step (the split, leaving at least a tenth of the samples
   * and 4 on each side, that minimises the spread around the two medians), 0 when the series is too
   * short to split.
   */
  private static int bestSplit(double[] y) {
    int n = y.length;
    int margin = Math.max(4, n / 10);
    double best = Double.POSITIVE_INFINITY;
    int bestSplit = 0;
    for (int split = margin; split <= n - margin; split++) {
      double spread = spread(stepResiduals(y, split));
      if (spread < best) {
        best = spread;
        bestSplit = split;
      }
    }
    return bestSplit;
  }

  private static double[] stepResiduals(double[] y, int split) {
    double[] levels = levels(y, split);
    double[] out = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      out[i] = y[i] - levels[i];
    }
    return out;
  }

  /**
   * Returns the mean absolute value of {@code residuals}: the loss the medians minimise, robust to
   * single outliers yet, unlike the median absolute value, not blind to a misplaced step.
   */
  private static double spread(double[] residuals) {
    double sum = 0;
    for (double r : residuals) {
      sum += Math.abs(r) / residuals.length;
    }
    return sum;
  }

  /**
   * Returns {x in days since the first point, y, {origin millis}} of the bucket means of the finite
   * points. Points whose time is outside the range of epoch milliseconds (about 292 million years
   * around 1970) are left out. The means are running means, so values near {@code Double.MAX_VALUE}
   * do not overflow.
   */
  private static double[][] decimate(List<MetricPoint> points, int maxSamples) {
    List<MetricPoint> finite = new ArrayList<>();
    for (MetricPoint p : points) {
      if (Double.isFinite(p.value()) && inMillisRange(p.timestamp())) {
        finite.add(p);
      }
    }
    if (finite.isEmpty()) {
      return new double[][] {{}, {}, {0}};
    }
    long first = finite.get(0).timestamp().toEpochMilli();
    long last = finite.get(finite.size() - 1).timestamp().toEpochMilli();
    double width = Math.max(1, ((double) last - first + 1) / maxSamples);
    double[] meanX = new double[maxSamples];
    double[] meanY = new double[maxSamples];
    int[] count = new int[maxSamples];
    for (MetricPoint p : finite) {
      double t = (double) p.timestamp().toEpochMilli() - first;
      int b = (int) Math.min(maxSamples - 1, Math.max(0, Math.floor(t / width)));
      count[b]++;
      meanX[b] += (t / DAY_MILLIS - meanX[b]) / count[b];
      meanY[b] = runningMean(meanY[b], p.value(), count[b]);
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
        x[k] = meanX[b];
        y[k] = meanY[b];
        k++;
      }
    }
    return new double[][] {x, y, {first}};
  }

  /** Returns the mean of {@code count} values given that of the first {@code count - 1}. */
  private static double runningMean(double mean, double value, int count) {
    // Weighted rather than mean + (value - mean) / count: the difference overflows for values of
    // opposite sign near Double.MAX_VALUE.
    return mean * ((count - 1.0) / count) + value / count;
  }

  private static boolean inMillisRange(Instant t) {
    return !t.isBefore(MIN_MILLIS) && !t.isAfter(MAX_MILLIS);
  }

  /**
   * Returns the lag-one autocorrelation to pre-whiten with, in [0, 0.99]: the larger of the
   * bias-corrected estimate from the residuals around the fit and the estimate from the first
   * differences of {@code y}, the samples less their fitted level. The residual estimate alone runs
   * low on persistent noise (the line absorbs part of the wandering), so trendless series would
   * still look trending.
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

  /** Returns the Mann–Kendall statistic of {@code y}: concordant minus discordant pairs. */
  private static long mannKendallS(double[] y) {
    long s = 0;
    for (int i = 0; i < y.length; i++) {
      for (int j = i + 1; j < y.length; j++) {
        s += Integer.signum(Double.compare(y[j], y[i]));
      }
    }
    return s;
  }

  /** Returns the variance of the Mann–Kendall statistic of {@code n} samples without ties. */
  private static double mannKendallVariance(int n) {
    return n * (n - 1.0) * (2.0 * n + 5) / 18.0;
  }

  /** Returns the two-sided p-value of the statistic {@code s} (normal, continuity-corrected). */
  private static double mannKendallP(double s, double variance) {
    double z = s == 0 || variance == 0 ? 0 : (s - Math.signum(s)) / Math.sqrt(variance);
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
