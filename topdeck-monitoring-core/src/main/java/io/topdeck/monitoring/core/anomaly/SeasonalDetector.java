package io.topdeck.monitoring.core.anomaly;

import java.time.Duration;

/**
 * Scores each point against the usual value at the same phase of a period (by default the time of
 * day), and switches itself on only when the series shows that period.
 *
 * <p>The period is split into {@code buckets} equal slots. Each slot keeps a mean and a mean
 * absolute residual (as floats); the expectation for a point interpolates linearly between the two
 * nearest slot centres. A slot learns once per visit: the points of the current visit are
 * accumulated, and when the series leaves the slot their mean moves the slot's mean by {@code 0.3}
 * (by {@code 1 / (k + 1)} on its {@code k}th period, so the first periods make a plain average),
 * and their noise around their own level (their distance from the expectation less the visit's mean
 * distance) moves its residual likewise, to at least 1% of the non-seasonal deviation so that a
 * series without noise does not get a spread of 0. A point is therefore judged against earlier
 * periods only: when the slots learnt each point by 0.1, an hour's slot followed a wind-down or a
 * day at another level within that hour, and the next hour was judged against a range that included
 * it. Points of a confirmed run (below) are still learnt one by one, by {@code alpha}, so that a
 * change that was reported becomes the profile as fast as before.
 *
 * <p>The level of a day varies (weekends), so a daily profile (a period of one day) scales its
 * expectations, and the range its runs are judged against, by the mean of the last hundred points
 * or so over the mean of their expectations, as learnt while no run was under way; a profile of
 * another period (the weekly one) already tells the days apart and does not. Measured on one-minute
 * request counts with weekends at half load, the default ensemble then stays as quiet as before (1
 * anomaly over eight seeds of three weeks, before 2), while a drop to half from 13:00 on a
 * Wednesday is found in 8 of 8 (before 7); without the scaling (at a visit weight of 0.25) it
 * raised 8 to 14 anomalies a seed, on weekends, and that drop was found in none. The cost: a daily
 * profile takes a change of the whole day's level (traffic at half from 03:00) for the day's level.
 *
 * <p>Alongside, a non-seasonal mean and mean absolute deviation are kept. Seasonality counts as
 * detected once two full periods have been seen and the residual of the last hundred points or so
 * from the (scaled) expectation is below {@code 0.7} of the non-seasonal deviation; a profile of
 * another period than a day also counts as seasonal while, having once passed that test for a whole
 * visit, its slots' mean residual stays below {@code 0.7} of the mean distance of their means from
 * their average, so that a day at another level does not switch it off. Until then, and whenever
 * the series stops being seasonal, the score is 0. Timestamps must be epoch milliseconds; irregular
 * sampling and gaps are fine, since a point only ever updates its own slot. Timestamps that go back
 * are treated as the latest seen. A point more than one period ahead of the latest accepted point
 * is ignored (score 0) and counted by {@link #rejectedTimestamps()}, unless the next point confirms
 * the jump (see {@link JumpGuardedClock}), so that one point stamped far in the future does not put
 * every later point in the same slot.
 *
 * <p>Once the series is seasonal, a point that lies more than {@code 4} robust standard deviations
 * outside the range of the means of its slot and the two next to it is learned as if it lay 4
 * standard deviations from the expectation, and leaves the slot's residual alone, so that an
 * excursion of a few points does not become the expectation for its own next points.
 *
 * <p>A drop of at least {@code 3} robust standard deviations below that range, held for {@code 30}
 * points in a row, is a run (see {@link #runConfirmed()}): until it is confirmed its points teach
 * the slots nothing and do not count against the period, so a drop to 60% of a daily request rate
 * is judged against the usual values for its whole first half hour. Without that, the slots (when
 * they weighed each point by 0.1) learnt the new level within about ten points, and the run's
 * residuals, against a non-seasonal deviation that follows the last hundred points or so, switched
 * the detector off within about twenty. Runs above the range are not counted, so that a recurring
 * job becomes part of the profile, unless the detector is created to count them (the weekly
 * ensemble, where a Saturday held at the weekday level is otherwise learnt within about fifteen
 * points).
 *
 * <p>A value stopped at about 0 also counts towards a run, whether the series counts as seasonal or
 * not (from its third period on): within 5% of the lowest mean of its slot and the two next to it,
 * where that mean is at least {@code 3} robust standard deviations above 0 by the narrowest of
 * their residuals. Two shapes of a stopped request rate at one-minute steps were otherwise missed
 * in all of four seeds: traffic winding down to 0 over an hour (the slots and their residuals
 * followed the wind-down, so 0 never lay {@code 3} deviations below the range, and the detector
 * switched off halfway), now reported 30 minutes after it reaches 0; and a low-traffic service
 * (about 20 a minute at its peak) at 0 for half an hour at its peak, where the flat daily curve
 * does not count as seasonal against a non-seasonal deviation of the last hundred points or so, now
 * reported on its thirtieth minute. The narrowest residual, because the slot a wind-down has passed
 * through has learnt it as spread. An hour whose usual values include 0, or come near it, has no
 * such run. The run is counted in points, not time: 30 points are half an hour at one-minute steps,
 * two and a half hours at five-minute ones.
 *
 * <p>Below one-minute steps, "far above 0" is judged as a count per minute: the lowest mean times
 * the square root of the points a minute holds (at most 6), so that 5 requests a point at 15-second
 * steps (20 a minute) is far above 0, as 20 a minute is at one-minute steps; such a service at 0
 * for an hour was reported in none of eight seeds, now in all. There, a stop also keeps its points
 * out of the slots after it is confirmed, for up to {@code 720} points (three hours): before, the
 * slot learnt 0 within minutes of the confirmation, the return after an hour at 0 (about 1,000
 * requests a minute) was reported as a spike in 8 of 8 seeds (4 CRITICAL, 3 HIGH), and the next
 * day's traffic at that hour in 4 of 8; now the return is graded INFO in 7 of 8 and the next day is
 * quiet in all. Not at one-minute steps or longer, where the slots of a flag that sits at 0 for an
 * hour now and then learnt only its 1s and each toggle to 0 became off-season; at 15-second steps
 * such a flag raises 5 anomalies over eight seeds of 20,000 points, before 1. Traffic winding down
 * to 0 over an hour and held there three hours, at one-minute steps, is now reported 43 to 50
 * minutes after it starts at a peak of 200 requests a minute and 83 to 88 at a peak of 20, in 8 of
 * 8 seeds each (before in none: the wind-down hour's slot learnt the wind-down point by point, so
 * the lowest mean of the three was no longer far above 0). Known limit: a planned 30-minute stop at
 * 02:00 every night (one-minute steps, peak 200) is still reported on every night in 1 of 8 seeds
 * (before in all 8), where its hour's mean stays far above 0.
 *
 * <p>The non-seasonal mean and deviation and the seasonal residual that decide seasonality weigh a
 * point by {@code 0.01} at one-minute steps or longer (the last hundred points or so), and below
 * that in proportion to its distance from the previous point (at least a sixtieth of it), so that
 * the decision looks at the last hundred minutes or so at shorter steps too. Over a hundred points
 * at 15-second steps the daily curve barely moved, and a daily request rate (peak 200 a minute)
 * counted as seasonal on under 1% of its points from its third week; now on about half of them, as
 * at one-minute steps (about 70%). Known limit: a daily profile follows the level of the last
 * hundred points or so, so a change that starts at night and lasts all day (traffic at half from
 * 03:00, or a weekday at weekend load) is found in none of 8 seeds, as a Saturday must not be; the
 * weekly profile finds both in 8 of 8, but only 10 to 14 hours in, once the day's traffic is high
 * enough for thirty points in a row to lie 3 deviations below the range.
 *
 * <p>The slots hold floats, so values are clamped to ±{@code Float.MAX_VALUE / 4} (about 8.5e37)
 * before use: a series beyond that magnitude looks flat to this detector.
 */
