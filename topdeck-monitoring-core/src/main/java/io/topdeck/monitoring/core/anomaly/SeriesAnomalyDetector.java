package io.topdeck.monitoring.core.anomaly;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.MetricSeries;
import io.topdeck.monitoring.api.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns the scores of a {@link StreamingDetector} for one series into {@link Anomaly} values.
 *
 * <p>A point whose score reaches the threshold opens an anomaly, which is returned at once;
 * following anomalous points belong to the same anomaly, which closes after {@code quietPoints}
 * consecutive normal points. Points without data (NaN or infinite) neither extend nor close an
 * anomaly. The onset is the first point of the unbroken run of points at least two robust standard
 * deviations away on the same side as the detected point.
 *
 * <p>The baseline and deviation come from the detector when it is {@link BaselineAware}; otherwise
 * this class keeps its own rolling median and MAD of the last 64 values. Not thread-safe: one
 * instance per series.
 */
public final class SeriesAnomalyDetector {

  /** Default score at or above which a point is anomalous. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** Default number of consecutive normal points that close an anomaly. */
  public static final int DEFAULT_QUIET_POINTS = 3;

  private static final double ONSET_Z = 2.0;

  /** The factor from which a value is only said to be far from its baseline. */
  private static final double FAR = 1e6;

  private static final Instant MIN_MILLIS = Instant.ofEpochMilli(Long.MIN_VALUE);
  private static final Instant MAX_MILLIS = Instant.ofEpochMilli(Long.MAX_VALUE);

  private final String metricName;
  private final String unit;
  private final String resourceId;
  private final StreamingDetector detector;
  private final double threshold;
  private final int quietPoints;
  private final RollingWindow ownBaseline;

  private boolean open;

  /** Whether the last point processed was flagged, opening or continuing an anomaly. */
  private boolean flagged;

  private int quiet;
  private long runStartMillis = Long.MIN_VALUE;
  private int runSign;

  /**
   * Creates a tracker with the default threshold and quiet period.
   *
   * @param metricName the series' metric name
   * @param unit the series' unit, possibly empty
   * @param resourceId the resource the series belongs to
   * @param detector a fresh detector, used for this series only
   */
  public SeriesAnomalyDetector(
      String metricName, String unit, String resourceId, StreamingDetector detector) {
    this(metricName, unit, resourceId, detector, DEFAULT_THRESHOLD, DEFAULT_QUIET_POINTS);
  }

