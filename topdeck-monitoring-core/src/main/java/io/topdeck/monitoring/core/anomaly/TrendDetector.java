package io.topdeck.monitoring.core.anomaly;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Detects a slow, steady trend over days and forecasts when it will cross a level.
 *
 * <p>Points are averaged into buckets of {@code bucket} duration (decimation), and the last {@code
 * capacity} bucket means are kept in a ring. When a bucket closes, an ordinary least-squares line
 * is fitted through the ring (O(capacity) once per bucket, so O(1) amortized per point) and its
 * slope is tested: the score rises with the slope's t statistic, 0.5 at {@code tHalf}, and is 0
 * until the ring holds at least half its capacity, or when the fitted change over the ring is
 * smaller than twice the residual standard deviation (a trend too small to matter) or than a
 * billionth of the largest bucket mean's magnitude (rounding error of a constant series). The score
 * of a point is the score of the last closed bucket.
 *
 * <p>The slope is not robust to outlying buckets, but bucket means already damp single spikes.
 * Buckets are placed by time, so irregular sampling and gaps are fine; a bucket that receives no
 * point is simply missing from the fit. Timestamps that go back are treated as the latest seen. A
 * point more than the fit's span ({@code capacity} buckets) ahead of the latest accepted point is
 * ignored (score 0) and counted by {@link #rejectedTimestamps()}, unless the next point confirms
 * the jump (see {@link JumpGuardedClock}): one point stamped far in the future must not leave a
 * bucket open for ever.
 */
public final class TrendDetector implements StreamingDetector {

  /** Fitted change over the span, relative to the level, under which there is no trend. */
  static final double RELATIVE_TOLERANCE = 1e-9;

  private final long bucketMillis;
  private final double[] means;
  private final long[] bucketIndex;
  private final double tHalf;
  private final JumpGuardedClock clock;
  private int size;
  private int next;
  private long currentBucket = Long.MIN_VALUE;
  private double mean;
  private long count;
  private double slopePerMilli = Double.NaN;
  private double interceptAtLast = Double.NaN;
  private long lastBucketEndMillis;
  private double score;

  /** Creates a detector over 72 buckets of one hour (three days), 0.5 at a t statistic of 8. */
  public TrendDetector() {
    this(Duration.ofHours(1), 72, 8);
  }

  /**
   * Creates a detector.
   *
   * @param bucket the decimation step, at least one second
   * @param capacity how many buckets the fit spans, 8 to 1024
   * @param tHalf the slope's t statistic that scores 0.5, positive
   */
  public TrendDetector(Duration bucket, int capacity, double tHalf) {
    if (bucket.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("bucket must be at least 1 second, but was " + bucket);
    }
    if (capacity < 8 || capacity > 1024) {
      throw new IllegalArgumentException("capacity must be in [8, 1024], but was " + capacity);
    }
    if (!(tHalf > 0) || Double.isInfinite(tHalf)) {
      throw new IllegalArgumentException("tHalf must be positive and finite, but was " + tHalf);
    }
    this.bucketMillis = bucket.toMillis();
    this.means = new double[capacity];
    this.bucketIndex = new long[capacity];
    this.tHalf = tHalf;
    this.clock = new JumpGuardedClock(bucketMillis * capacity);
  }

  @Override
  public double update(long epochMillis, double value) {
    if (!Double.isFinite(value)) {
      return 0;
    }
    long t = clock.accept(epochMillis);
    if (t == JumpGuardedClock.REJECTED) {
      return 0;
    }
    long b = Math.floorDiv(t, bucketMillis);
    if (currentBucket != Long.MIN_VALUE && b > currentBucket) {
      close();
    }
    if (currentBucket == Long.MIN_VALUE || b > currentBucket) {
      currentBucket = b;
    }
    // A running mean, unlike a sum, cannot overflow however many points a bucket gets.
    count++;
    mean += (Magnitudes.clamp(value) - mean) / count;
    return score;
  }

  /** Returns how many points were ignored for lying too far ahead of the latest accepted one. */
  public long rejectedTimestamps() {
    return clock.rejected();
  }

  /** Returns the fitted slope in value units per day, or NaN before the first fit. */
  public double slopePerDay() {
    return slopePerMilli * 86_400_000.0;
  }

  /**
   * Returns when the fitted line reaches {@code level}, in epoch milliseconds, or empty when there
   * is no significant trend (score under 0.5) or the trend leads away from the level.
   *
   * @param level the level of interest, for example 95 for a disk at 95%
   */
  public OptionalLong forecastCrossing(double level) {
    if (!(score >= 0.5) || !Double.isFinite(slopePerMilli) || slopePerMilli == 0) {
      return OptionalLong.empty();
    }
    double millis = (level - interceptAtLast) / slopePerMilli;
    if (millis < 0) {
      return OptionalLong.empty();
    }
    if (millis > Long.MAX_VALUE / 2.0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(lastBucketEndMillis + (long) millis);
  }

  /**
   * Returns a sentence such as "reaches 95% in about 3 days" for the forecast crossing, or empty
   * text when there is none.
   *
   * @param level the level of interest
   * @param unit the series' unit, as in {@link io.topdeck.monitoring.api.MetricSeries#unit()}
   * @param nowMillis the time the sentence is read at
   */
  public String describeCrossing(double level, String unit, long nowMillis) {
    OptionalLong at = forecastCrossing(level);
    if (at.isEmpty()) {
      return "";
    }
    Duration in = Duration.ofMillis(Math.max(0, at.getAsLong() - nowMillis));
    return "reaches " + Units.format(level, unit) + " in " + about(in);
  }

  /** Returns a rounded duration in words: "about 3 days", "about 5 hours", "under an hour". */
  static String about(Duration d) {
    long hours = d.toHours();
    if (hours < 1) {
      return "under an hour";
    }
    if (hours < 48) {
      return "about " + hours + (hours == 1 ? " hour" : " hours");
    }
    long days = Math.round(d.toHours() / 24.0);
    return "about " + days + " days";
  }

  private void close() {
    means[next] = mean;
    bucketIndex[next] = currentBucket;
    next = next + 1 == means.length ? 0 : next + 1;
    size = Math.min(size + 1, means.length);
    mean = 0;
    count = 0;
    lastBucketEndMillis = (currentBucket + 1) * bucketMillis;
    fit();
  }

  private void fit() {
    if (size < means.length / 2) {
      score = 0;
      return;
    }
    long origin = bucketIndex[next == 0 ? means.length - 1 : next - 1];
    double level = 0;
    for (int i = 0; i < size; i++) {
      if (bucketIndex[i] - origin > -means.length) {
        level = Math.max(level, Math.abs(means[i]));
      }
    }
    // Fitting in units of the largest mean keeps the sums finite for huge values; the t statistic
    // and the size test do not depend on the unit.
    double unit = level > 1e100 ? level : 1;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    int n = 0;
    for (int i = 0; i < size; i++) {
      double x = bucketIndex[i] - origin;
      if (x <= -means.length) {
        continue; // older than the span, kept only because no newer bucket replaced it yet
      }
      double y = means[i] / unit;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
      n++;
    }
    double varX = sxx - sx * sx / n;
    if (n < 4 || varX <= 0) {
      score = 0;
      return;
    }
    double slope = (sxy - sx * sy / n) / varX;
    double intercept = (sy - slope * sx) / n; // value at x = 0, the last closed bucket
    double sse = 0;
    for (int i = 0; i < size; i++) {
      double x = bucketIndex[i] - origin;
      if (x <= -means.length) {
        continue;
      }
      double r = means[i] / unit - (intercept + slope * x);
      sse += r * r;
    }
    double residualSd = Math.sqrt(sse / (n - 2));
    double slopeSe = residualSd / Math.sqrt(varX);
    double t = slopeSe > 0 ? Math.abs(slope) / slopeSe : (slope == 0 ? 0 : Double.MAX_VALUE);
    double change = Math.abs(slope) * (n - 1);
    // A change below a tiny fraction of the level is rounding error (a constant series averaged
    // over buckets of different sizes), however small the residuals make its t statistic.
    boolean large = change >= 2 * residualSd && change > RELATIVE_TOLERANCE * (level / unit);
    slopePerMilli = slope * unit / bucketMillis;
    interceptAtLast = (intercept + slope * 0.5) * unit; // the line at the end of the last bucket
    score = large ? RobustDetector.scoreOf(Math.min(t, 1e6), tHalf) : 0;
  }
}
