package io.topdeck.monitoring.core.anomaly;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.MetricSeries;
import io.topdeck.monitoring.api.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns the scores of a {@link StreamingDetector} for one series into {@link Anomaly} values.
 *
 * <p>A point whose score reaches the threshold opens an anomaly, which is returned at once. The
 * anomaly then covers the whole excursion, with hysteresis: it stays open while points score at or
 * above the threshold or stay on the excursion's side of the level it started from, at least two
 * robust standard deviations of that level away (measured against the baseline and spread in force
 * before the onset, not against a baseline that has since followed the excursion). It closes after
 * {@code quietPoints} consecutive points that do neither, so a short dip under the threshold inside
 * a long plateau does not split it, while two spikes with normal points between them are two
 * anomalies. It also closes after {@value #ACCEPT_POINTS} consecutive points under the threshold
 * even if they stay away from the old level: by then the detector has taken the new level as
 * normal, and a later change on it must be able to open an anomaly of its own. The return to the
 * level from before such an anomaly is then no new anomaly, unless that level was not seasonal and
 * the detector now judges the point against a seasonal profile: a level that ignores the time of
 * day says nothing about a value at this time of day. On a service that serves almost nothing at
 * night, a morning ramp-up flagged once against the night level would otherwise make every later
 * stop at about 0, in business hours days later, look like that return (an hour at 0 at 11:00 is
 * found in eight seeds of eight; without this exception in 0 to 2). Points without data (NaN or
 * infinite) neither extend nor close an anomaly.
 *
 * <p>The onset is the first point of the unbroken run of points at least two robust standard
 * deviations away on the same side as the detected point. The anomaly's baseline, deviation and
 * description are taken against the baseline in force at the onset, so that a detector that started
 * to follow a ramp before flagging it does not understate the change; or against the detector's
 * baseline at the detected point when that lies further from the value, on the same side: the
 * default ensemble, when it confirms a slow rise, gives the level the series held before it (see
 * {@link EnsembleDetector#baseline()}), which the rolling baseline at the run's start had already
 * followed part of the way. The onset then goes back, over the last {@value #RECENT_POINTS} points
 * at most, to the first of the unbroken run of points two robust SD or more from that baseline (a
 * ramp of 100 ± 5 to 200 over 30 minutes at 15-second steps, confirmed 19 minutes in, starts 5 to 6
 * minutes in and reads "165, 1.6× its usual 101 (11 robust SD above)").
 *
 * <p>A second incident while an anomaly is open closes it and opens an anomaly of its own, measured
 * against the level before the first one's onset (the level the series left has not been normal
 * since), with its own onset: once the anomaly has stood clear of that level over five values or
 * more (the median of its last values three robust SD of them beyond it), a flagged point on the
 * other side of that level, two robust SD of it or more away (a drop to zero during a shift up), or
 * {@code quietPoints} points in a row on the other side, six robust SD or more away, flagged or
 * not, within 32 points of the opening, the onset being the first of them (a drop to zero just
 * after a spike, which the default ensemble, damping its scores after a report, scores under 0.4;
 * later, an unflagged run there is more likely a return to a level the baseline had missed, such as
 * the end of a nightly job that ran on for hours); or a flagged point on the anomaly's side, once
 * it has seen eight values, that lies eight robust SD of its last 32 values beyond their median,
 * and either twice as far from the level before the onset as any value it has seen (a spike on top
 * of a shift) or, on a fall of a positive series, at half its lowest value or under (an outage
 * after a rate halved). A flagged point six robust SD or more beyond the detector's seasonal
 * expectation for its time, on the other side from the anomaly, is a new incident too, measured
 * against that expectation: the return of an excursion comes back to what the profile expects (a
 * stop at 11:00 while an anomaly opened by the morning ramp-up against the night level is still
 * open). The first anomaly's {@link Anomaly#lastSeenAt} is then the last point that kept it open
 * before the new incident. A heavy-tailed plateau (2000 ± 300 ms, or log-normal with a spread of
 * 0.4) stays one anomaly, and so does a constant series that turns noisy. An anomaly opened against
 * a level whose spread was zero (a flag among constant values) or unknown is never split: any
 * change is infinitely many SD of such a spread.
 *
 * <p>Known limits: the new anomaly then covers what follows, so the return to the first incident's
 * level after a spike on top of a shift is part of the spike's anomaly, not of the first one. A
 * value that grows faster than doubling every few points (a queue filling exponentially) can be cut
 * into several anomalies, each twice as far out as the one before. The ensemble's level from before
 * a shift it confirms is its slow reference, which a daily job at another level pulls up: a job
 * stuck for hours on a series at 100 whose job runs at 400 reads "382, 89.2 above its usual 293",
 * and its return to 100, scored under the threshold, is no new anomaly. A ramp flagged only once it
 * has run for a while by a detector that does not give the level from before it starts its run at
 * the last point within two robust SD of the rolling baseline, which by then has followed the ramp
 * part of the way: such an anomaly can read a fraction of the real change. The anomaly reports the
 * value at its detection, not the ramp's top.
 *
 * <p>When the baseline came from a seasonal profile (see {@link BaselineAware#seasonalPeriod()}),
 * the description says so: "… its usual 96.3 for this time of the week", or "for this time of day"
 * with the default's daily profile.
 *
 * <p>The baseline and deviation come from the detector when it is {@link BaselineAware}; otherwise
 * this class keeps its own rolling median and MAD of the last 64 values. Not thread-safe: one
 * instance per series.
 *
 * <p>The detector must suit the series: a raw monotonic counter (requests served since start) given
 * to a gauge detector reports every counter reset as a huge drop. Give counters {@link
 * Detectors#forCounter()}, or better their rate: the values alone do not tell a counter from a
 * gauge that grows and is reset (seconds since the last backup, a queue drained in batches), and an
 * anomaly of a counter is described and graded on the raw counter values, not on its rate.
 */
public final class SeriesAnomalyDetector {

  /** Default score at or above which a point is anomalous. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** Default number of consecutive normal points that close an anomaly. */
  public static final int DEFAULT_QUIET_POINTS = 3;

  private static final double ONSET_Z = 2.0;

  /** How many recent points the onset can go back over when the detector's baseline is used. */
  private static final int RECENT_POINTS = 64;

  /** How many recent values of the open anomaly give its own level and spread. */
  private static final int OPEN_WINDOW = 32;

  /** How many values the open anomaly must have seen before one on the other side can split it. */
  private static final int CLEAR_POINTS = 5;

  /**
   * How many points after an anomaly opens a run on the other side of the old level splits it
   * unflagged: the default ensemble damps its scores for a while after it reported.
   */
  private static final int DAMPED_POINTS = 32;

  /**
   * Robust SD of its own values by which the open anomaly's median stands clear of the old level.
   */
  private static final double CLEAR_Z = 3;

  /** How many values the open anomaly must have seen before one far beyond them can split it. */
  private static final int SETTLE_POINTS = 8;

  /**
   * How many times further from the level before the onset than any value of the open anomaly a new
   * incident lies.
   */
  private static final double FURTHER = 2;

  /** How many robust SD of the open anomaly's own values a new incident lies beyond its level. */
  private static final double SPREAD_Z = 8;

  /**
   * Robust SD of the level before the onset beyond which points on the other side of it open a new
   * anomaly when {@code quietPoints} of them come in a row, flagged or not.
   */
  private static final double OTHER_SIDE_Z = 6;

  /**
   * How many consecutive points under the threshold close an anomaly even while they stay away from
   * the level it started from.
   */
  static final int ACCEPT_POINTS = 360;

  /** Robust SD counts from which the description says only "far above its usual spread". */
  private static final double FAR_SD = 1000;

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
  private final RollingWindow openValues = new RollingWindow(OPEN_WINDOW);
  private final long[] recentMillis = new long[RECENT_POINTS];
  private final double[] recentValues = new double[RECENT_POINTS];
  private int recentCount;
  private int recentNext;

  private boolean open;

  /**
   * Whether the last point processed opened the anomaly or scored at or above the threshold in it.
   */
  private boolean flagged;

  private int quiet;
  private int underThreshold;
  private double openBaseline = Double.NaN;

  /** The seasonal period that gave {@link #openBaseline}, or zero when it was not seasonal. */
  private Duration openPeriod = Duration.ZERO;

  private double openScale = Double.NaN;
  private int openSign;
  private boolean accepted;
  private int otherSideRun;
  private int openAge;
  private double farthest;
  private double lowest;
  private Instant otherSideStart;

  private long runStartMillis = Long.MIN_VALUE;
  private int runSign;
  private double runBaseline = Double.NaN;
  private double runScale = Double.NaN;
  private Duration runPeriod = Duration.ZERO;

  /**
   * Creates a tracker with the default threshold and quiet period.
   *
   * @param metricName the series' metric name
   * @param unit the series' unit, possibly empty
   * @param resourceId the resource the series belongs to
   * @param detector a fresh detector, used for this series only; {@link Detectors#forCounter()} for
   *     a raw monotonic counter, whose resets a gauge detector reports as huge drops
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
   * @param detector a fresh detector, used for this series only; {@link Detectors#forCounter()} for
   *     a raw monotonic counter
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
   * {@link Detectors#defaultDetector()}. The default detector learns from the first 256 finite
   * points and reports nothing before, so a shorter series has no anomaly. It is a gauge detector:
   * give a raw monotonic counter to {@link #detect(String, MetricSeries, Supplier)} with {@link
   * Detectors#forCounter()}, or convert it to a rate first.
   *
   * @param resourceId the resource the series belongs to
   * @param series the series
   */
  public static List<Anomaly> detect(String resourceId, MetricSeries series) {
    return detect(resourceId, series, Detectors::defaultDetector);
  }

  /**
   * Returns the anomalies of a whole series, feeding its points one by one, in order, to a fresh
   * detector from {@code detectors}. Give a raw monotonic counter {@link Detectors#forCounter()}: a
   * gauge detector reports each of its resets as a huge drop. Each anomaly's {@link
   * Anomaly#lastSeenAt} is the last point that kept it open (scored at or above the threshold, or
   * still lay two robust SD or more beyond the level before the onset, on its side) before it
   * closed (or before the series ended), so that a deviation that persists can be told from a short
   * episode, and its {@link Anomaly#peakValue} the value furthest out on the anomaly's side among
   * those points; {@link #update} reports an anomaly as it opens and cannot.
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
        Anomaly a = opened.get();
        found.add(a.seenUntil(point.timestamp(), a.currentValue()));
      } else if (tracker.flagged && !found.isEmpty()) {
        // The whole series is at hand: the open anomaly records how long it went on and how far
        // it went (a usage that climbs is flagged well below the level it reaches).
        int last = found.size() - 1;
        Anomaly a = found.get(last);
        double peak = further(a, point.value()) ? point.value() : a.reached();
        found.set(last, a.seenUntil(point.timestamp(), peak));
      }
    }
    return List.copyOf(found);
  }

  /** Returns whether {@code value} lies further from the baseline than {@code a} reached. */
  private static boolean further(Anomaly a, double value) {
    if (!Double.isFinite(value)) {
      return false;
    }
    return a.currentValue() >= a.baselineValue() ? value > a.reached() : value < a.reached();
  }

  /**
   * Processes one point and returns the anomaly it opens, if any. Points that continue an open
   * anomaly return empty, and so does the return to the level before an anomaly whose new level was
   * taken as normal (see the class description).
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
    trackRun(millis, value, baseline, deviation);
    remember(millis, value);
    if (open) {
      openAge = Math.min(openAge + 1, DAMPED_POINTS + 1);
      otherSideRun = openAge <= DAMPED_POINTS && farOnTheOtherSide(value) ? otherSideRun + 1 : 0;
      if (otherSideRun == 1 || otherSideRun > 1 && otherSideStart.isAfter(timestamp)) {
        // A timestamp that went back cannot come after the detected point.
        otherSideStart = timestamp;
      }
      if (otherSideRun >= quietPoints) {
        flagged = true;
        return Optional.of(openNext(timestamp, otherSideStart, value, score));
      }
      if (score >= threshold && newIncident(value)) {
        flagged = true;
        return Optional.of(openNext(timestamp, timestamp, value, score));
      }
      if (score >= threshold && againstSeason(deviation)) {
        // Measured against what the profile expects now: the level before the open anomaly's
        // onset is not what this time of day holds.
        flagged = true;
        return Optional.of(openAnomaly(timestamp, value, baseline, deviation, score));
      }
      continueOrClose(value, score);
      if (otherSideRun == 0) {
        record(value);
      }
      flagged = open && quiet == 0;
      return Optional.empty();
    }
    if (score >= threshold && !exemptReturn(value)) {
      flagged = true;
      return Optional.of(openAnomaly(timestamp, value, baseline, deviation, score));
    }
    return Optional.empty();
  }

  /**
   * Returns whether a flagged point is the return to the level before an anomaly that closed with
   * its new level taken as normal: back within two robust SD of that level, unless that level was
   * not seasonal and the detector's baseline for this point is.
   */
  private boolean exemptReturn(double value) {
    return accepted
        && nearOpenBaseline(value)
        && !(openPeriod.isZero() && !seasonalPeriod().isZero());
  }

  /** Returns whether the value is back within two robust SD of the last anomaly's level. */
  private boolean nearOpenBaseline(double value) {
    if (!(openScale >= 0) || !Double.isFinite(openBaseline)) {
      return false;
    }
    double away = Math.abs(Magnitudes.clamp(value) - openBaseline);
    return openScale == 0 ? away == 0 : away < ONSET_Z * openScale;
  }

  /**
   * Keeps the open anomaly open for a point that scores at or above the threshold or lies on the
   * excursion's side of the level before the onset, and otherwise counts it toward closing.
   */
  private void continueOrClose(double value, double score) {
    boolean anomalous = score >= threshold;
    underThreshold = anomalous ? 0 : underThreshold + 1;
    if (anomalous || stillAway(value)) {
      quiet = 0;
    } else {
      quiet++;
    }
    if (quiet >= quietPoints) {
      open = false;
    } else if (underThreshold >= ACCEPT_POINTS) {
      open = false;
      accepted = true;
    }
  }

  /** Returns whether the value is still two robust SD or more from the pre-onset level. */
  private boolean stillAway(double value) {
    if (!(openScale >= 0) || !Double.isFinite(openBaseline)) {
      return false;
    }
    double away = openSign * (Magnitudes.clamp(value) - openBaseline);
    return openScale == 0 ? away > 0 : away >= ONSET_Z * openScale;
  }

  /**
   * Returns whether a flagged point is a new incident rather than more of the open anomaly: it lies
   * on the other side of the level before the onset, two robust SD of it or more away, or, once the
   * anomaly has seen {@value #SETTLE_POINTS} values, it lies beyond the median of its last {@value
   * #OPEN_WINDOW} values by {@value #SPREAD_Z} robust SD of them (or of the level before the onset,
   * if wider) and either {@value #FURTHER} times as far from the level before the onset as any
   * value it has seen or, on a fall of a positive series, at half its lowest value or under.
   */
  private boolean newIncident(double value) {
    if (!(openScale > 0) || !Double.isFinite(openBaseline)) {
      return false;
    }
    double away = openSign * (Magnitudes.clamp(value) - openBaseline);
    if (away <= -ONSET_Z * openScale) {
      return standsClear();
    }
    if (openValues.size() < SETTLE_POINTS) {
      return false;
    }
    double level = openValues.median();
    double spread = Math.max(RobustDetector.robustScale(openValues, level), openScale);
    if (!(openSign * (Magnitudes.clamp(value) - level) >= SPREAD_Z * spread)) {
      return false;
    }
    // A fall is bounded by zero: halving the lowest value seen is as far as doubling the distance.
    boolean halved = openSign < 0 && openBaseline > 0 && lowest > 0 && value <= lowest / 2;
    return farthest > 0 && away >= FURTHER * farthest || halved;
  }

  /**
   * Returns whether a flagged point lies {@value #OTHER_SIDE_Z} robust SD or more beyond the
   * detector's seasonal expectation for this time, on the other side from the open anomaly. The
   * return of an excursion comes back to about what the profile expects, so such a point is a new
   * incident, even where it lies near the level before the open anomaly's onset: an anomaly opened
   * by a morning ramp-up against the night level of a business-hours service stays open for hours
   * (the day's traffic stays away from the night level), and a stop to 0 at 11:00 was otherwise
   * taken as its return.
   */
  private boolean againstSeason(double deviation) {
    // NaN (no baseline) is no new incident; the period, which may allocate, is asked last.
    return openSign * deviation <= -OTHER_SIDE_Z && !seasonalPeriod().isZero();
  }

  /**
   * Records how far the open anomaly went from the level before its onset, and its lowest value.
   */
  private void record(double value) {
    double clamped = Magnitudes.clamp(value);
    openValues.add(clamped);
    if (Double.isFinite(openBaseline)) {
      farthest = Math.max(farthest, openSign * (clamped - openBaseline));
    }
    lowest = Math.min(lowest, clamped);
  }

  /**
   * Returns whether the value lies {@value #OTHER_SIDE_Z} robust SD or more from the level before
   * the open anomaly's onset, on the other side of it. The detector's scores may not flag such
   * points: the default ensemble damps its scores for a while after it reported (a drop to zero
   * just after a spike scores under 0.4).
   */
  private boolean farOnTheOtherSide(double value) {
    if (!(openScale > 0) || !Double.isFinite(openBaseline)) {
      return false;
    }
    double away = openSign * (Magnitudes.clamp(value) - openBaseline);
    return away <= -OTHER_SIDE_Z * openScale && standsClear();
  }

  /**
   * Returns whether the open anomaly, over {@value #CLEAR_POINTS} values or more, stands clear of
   * the level before its onset: the median of its last values lies {@value #CLEAR_Z} robust SD of
   * them (or of that level, if wider) beyond it; points on the other side are not among them. Only
   * then is a point on the other side of that level a change of its own: a constant series that
   * turns noisy opens an anomaly against a spread far under the noise, which then falls on both
   * sides of the old level.
   */
  private boolean standsClear() {
    if (openValues.size() < CLEAR_POINTS) {
      return false;
    }
    double level = openValues.median();
    double spread = Math.max(RobustDetector.robustScale(openValues, level), openScale);
    return openSign * (level - openBaseline) >= CLEAR_Z * spread;
  }

  /**
   * Closes the open anomaly and opens one for the new incident at this point, measured against the
   * level before the first anomaly's onset: the level the series has left has not been normal
   * since.
   */
  private Anomaly openNext(Instant timestamp, Instant onset, double value, double score) {
    double difference = Magnitudes.clamp(value) - openBaseline;
    double deviation =
        openScale > 0
            ? difference / openScale
            : difference == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, difference);
    return start(timestamp, onset, value, openBaseline, openPeriod, openScale, deviation, score);
  }

  private Anomaly openAnomaly(
      Instant timestamp, double value, double baseline, double deviation, double score) {
    long millis = timestamp.toEpochMilli();
    boolean fromRun = runStartMillis != Long.MIN_VALUE && runStartMillis <= millis;
    Instant onset = fromRun ? Instant.ofEpochMilli(runStartMillis) : timestamp;
    double scale = scale(value, baseline, deviation);
    Duration period = seasonalPeriod();
    if (fromRun && runStartMillis < millis && Double.isFinite(runBaseline) && runScale >= 0) {
      double difference = Magnitudes.clamp(value) - runBaseline;
      double runDeviation =
          runScale > 0
              ? difference / runScale
              : difference == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, difference);
      // The detector's own baseline wins when it lies further back (the level an ensemble held
      // before a ramp it confirms late, which the baseline at the run's start had followed).
      if (!(Math.abs(deviation) > Math.abs(runDeviation) && deviation * runDeviation > 0)) {
        baseline = runBaseline;
        scale = runScale;
        deviation = runDeviation;
        return start(timestamp, onset, value, baseline, runPeriod, scale, deviation, score);
      }
    }
    long earliest = runAway(baseline, scale, deviation);
    if (earliest < onset.toEpochMilli()) {
      onset = Instant.ofEpochMilli(earliest);
    }
    return start(timestamp, onset, value, baseline, period, scale, deviation, score);
  }

  private void remember(long millis, double value) {
    recentMillis[recentNext] = millis;
    recentValues[recentNext] = Magnitudes.clamp(value);
    recentNext = (recentNext + 1) % RECENT_POINTS;
    recentCount = Math.min(recentCount + 1, RECENT_POINTS);
  }

  /**
   * Returns the time of the first of the unbroken run of recent points before the current one that
   * lie two robust SD or more from {@code baseline} on the side of {@code deviation}, or
   * Long.MAX_VALUE when the point before is not one: against the level a detector held before a
   * ramp, the ramp's points from early on.
   */
  private long runAway(double baseline, double scale, double deviation) {
    long earliest = Long.MAX_VALUE;
    if (!(scale > 0) || !Double.isFinite(baseline) || !(Math.abs(deviation) >= ONSET_Z)) {
      return earliest;
    }
    double sign = Math.signum(deviation);
    for (int k = 2; k <= recentCount; k++) {
      int at = Math.floorMod(recentNext - k, RECENT_POINTS);
      if (!(sign * (recentValues[at] - baseline) >= ONSET_Z * scale)) {
        break;
      }
      earliest = recentMillis[at];
    }
    return earliest;
  }

  private Anomaly start(
      Instant timestamp,
      Instant onset,
      double value,
      double baseline,
      Duration period,
      double scale,
      double deviation,
      double score) {
    open = true;
    accepted = false;
    quiet = 0;
    underThreshold = 0;
    openBaseline = baseline;
    openPeriod = period;
    openScale = scale;
    openSign = deviation > 0 || (Double.isNaN(deviation) && value > baseline) ? 1 : -1;
    openValues.clear();
    farthest = 0;
    lowest = Double.POSITIVE_INFINITY;
    otherSideRun = 0;
    openAge = 0;
    record(value);
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
        describe(value, baseline, period, deviation));
  }

  /** Returns the robust SD implied by a deviation, 0 when the spread is zero, NaN when unknown. */
  private static double scale(double value, double baseline, double deviation) {
    if (Double.isNaN(deviation) || !Double.isFinite(baseline) || deviation == 0) {
      return Double.NaN;
    }
    if (Double.isInfinite(deviation)) {
      return 0;
    }
    double s = (Magnitudes.clamp(value) - baseline) / deviation;
    return s > 0 && Double.isFinite(s) ? s : Double.NaN;
  }

  /**
   * Returns how a finite value relates to its finite baseline, in words: a multiple ("2.5× its
   * usual 40 ms") or a percentage below ("60% below its usual 40 ms") when both are positive and
   * differ by a factor of 1.5 or more, and otherwise the signed difference ("90 ms above its usual
   * -100 ms"), so that the words agree with the sign of the deviation whatever the signs of the
   * values. A percentage below is never rounded to 100% ("99.97% below"); a fall from a positive
   * baseline to exactly 0 reads "down to zero from its usual 983 requests", and a change from a
   * baseline of 0 reads "up from its usual 0 ms", with the 0 in the value's own scale. A value a
   * million times its baseline or more, or whose difference from a non-zero baseline is a million
   * times the baseline's size or more, is only "far above" or "far below" it: a ratio or difference
   * of that size says nothing more. A multiple has two significant digits under 100 ("14×") and
   * three from 100 ("191×", not "190×"): two would round away a digit of its whole part, and three
   * is what the correlator's analysis writes for the same anomaly ("rose from 0.0196 to 3.74
   * (191×)"), so the two texts give the same figure.
   */
  static String relation(double value, double baseline, String unit) {
    String usual = Units.format(baseline, unit);
    if (value == baseline) {
      return "at its usual " + usual;
    }
    if (value == 0 && baseline > 0) {
      return "down to zero from its usual " + usual;
    }
    if (baseline == 0) {
      return (value > 0 ? "up" : "down") + " from its usual " + Units.zeroLike(value, unit);
    }
    double ratio = value / baseline;
    if (value > 0 && baseline > 0 && Double.isFinite(ratio)) {
      if (ratio >= FAR) {
        return "far above its usual " + usual;
      }
      if (ratio >= 1.5) {
        return Units.number(ratio, ratio < 100 ? 2 : 3) + "× its usual " + usual;
      }
      if (ratio <= 1 / 1.5) {
        return percentBelow(ratio) + "% below its usual " + usual;
      }
    }
    String side = value > baseline ? "above" : "below";
    double difference = value - baseline;
    if (Double.isInfinite(difference) || Math.abs(difference) >= FAR * Math.abs(baseline)) {
      // Also two values near the largest double, of opposite signs, whose difference overflows.
      return "far " + side + " its usual " + usual;
    }
    return Units.format(Math.abs(difference), unit) + " " + side + " its usual " + usual;
  }

  /**
   * Returns the fall of a positive ratio under 1 in percent with two significant digits, or more
   * where two would round a partial fall up to 100.
   */
  private static String percentBelow(double ratio) {
    double percent = 100 * (1 - ratio);
    String text = Units.number(percent, 2);
    for (int digits = 3; text.equals("100") && digits <= 17; digits++) {
      text = Units.number(percent, digits);
    }
    return text;
  }

  /** Returns whether an anomaly is open, that is detected and not yet followed by quiet points. */
  public boolean isOpen() {
    return open;
  }

  private void trackRun(long millis, double value, double baseline, double deviation) {
    int sign = deviation >= ONSET_Z ? 1 : deviation <= -ONSET_Z ? -1 : 0;
    if (sign == 0) {
      runStartMillis = Long.MIN_VALUE;
    } else if (sign != runSign || runStartMillis == Long.MIN_VALUE) {
      runStartMillis = millis;
      runBaseline = baseline;
      runScale = scale(value, baseline, deviation);
      runPeriod = seasonalPeriod();
    }
    runSign = sign;
  }

  /**
   * Returns the severity from both the size of the deviation ({@code z}, its absolute value in
   * robust SD) and the detector's score:
   *
   * <ul>
   *   <li>CRITICAL: z &ge; 20 and score &ge; 0.9;
   *   <li>HIGH: z &ge; 20 with a lower score, or z &ge; 10 and score &ge; 0.75;
   *   <li>MEDIUM: z &ge; 6 (or z &ge; 10 with a score under 0.75);
   *   <li>LOW: 3 &le; z &lt; 6;
   *   <li>INFO: z &lt; 3, however high the score: the point was flagged for its shape or novelty
   *       rather than its size (a slow trend, a first-time value close to the usual ones);
   *   <li>without a deviation (no baseline yet), or with an infinite one (a series whose usual
   *       spread is zero, such as a flag or a sparse count, so that any change is infinitely many
   *       SD): MEDIUM from score 0.9, LOW under it.
   * </ul>
   *
   * A high score thus never makes a small change urgent, and a large change scored just over the
   * threshold is one step below the most urgent level.
   */
  static Severity severity(double score, double deviation) {
    if (Double.isNaN(deviation) || Double.isInfinite(deviation)) {
      return score >= 0.9 ? Severity.MEDIUM : Severity.LOW;
    }
    double z = Math.abs(deviation);
    if (z >= 20) {
      return score >= 0.9 ? Severity.CRITICAL : Severity.HIGH;
    }
    if (z >= 10) {
      return score >= 0.75 ? Severity.HIGH : Severity.MEDIUM;
    }
    if (z >= 6) {
      return Severity.MEDIUM;
    }
    return z >= 3 ? Severity.LOW : Severity.INFO;
  }

  /**
   * Returns the period of the seasonal profile that gave the detector's last baseline, or zero when
   * it was not seasonal or the detector gives no baseline.
   */
  private Duration seasonalPeriod() {
    return ownBaseline == null ? ((BaselineAware) detector).seasonalPeriod() : Duration.ZERO;
  }

  /**
   * Returns what a baseline from a seasonal profile of the given period is usual for, with a
   * leading space: " for this time of day" for a day, " for this time of the week" for a week
   * (whatever its slots), " for this time of its 12-hour cycle" for another whole number of
   * seconds, " for this time of its cycle" for a period with a fraction of a second, and nothing
   * for a zero period (a baseline that was not seasonal).
   */
  static String seasonalContext(Duration period) {
    if (period.isZero() || period.isNegative()) {
      return "";
    }
    if (period.equals(Duration.ofDays(1))) {
      return " for this time of day";
    }
    if (period.equals(Duration.ofDays(7))) {
      return " for this time of the week";
    }
    if (period.toMillis() % 1000 != 0) {
      return " for this time of its cycle";
    }
    return " for this time of its " + cycle(period) + " cycle";
  }

  /** Returns a whole number of seconds in words: "12-hour", "3-day", "90-minute", "90-second". */
  private static String cycle(Duration period) {
    if (period.toMillis() % Duration.ofDays(1).toMillis() == 0) {
      return period.toDays() + "-day";
    }
    if (period.toMillis() % Duration.ofHours(1).toMillis() == 0) {
      return period.toHours() + "-hour";
    }
    if (period.toMillis() % Duration.ofMinutes(1).toMillis() == 0) {
      return period.toMinutes() + "-minute";
    }
    return period.toSeconds() + "-second";
  }

  private String describe(double value, double baseline, Duration period, double deviation) {
    StringBuilder text = new StringBuilder();
    text.append(metricName).append(" on ").append(resourceId).append(" is ");
    text.append(Units.format(value, unit));
    if (Double.isNaN(baseline)) {
      return text.append(", unusual for this series").toString();
    }
    text.append(", ").append(relation(value, baseline, unit)).append(seasonalContext(period));
    if (!Double.isNaN(deviation)) {
      text.append(" (").append(spread(deviation)).append(")");
    }
    return text.toString();
  }

  /**
   * Returns the deviation in words: "4.2 robust SD above", or "far above its usual spread" from
   * {@value #FAR_SD} robust SD on (a spread that small says nothing about a change that large).
   */
  static String spread(double deviation) {
    String side = deviation >= 0 ? "above" : "below";
    double z = Math.abs(deviation);
    if (z >= FAR_SD) {
      return "far " + side + " its usual spread";
    }
    return Units.number(z, 2) + " robust SD " + side;
  }
}