  /**
   * Creates a tracker.
   *
   * @param metricName the series' metric name
   * @param unit the series' unit, possibly empty
   * @param resourceId the resource the series belongs to
   * @param detector a fresh detector, used for this series only
   * @param threshold the score at or above which a point is anomalous, in (0, 1]
   * @param quietPoints how many consecutive normal points close an anomaly, at least 1
   */
  public SeriesAnomalyDetector(
      String metricName,
      String unit,
      String resourceId,
      StreamingDetector detector,
      double threshold,
      int quietPoints) {
    this.metricName = Objects.requireNonNull(metricName, "metricName");
    this.unit = Objects.requireNonNull(unit, "unit");
    this.resourceId = Objects.requireNonNull(resourceId, "resourceId");
    this.detector = Objects.requireNonNull(detector, "detector");
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in (0, 1], but was " + threshold);
    }
    if (quietPoints < 1) {
      throw new IllegalArgumentException("quietPoints must be at least 1, but was " + quietPoints);
    }
    this.threshold = threshold;
    this.quietPoints = quietPoints;
    this.ownBaseline = detector instanceof BaselineAware ? null : new RollingWindow(64);
  }

  /**
   * Returns the anomalies of a whole series, feeding its points one by one, in order, to a fresh
   * default detector ({@link Detectors#defaultDetector()}). The default detector learns from the
   * first 256 finite points and reports nothing before, so a shorter series has no anomaly.
   *
   * @param resourceId the resource the series belongs to
   * @param series the series
   */
  public static List<Anomaly> detect(String resourceId, MetricSeries series) {
    return detect(resourceId, series, Detectors::defaultDetector);
  }

  /**
   * Returns the anomalies of a whole series, feeding its points one by one, in order, to a fresh
   * detector from {@code detectors}. Each anomaly's {@link Anomaly#lastSeenAt} is the last point
   * flagged before it closed (or before the series ended), so that a deviation that persists can be
   * told from a short episode; {@link #update} reports an anomaly as it opens and cannot.
   *
   * @param resourceId the resource the series belongs to
   * @param series the series
   * @param detectors makes the detector for this series
   */
  public static List<Anomaly> detect(
      String resourceId, MetricSeries series, Supplier<? extends StreamingDetector> detectors) {
    SeriesAnomalyDetector tracker =
        new SeriesAnomalyDetector(series.name(), series.unit(), resourceId, detectors.get());
    List<Anomaly> found = new ArrayList<>();
    for (MetricPoint point : series.points()) {
      Optional<Anomaly> opened = tracker.update(point.timestamp(), point.value());
      if (opened.isPresent()) {
        found.add(opened.get().seenUntil(point.timestamp()));
      } else if (tracker.flagged && !found.isEmpty()) {
        // The whole series is at hand: the open anomaly records how long it went on.
        int last = found.size() - 1;
        found.set(last, found.get(last).seenUntil(point.timestamp()));
      }
    }
    return List.copyOf(found);
  }

  /**
   * Processes one point and returns the anomaly it opens, if any. Points that continue an open
   * anomaly return empty.
   *
   * @param timestamp the point's time
   * @param value the point's value; NaN or infinite means no data
   * @throws IllegalArgumentException if {@code timestamp} lies outside epoch milliseconds
   */
  public Optional<Anomaly> update(Instant timestamp, double value) {
    if (timestamp.isBefore(MIN_MILLIS) || timestamp.isAfter(MAX_MILLIS)) {
      throw new IllegalArgumentException(
          "timestamp must lie within epoch milliseconds ("
              + MIN_MILLIS
              + " .. "
              + MAX_MILLIS
              + "), but was "
              + timestamp);
    }
    long millis = timestamp.toEpochMilli();
    double score = detector.update(millis, value);
    flagged = false;
    if (!Double.isFinite(value)) {
      return Optional.empty();
    }
    double baseline;
    double deviation;
    if (ownBaseline == null) {
      BaselineAware aware = (BaselineAware) detector;
      baseline = aware.baseline();
      deviation = aware.deviation();
    } else {
      baseline = ownBaseline.median();
      deviation =
          ownBaseline.size() < 3
              ? Double.NaN
              : (Magnitudes.clamp(value) - baseline)
                  / RobustDetector.robustScale(ownBaseline, baseline);
      ownBaseline.add(value);
    }
    trackRun(millis, deviation);
    if (score >= threshold) {
      flagged = true;
      quiet = 0;
      if (!open) {
        open = true;
        return Optional.of(anomaly(timestamp, value, baseline, deviation, score));
      }
      return Optional.empty();
    }
    if (open && ++quiet >= quietPoints) {
      open = false;
    }
    return Optional.empty();
  }

  /**
   * Returns how a finite value relates to its finite baseline, in words: a multiple ("2.5× its
   * usual 40 ms") or a percentage below ("60% below its usual 40 ms") when both are positive and
   * differ by a factor of 1.5 or more, and otherwise the signed difference ("90 ms above its usual
   * -100 ms"), so that the words agree with the sign of the deviation whatever the signs of the
   * values. A value a million times its baseline or more, or whose difference from a non-zero
   * baseline is a million times the baseline's size or more, is only "far above" or "far below" it:
   * a ratio or difference of that size says nothing more.
   */
  static String relation(double value, double baseline, String unit) {
    String usual = Units.format(baseline, unit);
    double ratio = value / baseline;
    if (value > 0 && baseline > 0 && Double.isFinite(ratio)) {
      if (ratio >= FAR) {
        return "far above its usual " + usual;
      }
      if (ratio >= 1.5) {
        return Units.number(ratio, 2) + "× its usual " + usual;
      }
      if (ratio <= 1 / 1.5) {
        return Units.number(100 * (1 - ratio), 2) + "% below its usual " + usual;
      }
    }
    if (value == baseline) {
      return "at its usual " + usual;
    }
    String side = value > baseline ? "above" : "below";
    double difference = value - baseline;
    if (Double.isInfinite(difference)
        || (baseline != 0 && Math.abs(difference) >= FAR * Math.abs(baseline))) {
      // Also two values near the largest double, of opposite signs, whose difference overflows.
      return "far " + side + " its usual " + usual;
    }
    return Units.format(Math.abs(difference), unit) + " " + side + " its usual " + usual;
  }

  /** Returns whether an anomaly is open, that is detected and not yet followed by quiet points. */
  public boolean isOpen() {
    return open;
  }

  private void trackRun(long millis, double deviation) {
    int sign = deviation >= ONSET_Z ? 1 : deviation <= -ONSET_Z ? -1 : 0;
    if (sign == 0) {
      runStartMillis = Long.MIN_VALUE;
    } else if (sign != runSign || runStartMillis == Long.MIN_VALUE) {
      runStartMillis = millis;
    }
    runSign = sign;
  }

  private Anomaly anomaly(
      Instant timestamp, double value, double baseline, double deviation, double score) {
    Instant onset =
        runStartMillis != Long.MIN_VALUE && runStartMillis <= timestamp.toEpochMilli()
            ? Instant.ofEpochMilli(runStartMillis)
            : timestamp;
    double clamped = Math.max(0, Math.min(1, score));
    return new Anomaly(
        metricName,
        resourceId,
        timestamp,
        onset,
        severity(clamped, deviation),
        baseline,
        value,
        deviation,
        clamped,
        describe(value, baseline, deviation));
  }

  /**
   * Returns the severity: CRITICAL from score 0.99 with 20 robust SD or more, HIGH from score 0.9
   * or 10 SD, MEDIUM from score 0.75 or 6 SD, INFO under 3 SD (flagged for its shape rather than
   * its size, e.g. a slow trend), LOW otherwise.
   */
  static Severity severity(double score, double deviation) {
    double z = Double.isNaN(deviation) ? 0 : Math.abs(deviation);
    if (score >= 0.99 && z >= 20) {
      return Severity.CRITICAL;
    }
    if (score >= 0.9 || z >= 10) {
      return Severity.HIGH;
    }
    if (score >= 0.75 || z >= 6) {
      return Severity.MEDIUM;
    }
    if (z < 3) {
      return Severity.INFO;
    }
    return Severity.LOW;
  }

  private String describe(double value, double baseline, double deviation) {
    StringBuilder text = new StringBuilder();
    text.append(metricName).append(" on ").append(resourceId).append(" is ");
    text.append(Units.format(value, unit));
    if (Double.isNaN(baseline)) {
      return text.append(", unusual for this series").toString();
    }
    text.append(", ").append(relation(value, baseline, unit));
    if (Double.isFinite(deviation)) {
      text.append(" (")
          .append(Units.number(Math.abs(deviation), 2))
          .append(" robust SD ")
          .append(deviation >= 0 ? "above" : "below")
          .append(")");
    }
    return text.toString();
  }
}