public final class SeasonalDetector implements StreamingDetector, BaselineAware {

  private static final double DETECTION_RATIO = 0.7;

  private static final double GLOBAL_ALPHA = 0.01;

  /**
   * Sampling interval from which a point weighs {@link #GLOBAL_ALPHA} in the test of seasonality; a
   * closer point weighs in proportion to its distance from the previous one.
   */
  private static final long DECISION_STEP_MILLIS = 60_000;

  /** The least part of {@link #GLOBAL_ALPHA} a point weighs, however close to the previous one. */
  private static final double MIN_DECISION_FRACTION = 1.0 / 60;

  private static final int COUNT_CAP = Byte.MAX_VALUE;

  /**
   * Least spread a visit leaves its slot with, as a part of the deviation of the last hundred
   * points or so from their mean.
   */
  private static final double SPREAD_FLOOR = 0.01;

  /** Weight of a point in the level that a daily profile follows: the last hundred points or so. */
  private static final double LEVEL_WEIGHT = 0.01;

  /**
   * Weight of a visit of a slot in the slot once past the first periods, which make a plain
   * average.
   */
  private static final double VISIT_WEIGHT = 0.3;

  /** Points a visit's means count, beyond which they weigh each new point by its inverse. */
  private static final int VISIT_CAP = Character.MAX_VALUE;

  private static final double LIMIT = Float.MAX_VALUE / 4;

  /**
   * Robust standard deviations from the expectation beyond which a point is learned as if there.
   */
  private static final double LEARN_CLIP = 4;

  /** Robust standard deviations outside the usual range of the hour that a run point lies. */
  static final double RUN_Z = 3;

  /** Part of the lowest usual mean of the hour within which a value counts as stopped at 0. */
  private static final double NEAR_ZERO = 0.05;

  /** Points in a row outside that range on one side that confirm a run. */
  static final int RUN_HOLD = 30;

  /**
   * Points of a stop below one-minute steps, confirmed or not, that the slots do not learn from: a
   * stop that lasts longer is taken as the new normal from then on.
   */
  static final int DROP_HOLD = 720;

  /** Per slot, its mean at {@code 2 * slot} and its mean absolute residual at the next index. */
  private final float[] slots;

  /** Held as a float, as the state per series is kept under 2 KiB. */
  private final float alpha;

  private final double zHalf;
  private long firstMillis = Long.MIN_VALUE;
  private final JumpGuardedClock clock;
  private double globalMean;
  private double globalDeviation;
  private double seasonalResidual;

  /**
   * Accepted points, up to {@link #COUNT_CAP}: only its inverse is used, and only while it is
   * larger than {@link #GLOBAL_ALPHA} (up to 100 points), so a byte that stops growing is enough.
   */
  private byte count;

  /**
   * Signed: seasonal points in a row at least {@link #RUN_Z} outside the usual range on one side,
   * up to one more than {@link #DROP_HOLD}.
   */
  private short run;

  /** Whether runs above the usual range count too, not only drops. */
  private final boolean upwardRuns;

  private double lastBaseline = Double.NaN;
  private double lastDeviation = Double.NaN;

  /** Mean of the points of the current visit of a slot that its slot is to learn. */
  private float visitMean;

  /** Mean distance of the points of the current visit from their expectation. */
  private float visitOffset;

  /** Mean absolute residual of the unguarded points of the current visit. */
  private float visitResidual;

  /** Points in {@link #visitMean}, up to {@link #VISIT_CAP}. */
  private char visitPoints;

  /** Points in {@link #visitResidual}, up to {@link #VISIT_CAP}. */
  private char visitResiduals;

  /** Whether expectations follow the level of the last hundred points or so. */
  private final boolean followsLevel;

  /** Mean of the last hundred points or so, and of their raw expectations. */
  private float levelValue;

  private float levelExpected;

  /** Whether the recent points showed the period on each point of the current visit so far. */
  private boolean visitShowedPeriod = true;

  /** Whether the slots described a period when a visit last ended (see {@link #fold}). */
  private boolean profileSeasonal;

  /** Creates a daily detector with 24 slots, a run point weight of 0.1 and z of 6 at 0.5. */
  public SeasonalDetector() {
    this(Duration.ofDays(1), 24, 0.1, 6);
  }

  /**
   * Creates a detector.
   *
   * @param period the seasonal period, at least one minute
   * @param buckets how many slots split the period, 2 to 1024
   * @param alpha the weight in its slot of a point of a confirmed run, which the slots learn one by
   *     one (other points are learnt once per visit of their slot), in (0, 1)
   * @param zHalf the residual, in robust standard deviations, that scores 0.5
   */
  public SeasonalDetector(Duration period, int buckets, double alpha, double zHalf) {
    this(period, buckets, alpha, zHalf, false);
  }

  /**
   * Creates a detector whose runs (see {@link #runConfirmed()}) may also lie above the usual range.
   *
   * @param period the seasonal period, at least one minute
   * @param buckets how many slots split the period, 2 to 1024
   * @param alpha the weight in its slot of a point of a confirmed run, in (0, 1)
   * @param zHalf the residual, in robust standard deviations, that scores 0.5
   * @param upwardRuns whether points held above the usual range form runs too, whose points the
   *     profile does not learn until confirmed: a weekend day held at the weekday level is then a
   *     run, but so is each first run of a job at an hour the profile has not seen it at
   */
  SeasonalDetector(Duration period, int buckets, double alpha, double zHalf, boolean upwardRuns) {
    if (period.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("period must be at least 1 minute, but was " + period);
    }
    if (buckets < 2 || buckets > 1024) {
      throw new IllegalArgumentException("buckets must be in [2, 1024], but was " + buckets);
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), but was " + alpha);
    }
    if (!(zHalf > 0) || Double.isInfinite(zHalf)) {
      throw new IllegalArgumentException("zHalf must be positive and finite, but was " + zHalf);
    }
    this.slots = new float[2 * buckets];
    for (int i = 0; i < buckets; i++) {
      slots[2 * i] = Float.NaN;
    }
    this.alpha = (float) alpha;
    this.zHalf = zHalf;
    this.upwardRuns = upwardRuns;
    this.followsLevel = period.equals(Duration.ofDays(1));
    // The clock's horizon is the period, so the period is kept only there.
    this.clock = new JumpGuardedClock(period.toMillis());
  }

  @Override
  public double update(long epochMillis, double value) {
    lastBaseline = Double.NaN;
    lastDeviation = Double.NaN;
    if (!Double.isFinite(value)) {
      return 0;
    }
    value = Math.max(-LIMIT, Math.min(LIMIT, value));
    long previous = clock.latest();
    long t = clock.accept(epochMillis);
    if (t == JumpGuardedClock.REJECTED) {
      return 0;
    }
    if (firstMillis == Long.MIN_VALUE) {
      firstMillis = t;
    }
    long periodMillis = clock.horizonMillis();
    if (previous != Long.MIN_VALUE && leaves(previous, t, periodMillis)) {
      fold(previous, periodMillis);
    }
    if (count < COUNT_CAP) {
      count++;
    }
    double decisionWeight =
        decisionWeight(previous == Long.MIN_VALUE ? Long.MAX_VALUE : t - previous);
    double position = (double) Math.floorMod(t, periodMillis) / periodMillis * buckets();
    int slot = (int) position;
    double ratio = levelRatio();
    double raw = expected(position, slot);
    double expected = raw * ratio;
    double score = 0;
    double learned = value;
    boolean guarded = false;
    boolean held = false;
    boolean stop = false;
    visitShowedPeriod &= showsPeriod(t);
    if (!Double.isNaN(expected)) {
      // The test of seasonality judges a daily profile as scaled to the recent level, as its points
      // are, so that a weekend does not switch it off; another profile as learnt, since a profile
      // that keeps counting as seasonal on its own (see fold) must not take a level shift along.
      double residual = Math.abs(value - (followsLevel ? expected : raw));
      if (isSeasonal(t)) {
        double sigma = 1.2533 * Math.max(slotResidual(position, slot), 1e-9);
        lastBaseline = expected;
        lastDeviation = (value - expected) / sigma;
        score = RobustDetector.scoreOf(Math.abs(lastDeviation), zHalf);
        // Once the period is known, a point outside the usual range of its hour moves its slot by
        // a bounded step and leaves its residual alone, so that an excursion of a few points does
        // not become the expectation, or the spread, for its own next points.
        double out = outside(value, slot, ratio);
        stop = stopped(value, slot, t - previous);
        countRun(out, stop);
        if (Math.abs(out) >= LEARN_CLIP) {
          learned =
              Math.max(
                  expected - LEARN_CLIP * sigma, Math.min(expected + LEARN_CLIP * sigma, value));
          guarded = true;
        }
      } else {
        // Where the series does not count as seasonal (near a flat daily peak, or once a slow drop
        // has pushed the seasonal residual up), a rate stopped at 0 is still a run.
        stop = t - firstMillis >= 2 * periodMillis && stopped(value, slot, t - previous);
        countRun(0, stop);
      }
      // Until a run is confirmed, its points teach the profile nothing, so that a drop held for
      // half an hour is judged against the usual values, not the ones it has taught.
      // A stop keeps its points out for longer, up to DROP_HOLD: otherwise, at short steps, the
      // slot
      // learnt 0 within minutes of the confirmation, the return was a spike against it and the
      // next day's traffic at that hour too.
      // Only below one-minute steps: at one minute, the slots of a flag that sits at 0 for an hour
      // now and then then learnt only its 1s, and each toggle to 0 was off-season.
      boolean longHold = stop && t - previous < DECISION_STEP_MILLIS;
      held = run != 0 && Math.abs(run) <= (longHold ? DROP_HOLD : RUN_HOLD);
      if (!held) {
        // Nor do they count against the period: the non-seasonal deviation follows the last hour
        // or two, so half an hour off the profile would otherwise switch the detector off.
        seasonalResidual += decisionWeight * (residual - seasonalResidual);
        if (followsLevel) {
          levelValue += (float) (LEVEL_WEIGHT * (value - levelValue));
          levelExpected += (float) (LEVEL_WEIGHT * (raw - levelExpected));
        }
      }
    }
    if (Double.isNaN(expected)) {
      run = 0;
    }
    learn(slot, learned, guarded, held, decisionWeight, expected);
    return score;
  }

  /**
   * Returns the weight of a point {@code elapsed} milliseconds after the previous one in the test
   * of seasonality: {@link #GLOBAL_ALPHA} at {@link #DECISION_STEP_MILLIS} or further apart, so
   * that below one-minute steps the test looks at the last hundred minutes or so, as it does at
   * one-minute steps, and in proportion for closer points (at least {@link #MIN_DECISION_FRACTION}
   * of it). Over the last hundred points at 15-second steps, 25 minutes, a daily curve barely moves
   * and did not count as seasonal against its own noise. One-minute steps and longer keep the
   * per-point weight: a horizon of eight hours at one-minute steps made a steadily growing gauge
   * count as seasonal, and a nightly job's series not, losing an incident two hours after the job.
   */
  private static double decisionWeight(long elapsed) {
    double fraction = (double) elapsed / DECISION_STEP_MILLIS;
    return GLOBAL_ALPHA * Math.max(MIN_DECISION_FRACTION, Math.min(1, fraction));
  }

  private void countRun(double out, boolean stopped) {
    // Only drops and stops, unless asked: a run above the usual range is left to the off-season
    // rule, as a recurring job must become the profile.
    if (upwardRuns && out >= RUN_Z) {
      run = (short) Math.min(Math.max(run, 0) + 1, RUN_HOLD + 1);
      return;
    }
    if (!(out <= -RUN_Z || stopped)) {
      run = 0;
      return;
    }
    run = (short) -Math.min(Math.max(-run, 0) + 1, DROP_HOLD + 1);
  }

  /**
   * Returns whether the value has stopped at about 0 at a time of day when the series never does:
   * it lies within {@link #NEAR_ZERO} of the lowest mean of its slot and the two next to it, and
   * that mean is positive and at least {@link #RUN_Z} robust standard deviations above 0 by the
   * narrowest residual of the three. The narrowest, because the slot that a slow drop has passed
   * through has learnt the drop as spread.
   */
  private boolean stopped(double value, int slot, long elapsed) {
    // The slot's own mean first: most points are nowhere near 0.
    if (!(Math.abs(value) <= NEAR_ZERO * slots[2 * slot])) {
      return false;
    }
    double low = Double.POSITIVE_INFINITY;
    double spread = Double.POSITIVE_INFINITY;
    for (int i = -1; i <= 1; i++) {
      int at = 2 * Math.floorMod(slot + i, buckets());
      if (!Float.isNaN(slots[at])) {
        low = Math.min(low, slots[at]);
        spread = Math.min(spread, slots[at + 1]);
      }
    }
    // Below one-minute steps, judged as a count per minute: n independent points at about 0 where
    // each usually holds low are as unlikely as one minute's sum, whose spread is sqrt(n) times
    // each point's, at about 0 where n times low is usual.
    // At most as at ten-second steps, so that repeated timestamps do not count as many points.
    double perMinute =
        Math.sqrt(Math.min(6, Math.max(1, (double) DECISION_STEP_MILLIS / Math.max(1, elapsed))));
    return low > 0
        && Math.abs(value) <= NEAR_ZERO * low
        && low * perMinute >= RUN_Z * 1.2533 * spread;
  }

  /**
   * Returns whether the last point confirmed a run: the {@link #RUN_HOLD}th point in a row at least
   * {@link #RUN_Z} robust standard deviations below the usual range of its hour and the two next to
   * it, or stopped at about 0 where that range is far above 0 (seasonal or not), which the profile
   * did not learn from while the run lasted.
   */
  boolean runConfirmed() {
    return Math.abs(run) == RUN_HOLD;
  }

  /**
   * Returns how far the value lies outside the range of the means of its slot and the two next to
   * it, in robust standard deviations of the widest of their residuals (signed, 0 inside): a value
   * the series usually takes within about an hour of this time of day, an edge of a daily pattern
   * that the interpolation between slot centres cuts off, lies inside.
   */
  private double outside(double value, int slot, double ratio) {
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    double spread = 0;
    for (int i = -1; i <= 1; i++) {
      int at = 2 * Math.floorMod(slot + i, buckets());
      if (!Float.isNaN(slots[at])) {
        low = Math.min(low, ratio * slots[at]);
        high = Math.max(high, ratio * slots[at]);
        spread = Math.max(spread, slots[at + 1]);
      }
    }
    double sigma = 1.2533 * Math.max(spread, 1e-9);
    if (value > high) {
      return (value - high) / sigma;
    }
    return value < low ? (value - low) / sigma : 0;
  }

  /**
   * Returns how far {@code value}, taken at the time of the last scored point, lies outside the
   * range of the usual values of its slot and the two next to it, in robust standard deviations of
   * their widest residual (signed, 0 inside), or 0 when the last point had no seasonal baseline.
   * The slots have already learned the last point, by a bounded step when it lay outside.
   */
  double outsideDeviation(double value) {
    if (Double.isNaN(lastDeviation)) {
      return 0;
    }
    long periodMillis = clock.horizonMillis();
    int slot =
        (int) ((double) Math.floorMod(clock.latest(), periodMillis) / periodMillis * buckets());
    return outside(
        Math.max(-LIMIT, Math.min(LIMIT, value)), Math.min(slot, buckets() - 1), levelRatio());
  }

  /**
   * Returns the lowest mean of the slot of the latest accepted point and the two next to it, or NaN
   * when none has one yet.
   */
  double usualLow() {
    if (clock.latest() == Long.MIN_VALUE) {
      return Double.NaN;
    }
    long periodMillis = clock.horizonMillis();
    int slot =
        (int) ((double) Math.floorMod(clock.latest(), periodMillis) / periodMillis * buckets());
    double low = Double.NaN;
    for (int i = -1; i <= 1; i++) {
      double mean = slots[2 * Math.floorMod(slot + i, buckets())];
      low = Double.isNaN(low) || mean < low ? mean : low;
    }
    return low;
  }

  /** Returns the seasonal period this detector was created with. */
  public Duration period() {
    return Duration.ofMillis(clock.horizonMillis());
  }

  /** Returns how many slots split the period. */
  public int slots() {
    return buckets();
  }

  /** Returns whether the series has shown the period so far. */
  public boolean isSeasonal() {
    return clock.latest() != Long.MIN_VALUE && isSeasonal(clock.latest());
  }

  /** Returns how many points were ignored for lying too far ahead of the latest accepted one. */
  public long rejectedTimestamps() {
    return clock.rejected();
  }

  /**
   * Returns the level of the last hundred points or so against the level the profile expected for
   * them, where the profile follows the level of the day, else 1.
   */
  private double levelRatio() {
    if (!followsLevel || !(levelExpected > 0) || !(levelValue >= 0)) {
      return 1;
    }
    return (double) levelValue / levelExpected;
  }

  private boolean isSeasonal(long t) {
    return showsPeriod(t) || profileSeasonal;
  }

  /**
   * Returns whether two whole periods have been seen and the residual of the recent points from the
   * profile is under {@link #DETECTION_RATIO} of their deviation from their own mean.
   */
  private boolean showsPeriod(long t) {
    return t - firstMillis >= 2 * clock.horizonMillis()
        && seasonalResidual < DETECTION_RATIO * globalDeviation;
  }

  /**
   * Returns whether the slots, learnt visit by visit, describe a period: every slot has a mean, and
   * their mean residual is under {@link #DETECTION_RATIO} of the mean absolute deviation of their
   * means from the average of them.
   */
  private boolean profileSeasonal() {
    double sum = 0;
    double residuals = 0;
    for (int i = 0; i < slots.length; i += 2) {
      if (Float.isNaN(slots[i])) {
        return false;
      }
      sum += slots[i];
      residuals += slots[i + 1];
    }
    double average = sum / buckets();
    double swing = 0;
    for (int i = 0; i < slots.length; i += 2) {
      swing += Math.abs(slots[i] - average);
    }
    return residuals < DETECTION_RATIO * swing;
  }

  private int buckets() {
    return slots.length >>> 1;
  }

  private double expected(double position, int slot) {
    double centre = slot + 0.5;
    int other = position >= centre ? slot + 1 : slot - 1;
    other = Math.floorMod(other, buckets());
    double a = slots[2 * slot];
    double b = slots[2 * other];
    if (Double.isNaN(a)) {
      return Double.NaN;
    }
    if (Double.isNaN(b)) {
      return a;
    }
    double weight = Math.abs(position - centre);
    return a + weight * (b - a);
  }

  private double slotResidual(double position, int slot) {
    double centre = slot + 0.5;
    int other = Math.floorMod(position >= centre ? slot + 1 : slot - 1, buckets());
    double weight = Math.abs(position - centre);
    return (1 - weight) * slots[2 * slot + 1] + weight * slots[2 * other + 1];
  }

  /**
   * Returns whether the point at {@code t} starts a new visit of a slot: it lies in another slot
   * than the point at {@code previous}, or a slot's length or more after it.
   */
  private boolean leaves(long previous, long t, long periodMillis) {
    return slotOf(previous, periodMillis) != slotOf(t, periodMillis)
        || (t - previous) * buckets() >= periodMillis;
  }

  private int slotOf(long t, long periodMillis) {
    int slot = (int) ((double) Math.floorMod(t, periodMillis) / periodMillis * buckets());
    return Math.min(slot, buckets() - 1);
  }

  /**
   * Folds the visit that ended with the point at {@code last} into its slot: a slot's first visit
   * sets it, a later one weighs {@code max(VISIT_WEIGHT, 1 / (k + 1))}, where {@code k} counts
   * whole periods since the first point, so the first few periods make a plain average.
   */
  private void fold(long last, long periodMillis) {
    if (visitPoints == 0) {
      return;
    }
    int mean = 2 * slotOf(last, periodMillis);
    if (Float.isNaN(slots[mean])) {
      slots[mean] = visitMean;
      slots[mean + 1] = visitResiduals > 0 ? visitResidual : (float) globalDeviation;
    } else {
      double periods = (double) (last - firstMillis) / periodMillis;
      double weight = Math.max(VISIT_WEIGHT, 1 / (Math.floor(periods) + 1));
      if (visitResiduals > 0) {
        slots[mean + 1] += (float) (weight * (visitResidual - slots[mean + 1]));
      }
      slots[mean] += (float) (weight * (visitMean - slots[mean]));
    }
    // A series without noise would otherwise leave a spread of about 0, against which a change
    // of a fraction of a percent of its swing is many deviations out.
    slots[mean + 1] = (float) Math.max(slots[mean + 1], SPREAD_FLOOR * globalDeviation);
    // Switched on only while the recent points show the period, so that a level shift, which
    // leaves slots at different means, does not make a period of its own.
    profileSeasonal = !followsLevel && (profileSeasonal || visitShowedPeriod) && profileSeasonal();
    visitShowedPeriod = true;
    visitPoints = 0;
    visitResiduals = 0;
    visitMean = 0;
    visitOffset = 0;
    visitResidual = 0;
  }

  private void learn(
      int slot, double value, boolean guarded, boolean held, double weight, double expected) {
    // Until the count stops growing, the non-seasonal mean and deviation are plain averages.
    double a = count < COUNT_CAP ? Math.max(weight, 1.0 / count) : weight;
    globalDeviation += a * (Math.abs(value - globalMean) - globalDeviation);
    globalMean += a * (value - globalMean);
    if (held) {
      return;
    }
    if (Math.abs(run) <= RUN_HOLD) {
      addToVisit(value, guarded, expected);
      return;
    }
    int mean = 2 * slot;
    int residualAt = mean + 1;
    if (Float.isNaN(slots[mean])) {
      slots[mean] = (float) value;
      slots[residualAt] = (float) globalDeviation;
      return;
    }
    if (!guarded) {
      double residual = Math.abs(value - slots[mean]);
      slots[residualAt] += (float) (alpha * (residual - slots[residualAt]));
    }
    slots[mean] += (float) (alpha * (value - slots[mean]));
  }

  /**
   * Adds a point to the current visit of its slot, which the slot learns when the series leaves it.
   * Its residual is its distance from the expectation (or 0 on the slot's first visit) less the
   * visit's mean distance so far: the noise of the visit around its own level, so that a day at
   * another level widens the slot's spread no more than any other day does.
   */
  private void addToVisit(double value, boolean guarded, double expected) {
    double distance = Double.isNaN(expected) ? value : value - expected;
    if (!guarded && visitPoints > 0) {
      if (visitResiduals < VISIT_CAP) {
        visitResiduals++;
      }
      visitResidual +=
          (float) ((Math.abs(distance - visitOffset) - visitResidual) / visitResiduals);
    }
    if (visitPoints < VISIT_CAP) {
      visitPoints++;
    }
    visitMean += (float) ((value - visitMean) / visitPoints);
    visitOffset += (float) ((distance - visitOffset) / visitPoints);
  }

  @Override
  public double baseline() {
    return lastBaseline;
  }

  @Override
  public double deviation() {
    return lastDeviation;
  }

  /** Returns the period when the last point had a seasonal baseline, else {@link Duration#ZERO}. */
  @Override
  public Duration seasonalPeriod() {
    return Double.isNaN(lastBaseline) ? Duration.ZERO : period();
  }
}
