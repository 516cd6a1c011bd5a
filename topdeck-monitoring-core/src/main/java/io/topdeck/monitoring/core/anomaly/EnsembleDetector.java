package io.topdeck.monitoring.core.anomaly;

import java.time.Duration;
import java.util.Objects;

/**
 * Novelty, robust spike, level-shift (CUSUM) and seasonal detectors over one series, combined into
 * one score and shaped so that one event reports once. The seasonal part is daily (24 hourly slots)
 * unless a {@link SeasonalDetector} of another period is given ({@link Detectors#weeklyEnsemble()}:
 * 168 slots of an hour of the week, whose runs above the usual range count too); "its hour" below
 * is then its slot of the week, while the recurrence memory still thinks in whole days.
 *
 * <p>The novelty score (a value or a jump not seen in the last 2,000 to 4,000 points, see {@link
 * NoveltyDetector}) counts in full when the point is also far from what was expected, by any of
 * three yardsticks: the median of the last {@code windowSize} points, the slow reference of the
 * CUSUM detector, or the seasonal expectation when the series is seasonal. Otherwise it is
 * multiplied by {@code ungatedWeight}. Because the novelty memory forgets, a repeat of an incident
 * after a quiet spell of that length reports like the first one did; so does each switch up of a
 * series that alternates between two levels with a period of thousands of points, while its
 * switches back down are not reported.
 *
 * <p>The gate is what keeps a flat noisy series quiet: a new extreme of the noise turns up now and
 * then, and it is novel, but it is not far out. "Far" means at least {@code gateZ} robust standard
 * deviations, or more when the noise is heavy-tailed: two streaming percentile trackers follow the
 * 99th and 99.9th percentiles of the point's distance from the rolling median (points at or beyond
 * the gate left out), a power-law tail through them is extrapolated to the distance reached about
 * once per 100,000 points, and 0.8 of that is the gate when it is larger than {@code gateZ}. For
 * Gaussian noise that stays under 6, so {@code gateZ} decides; for Student-t noise with 3 degrees
 * of freedom it is about 45. The trackers start at the Gaussian values and take large steps at
 * first (1/√n in log units, down to 0.02), so a heavy-tailed series is still noisier in its first
 * few thousand points. The spike, level-shift and seasonal scores are weighted by 0.4, so on their
 * own they rank points (for a threshold chosen below 0.4, or for display) but never cross the
 * default threshold of 0.5: on the NAB corpus, letting them alarm on their own cost more in false
 * positives than it gained. A sustained change is confirmed by two parts of this class instead.
 *
 * <p>The sustained-shift part compares a fast level (about 32 points) with a slow reference (about
 * 256 points) in units of the noise (the rolling window's robust standard deviation, followed
 * slowly, and at least a third of the current one). Each point moves both by at most {@link
 * #LEVEL_CLIP} noise units, so that a spike does not look like a shift; the reference, the noise
 * and a tracker of the usual 99th percentile of the distance learn only while the distance is under
 * half its gate, so they do not follow a shift or a ramp under way. The gate is {@link #SHIFT_Z},
 * or {@link #SHIFT_TAIL} times that percentile when larger (a daily cycle or a sawtooth makes it
 * wide); {@link #SHIFT_HOLD} points in a row beyond it confirm the shift, and the reference jumps
 * to the fast level. The fast level moves on by a trend per point, learnt from its own steps, and
 * the reference with it once that trend is larger than the noise over the rolling window, so a
 * gauge that grows steadily is judged against its own growth and one that grows much faster from
 * some point on is a shift: disk bytes growing 1 to 3 MB a minute that grow twenty times faster are
 * reported once, about 140 points later, where before the reference could not keep up with the
 * growth, its tracked distance ratcheted up, and nothing was reported. The confirmation scores (at
 * 0.5 or more) from the {@link #SHIFT_WARMUP}th point on, when nothing was reported since the
 * change began, the point is not a known recurring job, and it is neither a further step of an
 * excursion confirmed in the last {@link #RAMP_STEP} points nor a step back towards the level held
 * before it. That level is kept for {@link #HOME_TTL} points: a point back within {@link #RETURN_Z}
 * noise units of it is the end of the excursion, and neither novelty score counts it as far. The
 * off-season part, once the series is seasonal, confirms {@link #SEASONAL_HOLD} points in a row on
 * one side at least {@link #SEASONAL_Z} robust standard deviations outside the range of the usual
 * values of the point's hour and the two next to it (see {@link SeasonalDetector}); a daily edge
 * that the 24-slot profile cuts off lies within that range, so a square wave stays quiet. It also
 * confirms a run of the seasonal part (thirty points in a row well below that range, or stopped at
 * about 0 where the usual values of the hour are far above it, the latter whether the series counts
 * as seasonal or not and as early as its fifth point once it has missed about 100 usual values, see
 * {@link SeasonalDetector}), when nothing was reported in the last thirty points. On NAB both cost
 * 0.04 to 0.25 of a point, the stopped rate 0.02 to 0.05 of that; an earlier version judged against
 * the seasonal expectation itself reported every day's edges of NAB's artificial daily series.
 *
 * <p>A series that sits on one value most of the time (an on/off flag, a low-rate error count) has
 * a rolling MAD of 0, and its robust z for any other value is huge whatever that value is. While
 * the MAD is 0, each yardstick's scale is therefore raised to a floor: the robust standard
 * deviation that the 10th percentile of the non-zero distances from the rolling median would imply,
 * tracked by multiplicative steps over points that were neither a new value nor a new transition. A
 * flag's usual 1 then lies under one robust standard deviation out and passes the gate no more,
 * when the novelty memory has forgotten a pair of them in a row; a value the series has not taken
 * before is still far when it lies at least the gate's number of floor scales away (a 50 among 0s
 * and 1s, an 11 after nothing but 10s). It is far too, whatever the gate and the log test say, when
 * it is a new value beyond every cell the novelty memory remembers on its side of the rolling
 * median, by at least one floor step, and at least {@link #NEW_EXTREME_RATIO} times as far from the
 * median as that cell's outer edge: a new level of a flag or a low count (a sustained 3 among 0s
 * and 1s, a 13 or a 7 after 10s and 11s, a 5 after sparse Poisson counts), or a spike or shift in
 * rounded readings of small noise. The ratio keeps the next value up of a count that takes a range
 * of values ordinary (a 102 after 100s and 101s, a 5 after Poisson(0.3) counts that reached 3).
 * This rule also covers what the gate misses on rounded readings: there the MAD switches between 0
 * and non-zero, the tail trackers learn the unfloored z while the gate test uses the floored one,
 * and the gate ends wider than the floored z of a spike of 16 noise standard deviations. Letting
 * the trackers learn the floored z, or only the z of points whose MAD is not 0, cost NAB score at
 * NAB's hindsight thresholds, so the tail gate keeps that inconsistency. The percentile follows the
 * smallest steps so that a series of 0s with sparse bursts of any size keeps its bursts far. The
 * costs: in a series of 0s with rare spikes of one size, a burst of those spikes closer together
 * than usual is not reported (NAB's artificial series with increasing spike density); a new value
 * one step beyond the usual ones (a sustained 2 among 0s and 1s) looks like the next value of a
 * count and is not reported; and a flag stuck at one of its usual values is not reported.
 *
 * <p>A series whose values are all positive and whose upper half looks lognormal, as latencies and
 * sizes usually do, is also judged in log space once it has {@link #LOG_DECISION} points: a point
 * above the rolling median counts as far only when, in addition, its log distance from the median
 * reaches {@link #LOG_GATE} robust standard deviations of the log distances above the median. The
 * log test applies while the tracked 99th percentile of those log z values stays at most {@link
 * #LOG_Q99_MAX} (2.6 for a Gaussian); a single value of 0 or less switches it off for good, at a
 * cost: lognormal noise with σ 1 and one 0 early on then raised 18 false anomalies in 100,000
 * points, 7 of them after point 4,000, against 0 to 2 after it when judged in log space. Lognormal
 * noise with σ 1 puts about one point in 100 at ten times the median, which the raw tail estimate
 * takes tens of thousands of points to learn; in log space the same noise is Gaussian. The decision
 * waits for 4,000 points because on shorter NAB series with that shape (request counts) the
 * labelled anomalies are only two or three log standard deviations out, and judging them in log
 * space from the start cost up to 4 points of the NAB score at the fixed threshold.
 *
 * <p>A second, coarse novelty score comes from a {@link ContextDetector} of order 1: 4 cells across
 * the range of the first 288 points, a day of 5-minute samples (extended by that range on both
 * sides, and set again when the series leaves it), 1 when a point reaches a cell not visited since,
 * then quiet for 100 points. It passes the same gate as the fine novelty score; under the gate it
 * counts 0.49, just under the default threshold, so it never alarms on its own but ranks such
 * points above the supporting scores. On NAB it raises the score at NAB's hindsight threshold
 * (which then falls to 0.49) far more than at 0.5: the coarse grid catches slow excursions to a
 * level the series has not been at, which the robust yardsticks miss.
 *
 * <p>The novelty score goes through a suppression step: it counts by the amount it exceeds a
 * decaying memory of recent novelty scores (half-life about 70 points, reset to 0 once under
 * 0.001). An event therefore reports on its first point, at full strength, and its continuation
 * stays quiet unless it grows. The output is the largest of that, the coarse novelty score and the
 * weighted supporting score. Nothing is reported before 256 finite points (the novelty grid's
 * warm-up).
 *
 * <p>A recurring job is not news: a {@link RecurrenceMemory} keeps the last three excursions (runs
 * of far points) by time and novelty cells, and a far point of an excursion that repeats one of
 * them 1 to 8 whole days later, at the same time of day (10 minutes of slack) and on the same cells
 * (one cell of slack), counts as not far for the fine novelty score, once that excursion has itself
 * repeated once at that interval: a nightly or weekly job reports on its first two runs, then no
 * more, while a run on higher or lower cells than before, or at another time of day, still reports.
 * The coarse novelty score is not silenced by it: on NAB, a level of the coarse grid never visited
 * before, within a known excursion, was twice a labelled anomaly (a smaller daily jump than usual,
 * a traffic spike), and silencing it cost 0.5 to 0.8 of each fixed-threshold score; a job's own
 * noise reaching such a level for the first time still reports, at most once per series of 41 days
 * in the tests. The tail trackers do not learn from points of a known excursion, so a job does not
 * widen the gate for a larger run of it. Requiring the excursion to have repeated once (rather than
 * matching on its first repeat) and on the same interval keeps chance coincidences of spikes in
 * spiky series (NAB's tweet counts) reported.
 *
 * <p>The 99.9th percentile tracker moves down by 1/1000 of its step per point under it, so after a
 * spell of wider noise it would take tens of thousands of points to come back, and the gate,
 * extrapolated from the ratio of the two trackers, would stay wide as long. After {@link
 * #Q999_DROUGHT} points in a row under it (a point more than twice over it does not end the run),
 * its down steps grow with the square of the run's length.
 *
 * <p>Inputs: non-finite values score 0 and reach no component. Each time-based component treats a
 * timestamp that goes back in time as the latest it has seen, so its state never runs backwards,
 * and ignores a single point stamped far ahead; a duplicated timestamp is an ordinary point. A gap
 * in time needs no special care: the value-based components count points, and the seasonal one
 * places each point by its own time. The baseline reported for a point is the seasonal expectation
 * when the series is seasonal, else the rolling median.
 *
 * <p>Known misses, over eight seeds of three weeks at one-minute steps. An error count of about
 * 0.35 a minute at night (Poisson, twice a daily curve) that bursts to 8 a minute for 15 minutes at
 * 03:00 is found in 2: the Poisson noise hides the daily curve, so the series does not count as
 * seasonal and its slots learn the burst as it happens; the day's counts have already reached 7 or
 * 8, so the burst is not new to the novelty memory; the tail gate of a count whose MAD switches
 * between 0 and not is wider than the burst's floored z (a 12 is about 9.5 floor scales out and
 * counts only as coarse novelty, 0.49); and the sustained-shift part, moving its fast level by at
 * most {@link #LEVEL_CLIP} noise units over 32 per point, is about 1.4 noise units out after 15
 * points. Judging such a series against its slots even when it is not seasonal changed nothing (the
 * slots had learnt each burst point, and the flat-series floor caps z near 5); letting the
 * supporting scores report once at least 0.95 for three points in a row still found 2 of 8 and
 * raised the false anomalies of a disk growing 2 MB a minute with random deletes from 21 to 105. A
 * lognormal latency (σ 0.3) at twice its median for 30 minutes is found in none: each point is 2.3
 * log standard deviations out, under the gate, and the fast level has covered about 60% of the
 * shift, two noise units, after 30 points; at twice for two hours it is found in 7, 76 to 103
 * minutes in (the gate, then {@link #SHIFT_HOLD} points beyond it). An upward CUSUM of the log z
 * against the rolling median (reference 1, alarm at 10, on series judged in log space) found it in
 * 7 of 8, 5 to 9 minutes in, and NAB did not move; but it raised false anomalies on memory
 * sawtooths (8 to 178), on CPU with additive noise (0 to 5) and, once those were kept out (by the
 * share of points on the same side of the median as the one before, and a scale of at least the
 * window's own), still on request rates at short steps, which pass for lognormal and run above a
 * lagging median on every morning ramp: at 15-second steps 7 to 21 (weekly 7 to 37), at 30-second
 * steps 1 to 21. It was not kept.
 *
 * <p>State: the default ensemble keeps 2,032 bytes per series by the HotSpot layout with compressed
 * references, 2,028 bytes measured on the heap with the serial collector ({@code
 * ./scripts/benchmark.sh state-size}); each part holds at most one array, as every object costs a
 * header, and the sustained-shift part keeps its levels as float offsets from one double and its
 * counters in bytes and shorts to stay under 2,048. The weekly ensemble's 168 slots add 1,152
 * bytes: 3,184 by the estimate, 3,180 measured.
 */
final class EnsembleDetector implements StreamingDetector, BaselineAware {

  /** Weight of the spike, level-shift and seasonal scores against the novelty score. */
  static final double SUPPORT_WEIGHT = 0.4;

  /** Per-point decay of the memory of recent scores: a half-life of about 70 points. */
  static final double SUPPRESSION_DECAY = 0.99;

  private static final double SUPPRESSION_FLOOR = 1e-3;

  /** Finite points before the first non-zero score: the novelty grid's warm-up. */
  private static final int COLD_START = 256;

  /** Weight of a coarse-grid novelty that is not also far from what was expected. */
  static final double COARSE_WEIGHT = 0.49;

  /** Points per generation of the novelty memory: a level unseen for 2,000 to 4,000 is new. */
  static final int NOVELTY_MEMORY = 2000;

  /** Step of the percentile trackers, in log units, once settled; early steps are 1/sqrt(n). */
  private static final double QUANTILE_STEP = 0.02;

  /** The point count from which 1/sqrt(n) is below {@link #QUANTILE_STEP}. */
  private static final long SETTLED = 2500;

  private static final double MIN_PERCENTILE = 0.01;

  private static final double Q99_UP = Math.exp(QUANTILE_STEP * 0.99);
  private static final double Q99_DOWN = Math.exp(-QUANTILE_STEP * 0.01);
  private static final double Q999_UP = Math.exp(QUANTILE_STEP * 0.999);
  private static final double Q999_DOWN = Math.exp(-QUANTILE_STEP * 0.001);
  private static final double HALF_UP = Math.exp(QUANTILE_STEP * 0.5);
  private static final double HALF_DOWN = Math.exp(-QUANTILE_STEP * 0.5);
  private static final double TENTH_UP = Math.exp(QUANTILE_STEP * 0.1);
  private static final double TENTH_DOWN = Math.exp(-QUANTILE_STEP * 0.9);

  /** The 99th and 99.9th percentiles of |z| in Gaussian noise, where the trackers start. */
  private static final double GAUSSIAN_Q99 = 2.6;

  private static final double GAUSSIAN_Q999 = 3.3;

  /** Points in a row under the 99.9th percentile tracker from which it moves down faster. */
  static final int Q999_DROUGHT = 4000;

  /** A short: far longer than any run the tracker needs to fall to its floor (about 20,000). */
  private static final int Q999_DROUGHT_CAP = Short.MAX_VALUE;

  /** Scale of the tail-extrapolated gate; the configured gate still applies when it is larger. */
  private static final double TAIL_GATE_SCALE = 0.8;

  /** Points from which a positive, lognormal-looking series is also judged in log space. */
  static final long LOG_DECISION = 4000;

  /** Robust z in log space that a point above the median must reach to count as far. */
  static final double LOG_GATE = 4.5;

  /** Largest 99th percentile of the upward log z for which the series counts as lognormal. */
  static final double LOG_Q99_MAX = 3.2;

  /** Where the log-space trackers start: a typical latency spread, and "not lognormal yet". */
  private static final float INITIAL_LOG_SCALE = 0.3f;

  private static final float INITIAL_LOG_Q99 = 4;
  private static final double MIN_LOG_SCALE = 1e-6;

  /** The default threshold: a score at or above it is reported. */
  private static final double REPORTED = 0.5;

  /** Weight of a point in the fast level of the sustained-shift part (about 32 points). */
  private static final double LEVEL_FAST = 1.0 / 32;

  /** Weight of a point in the slow reference of the sustained-shift part (about 256 points). */
  private static final double LEVEL_SLOW = 1.0 / 256;

  /**
   * Weight of the fast level's step in the trend of the sustained-shift part while it warms up: a
   * quarter of the square of {@link #LEVEL_FAST}, so that the trend of a steadily growing gauge is
   * learnt within a few hundred points without overshooting.
   */
  private static final double SLOPE_GAIN = LEVEL_FAST * LEVEL_FAST / 4;

  /**
   * That weight once the part may report, eight times smaller: a trend that changes slowly is still
   * followed, while a sudden change of the growth rate runs ahead of it into a confirmed shift.
   */
  private static final double SLOPE_GAIN_SETTLED = LEVEL_FAST * LEVEL_SLOW / 4;

  /** Points over which a trend larger than the noise makes the window's deviation read the ramp. */
  private static final double TREND_SPAN = 56;

  /** Weight of a reading of the window's deviation in the noise of the sustained-shift part. */
  private static final double NOISE_WEIGHT = 1.0 / 64;

  /** Factor by which that noise rises on a reading more than twice as wide. */
  private static final double NOISE_CREEP = 1.001;

  /** Step of the level-distance tracker in log units once the part may report. */
  private static final double LEVEL_Q_STEP = 0.002;

  /** How much wider than the noise the window's deviation reads while it straddles a shift. */
  private static final double STRADDLE = 3;

  /** Share of a flat series' usual step taken as its noise by the sustained-shift part. */
  private static final double FLAT_SHARE = 0.5;

  /** Largest distance from the reference that the float offsets of the shift part hold. */
  private static final double OFFSET_LIMIT = Float.MAX_VALUE / 4;

  /** Noise units by which one point can at most move the fast level's input. */
  private static final double LEVEL_CLIP = 3;

  /** Robust standard deviations between the fast level and the reference that count as a shift. */
  static final double SHIFT_Z = 2.5;

  /** How many times the usual 99th percentile of that distance a shift must also reach. */
  static final double SHIFT_TAIL = 4;

  /** Points in a row a shift must hold, beyond the fast level's own lag, to be confirmed. */
  static final int SHIFT_HOLD = 32;

  /** Points before the sustained-shift and seasonal parts may report. */
  static final int SHIFT_WARMUP = 1000;

  /** Robust standard deviations from the level held before an excursion that count as back. */
  static final double RETURN_Z = 4;

  /** Points after a confirmed shift during which a return to the level before it is expected. */
  static final int HOME_TTL = 8192;

  /** Points after a confirmed shift within which a further one continues the same excursion. */
  static final int RAMP_STEP = 1024;

  /** Robust z against the seasonal expectation that counts, when held, as off-season. */
  static final double SEASONAL_Z = 8;

  /** Points in a row a seasonal residual must hold to be reported. */
  static final int SEASONAL_HOLD = 3;

  /** Where the level-distance tracker starts: about its 99th percentile in Gaussian noise. */
  private static final float INITIAL_LEVEL_Q99 = 0.35f;

  /** How many times as far from the median as the farthest remembered value a new extreme is. */
  static final double NEW_EXTREME_RATIO = 2;

  private static final int COUNT_CAP = Integer.MAX_VALUE;

  private final NoveltyDetector novelty;
  private double q99 = GAUSSIAN_Q99;
  private double q999 = GAUSSIAN_Q999;
  private final ContextDetector coarse = new ContextDetector(288, 4, 1, 1, 100, 64);
  private final RobustDetector spike;
  private final CusumDetector cusum = new CusumDetector();
  private final SeasonalDetector seasonal;
  private final RecurrenceMemory recurrences = new RecurrenceMemory();
  // Floats: configuration that needs no more precision, in a state where bytes are scarce.
  private final float gateZ;
  private final float ungatedWeight;

  /** Finite points, up to {@link #COUNT_CAP}: every threshold it is compared with is far lower. */
  private int count;

  // A float: a decaying memory of scores in [0, 1], compared with a floor of 0.001.
  private float recent;
  // Floats: the log-space trackers move by relative steps far coarser than a float's precision.
  private float logScale = INITIAL_LOG_SCALE;
  // NaN for good once the series has had a value of 0 or less: the log test is then off.
  private float logQ99 = INITIAL_LOG_Q99;
  // A float: a step-wise tracker; 0 until a first ordinary non-zero distance is seen.
  private float flatScale;

  /** Points learned by the tail trackers since one was over the 99.9th percentile tracker. */
  private short sinceQ999;

  // The sustained-shift part (see levelShift): the slow reference as a double, the fast level and
  // the level held before the current excursion as float offsets from it (a shift is far larger
  // than a float's rounding of it), NaN when there is no excursion.
  private double reference = Double.NaN;
  private float levelOffset;
  private float homeOffset = Float.NaN;
  private float levelNoise;
  // The trend per point of the fast level, and of the reference while trending() (a growing gauge).
  private float levelSlope;
  private float levelQ99 = INITIAL_LEVEL_Q99;
  // Signed: points in a row beyond the gate on one side, and the same for the seasonal residual.
  private byte levelRun;
  private short homeAge;
  private byte sinceReport = Byte.MAX_VALUE;
  private byte seasonalRun;

  /**
   * Creates an ensemble whose novelty memory forgets after {@link #NOVELTY_MEMORY} points.
   *
   * @param windowSize the rolling window of the spike detector and the gate, 16 to 256 points
   * @param gateZ the robust z a novel point must reach to count in full, at least 0
   * @param ungatedWeight the weight of a novel point under the gate, 0 to 1
   */
  EnsembleDetector(int windowSize, double gateZ, double ungatedWeight) {
    this(windowSize, gateZ, ungatedWeight, NOVELTY_MEMORY);
  }

  /**
   * Creates an ensemble.
   *
   * @param windowSize the rolling window of the spike detector and the gate, 16 to 256 points
   * @param gateZ the robust z a novel point must reach to count in full, at least 0
   * @param ungatedWeight the weight of a novel point under the gate, 0 to 1
   * @param noveltyMemory points per generation of the novelty memory, or 0 to never forget
   */
  EnsembleDetector(int windowSize, double gateZ, double ungatedWeight, int noveltyMemory) {
    this(windowSize, gateZ, ungatedWeight, noveltyMemory, new SeasonalDetector());
  }

  /**
   * Creates an ensemble with its own seasonal part, for a period other than a day.
   *
   * @param windowSize the rolling window of the spike detector and the gate, 16 to 256 points
   * @param gateZ the robust z a novel point must reach to count in full, at least 0
   * @param ungatedWeight the weight of a novel point under the gate, 0 to 1
   * @param noveltyMemory points per generation of the novelty memory, or 0 to never forget
   * @param seasonal a fresh seasonal detector, used by this ensemble only
   */
  EnsembleDetector(
      int windowSize,
      double gateZ,
      double ungatedWeight,
      int noveltyMemory,
      SeasonalDetector seasonal) {
    if (windowSize < 16 || windowSize > 256) {
      throw new IllegalArgumentException("windowSize must be in [16, 256], but was " + windowSize);
    }
    if (!(gateZ >= 0) || !(ungatedWeight >= 0 && ungatedWeight <= 1)) {
      throw new IllegalArgumentException(
          "gateZ must be at least 0 and ungatedWeight in [0, 1], but were "
              + gateZ
              + " and "
              + ungatedWeight);
    }
    this.seasonal = Objects.requireNonNull(seasonal, "seasonal");
    this.novelty = new NoveltyDetector(256, 16, 0, noveltyMemory);
    this.spike = new RobustDetector(windowSize, 16, 8);
    this.gateZ = (float) gateZ;
    this.ungatedWeight = (float) ungatedWeight;
  }

  @Override
  public double update(long epochMillis, double value) {
    if (!Double.isFinite(value)) {
      // Both only clear their baseline and deviation, which this detector reports through them.
      spike.update(epochMillis, value);
      seasonal.update(epochMillis, value);
      return 0;
    }
    // Each time-based part guards its own clock (back-going and far-future stamps), so the raw
    // timestamp goes through.
    long t = epochMillis;
    double support =
        Math.max(
            spike.update(t, value), Math.max(cusum.update(t, value), seasonal.update(t, value)));
    double novel = novelty.update(t, value);
    double coarseNovel = coarse.update(t, value);
    double clamped = Magnitudes.clamp(value);
    double floor = spike.flat() ? flatScale : 0;
    double spikeZ = floored(spike.deviation(), clamped - spike.baseline(), floor);
    double deviation = gateDeviation(clamped, spikeZ, floor);
    // A gate of 0 is no gate at all (the sensitive ensemble), heavy tail or not.
    double gate = gateZ > 0 ? Math.max(gateZ, TAIL_GATE_SCALE * tailGate()) : 0;
    double logZ = upwardLogZ(value);
    // NaN (no log test for this point or series) passes.
    boolean far = deviation >= gate && !(logZ < LOG_GATE) || newExtreme(novel, clamped, floor);
    // A repeat of a remembered job is not new, but a coarse level never reached before still is.
    boolean repeat = recurrences.repeats(t, novelty.cell(clamped), far);
    if (!recurrences.withinRepeat(t)) {
      learnTail(Math.abs(spike.deviation()), gate);
    }
    if (novel == 0) {
      learnFlatScale(Math.abs(clamped - spike.baseline()));
    }
    // A point back at the level held before a confirmed excursion is its end, not news.
    boolean back = returning(clamped);
    double sustained =
        Math.max(
            levelShift(clamped, Math.abs(spike.deviation()), floor), seasonalShift(clamped, floor));
    if (!far || repeat || back) {
      novel *= ungatedWeight;
    }
    if (!far || back) {
      coarseNovel *= COARSE_WEIGHT;
    }
    double shaped = Math.max(0, novel - recent);
    recent = (float) Math.max(recent * SUPPRESSION_DECAY, novel);
    if (recent < SUPPRESSION_FLOOR) {
      recent = 0;
    }
    if (count < COUNT_CAP) {
      count++;
    }
    if (count < COLD_START) {
      return 0;
    }
    double score = Math.max(Math.max(shaped, coarseNovel), SUPPORT_WEIGHT * support);
    if (score < REPORTED && !repeat && count >= SHIFT_WARMUP) {
      // NaN-safe: a sustained score that is not a number stays out.
      score = sustained > score ? sustained : score;
    }
    sinceReport = score >= REPORTED ? 0 : (byte) Math.min(sinceReport + 1, Byte.MAX_VALUE);
    return Math.min(1, score);
  }

  /**
   * Returns whether the point lies within {@link #RETURN_Z} robust standard deviations of the level
   * the series held before a shift confirmed in the last {@link #HOME_TTL} points.
   */
  private boolean returning(double value) {
    if (Float.isNaN(homeOffset)) {
      return false;
    }
    if (++homeAge > HOME_TTL) {
      homeOffset = Float.NaN;
      return false;
    }
    return Math.abs(value - (reference + homeOffset)) <= RETURN_Z * levelNoise;
  }

  /**
   * Follows the sustained-shift part and returns the score of a shift it confirms on this point, or
   * 0. A fast level (about 32 points) is compared with a slow reference (about 256 points, which
   * learns only while the two agree) in robust standard deviations of the noise: when they differ
   * by {@link #SHIFT_Z} or more, and by {@link #SHIFT_TAIL} times the usual 99th percentile of that
   * distance (so that a series whose level wanders, a daily cycle or a sawtooth, must move much
   * further), for {@link #SHIFT_HOLD} points in a row, the shift is confirmed: the reference jumps
   * to the fast level, and the level before is remembered as where the series came from. The
   * confirmation scores when nothing was reported since the shift began, no excursion is open
   * already (one excursion, one report, however long it ramps), and it does not bring the series
   * back to where it came from (the end of the excursion). The noise is the rolling window's robust
   * standard deviation, followed slowly over the points that agree, and at least the window's
   * current one, so that a series that was constant and turns noisy does not look shifted. The fast
   * level moves on by a trend per point, learnt from its own steps while the two agree (quickly
   * during {@link #SHIFT_WARMUP}, slowly after), and the reference with it once that trend moves
   * the level by more than the noise over the rolling window: a gauge that grows steadily is judged
   * against its own growth, and one that starts growing much faster is a shift. While the reference
   * follows a trend, the window's deviation (which then reads the ramp across it) no longer raises
   * the noise.
   */
  private double levelShift(double value, double spikeZ, double floor) {
    if (!(Math.abs(value - reference) < OFFSET_LIMIT)) {
      // The first point, or one so far from the reference that a float offset could not hold it:
      // start again from it.
      reference = value;
      levelOffset = 0;
      homeOffset = Float.NaN;
      levelRun = 0;
      levelSlope = 0;
      return 0;
    }
    // The fast level moves on with the trend; the reference too once the trend is larger than the
    // noise over the rolling window (a smaller one is the noise's own wander).
    if (trending()) {
      reference += levelSlope;
      if (!Float.isNaN(homeOffset)) {
        homeOffset = homeOffset - levelSlope;
      }
    } else {
      levelOffset += levelSlope;
    }
    // Clipped, so that one spike moves the fast level by a fraction of the noise, not into a shift.
    double step = value - reference - levelOffset;
    if (levelNoise > 0) {
      step = Math.max(-LEVEL_CLIP * levelNoise, Math.min(LEVEL_CLIP * levelNoise, step));
    }
    double level = reference + levelOffset + LEVEL_FAST * step;
    levelOffset = (float) (level - reference);
    double rolling = Math.abs(value - spike.baseline()) / spikeZ;
    // A series that sits on one value reads its window's fallback scale, far under its usual step.
    double sigma =
        Math.max(
            rolling > 0 && rolling < Double.POSITIVE_INFINITY ? rolling : 0, FLAT_SHARE * floor);
    // A third of the window's current deviation: a window straddling a change reads up to about
    // three times the noise, while a series that turns noisy after a flat spell reads far more. On
    // a
    // steadily growing gauge the window reads its ramp, and faster growth would read as noise.
    double noise = trending() ? levelNoise : Math.max(levelNoise, sigma / STRADDLE);
    if (!(noise > 0)) {
      learnReference(value, sigma);
      return 0;
    }
    double d = levelOffset / noise;
    double gate = Math.max(SHIFT_Z, SHIFT_TAIL * levelQ99);
    if (Math.abs(d) < gate) {
      // The reference, noise and tracker stop learning half way to the gate, so that the rise of
      // the fast level into a shift (or along a ramp) does not drag them along.
      if (Math.abs(d) < gate / 2) {
        levelSlope =
            (float) (levelSlope + (count < SHIFT_WARMUP ? SLOPE_GAIN : SLOPE_GAIN_SETTLED) * step);
        learnLevelQ99(Math.abs(d));
        learnReference(value, sigma);
      }
      levelRun = 0;
      return 0;
    }
    // At most SHIFT_HOLD either way: the run is confirmed and restarts there.
    levelRun = (byte) (d > 0 ? Math.max(levelRun, 0) + 1 : Math.min(levelRun, 0) - 1);
    if (Math.abs(levelRun) < SHIFT_HOLD) {
      return 0;
    }
    boolean open = !Float.isNaN(homeOffset);
    // Back: within the noise of where the series came from, or, as the fast level still lags the
    // return, more than half way there.
    boolean back =
        open
            && (Math.abs(level - (reference + homeOffset)) <= RETURN_Z * noise
                || Math.abs(level - (reference + homeOffset)) < Math.abs(homeOffset) / 2);
    // A further step of the same excursion (a ramp that goes on), or a step back towards where the
    // series came from, is no new report.
    boolean news = !open || homeAge > RAMP_STEP && d * homeOffset < 0;
    double home = open ? reference + homeOffset : reference;
    reference = level;
    levelOffset = 0;
    levelRun = 0;
    homeAge = 0;
    if (count < SHIFT_WARMUP) {
      // The noise and the tracker are still settling: take the level as it is.
      homeOffset = Float.NaN;
      return 0;
    }
    if (back) {
      // The fast level still lags the return: the series is back where it was.
      reference = home;
      homeOffset = Float.NaN;
    } else {
      homeOffset = (float) (home - reference);
    }
    boolean quiet = sinceReport > SHIFT_HOLD + 2 / LEVEL_FAST;
    return quiet && news && !back ? RobustDetector.scoreOf(Math.abs(d), gate) : 0;
  }

  /**
   * Returns whether the trend moves the levels by more than the noise over the rolling window,
   * whose deviation then reads the ramp across it rather than the noise.
   */
  private boolean trending() {
    return levelNoise > 0 && Math.abs(levelSlope) * TREND_SPAN > levelNoise;
  }

  private void learnReference(double value, double sigma) {
    double distance = value - reference;
    if (levelNoise > 0) {
      distance = Math.max(-LEVEL_CLIP * levelNoise, Math.min(LEVEL_CLIP * levelNoise, distance));
    }
    double step = LEVEL_SLOW * distance;
    reference += step;
    levelOffset = (float) (levelOffset - step);
    if (!Float.isNaN(homeOffset)) {
      homeOffset = (float) (homeOffset - step);
    }
    if (!(sigma > 0)) {
      return;
    }
    // The window's deviation is wide while it straddles a change: such readings only nudge it up.
    if (levelNoise == 0) {
      levelNoise = (float) sigma;
    } else if (sigma <= 2 * levelNoise) {
      levelNoise = (float) (levelNoise + NOISE_WEIGHT * (sigma - levelNoise));
    } else {
      levelNoise = (float) (levelNoise * NOISE_CREEP);
    }
  }

  /** Moves the tracked 99th percentile of the level distance by multiplicative steps. */
  private void learnLevelQ99(double d) {
    // Small steps once settled, so that the rise of the fast level into a shift does not teach the
    // tracker the shift before it is confirmed; large ones at first, before anything is reported.
    double step = count < SHIFT_WARMUP ? 1 / Math.sqrt(count + 1) : LEVEL_Q_STEP;
    double q = levelQ99 * Math.exp(d > levelQ99 ? step * 0.99 : -step * 0.01);
    levelQ99 = (float) Math.max(q, MIN_PERCENTILE);
  }

  /**
   * Returns the score of an off-season run confirmed on this point, or 0: once the series is
   * seasonal, {@link #SEASONAL_HOLD} points in a row on one side, each at least {@link #SEASONAL_Z}
   * robust standard deviations outside the range of the usual values within about an hour of this
   * time of day (see {@link SeasonalDetector#outsideDeviation}), when nothing was reported since
   * they began. A daily edge that the coarse seasonal profile cuts off lies inside that range. On a
   * series that sits on one value (a scale {@code floor} above 0), the distance from the seasonal
   * expectation is also taken in units of that floor, as by the gate: an on/off flag that toggles
   * at any hour is otherwise off-season whenever it takes the value its hour saw least. A run that
   * the seasonal part confirms (see {@link SeasonalDetector#runConfirmed}) scores at least 0.5 when
   * nothing was reported for as long, on a series that does not count as seasonal too.
   */
  private double seasonalShift(double value, double floor) {
    double z = seasonal.isSeasonal() ? seasonal.outsideDeviation(value) : 0;
    if (floor > 0) {
      // NaN (no expectation) keeps the run from starting.
      z = Math.signum(z) * Math.min(Math.abs(z), Math.abs(value - seasonal.baseline()) / floor);
    }
    // Where the series does not count as seasonal, a stop is judged against the lowest usual value
    // of its hour: on a series that sits on one value, at least two of its steps above it (three
    // lost half the stops of 5 requests a point at 15-second steps, where 1.5 is a step).
    boolean season = seasonal.isSeasonal();
    double usual = season ? seasonal.baseline() : seasonal.usualLow();
    double steps = season ? SeasonalDetector.RUN_Z : 2;
    if (seasonal.runConfirmed()
        && sinceReport >= SeasonalDetector.RUN_HOLD
        && !(floor > 0 && !(Math.abs(value - usual) >= steps * floor))) {
      // A run held for half an hour outside the usual range, which the profile has not learnt
      // (z is NaN where no seasonal expectation floors it: the run alone scores then).
      double run = RobustDetector.scoreOf(Math.abs(z), SeasonalDetector.RUN_Z);
      return run > REPORTED ? run : REPORTED;
    }
    if (!(Math.abs(z) >= SEASONAL_Z)) {
      seasonalRun = 0;
      return 0;
    }
    int side = z > 0 ? 1 : -1;
    seasonalRun = (byte) (side * Math.min(Math.max(side * seasonalRun, 0) + 1, SEASONAL_HOLD + 1));
    if (side * seasonalRun != SEASONAL_HOLD || sinceReport < SEASONAL_HOLD) {
      return 0;
    }
    return RobustDetector.scoreOf(Math.abs(z), SEASONAL_Z);
  }

  /**
   * Returns the largest absolute robust z of the point: {@code spikeZ} against the rolling window,
   * against the slow CUSUM reference (which catches a drift the rolling window has followed) and,
   * when the series is seasonal, against the usual value at this time of day, each with its scale
   * raised to {@code floor} when that is larger.
   */
  private double gateDeviation(double value, double spikeZ, double floor) {
    double z = spikeZ;
    if (!Double.isNaN(cusum.deviation())) {
      z = Math.max(z, floored(cusum.deviation(), value - cusum.baseline(), floor));
    }
    if (seasonal.isSeasonal() && !Double.isNaN(seasonal.deviation())) {
      z = Math.max(z, floored(seasonal.deviation(), value - seasonal.baseline(), floor));
    }
    return z;
  }

  /**
   * Returns whether a point of a flat series (a scale {@code floor} above 0) is a value new to the
   * novelty memory that lies beyond every value remembered on its side of the rolling median by at
   * least a usual step of the series, and at least {@link #NEW_EXTREME_RATIO} times as far from the
   * median as the farthest of them: a new level of a flag or a low count, which the floored scale
   * alone would need about {@code gateZ} steps to call far. The ratio keeps the next value of a
   * count that takes a range of values (a 5 after 3s in Poisson counts) ordinary.
   */
  private boolean newExtreme(double novel, double value, double floor) {
    if (!(floor > 0) || novel < 1) {
      return false;
    }
    double median = spike.baseline();
    double step = floor / RobustDetector.MAD_TO_SIGMA;
    if (value > median) {
      double top = novelty.rememberedTop(value);
      return top > median
          && value - top >= step
          && value - median >= NEW_EXTREME_RATIO * (top - median);
    }
    double bottom = novelty.rememberedBottom(value);
    return bottom <= median
        && bottom - value >= step
        && median - value >= NEW_EXTREME_RATIO * (median - bottom);
  }

  /**
   * Returns |z| of a point at {@code distance} from a reference, as if the scale behind {@code z}
   * were at least {@code floor} (no floor when that is 0).
   */
  private static double floored(double z, double distance, double floor) {
    return floor > 0 ? Math.min(Math.abs(z), Math.abs(distance) / floor) : Math.abs(z);
  }

  /**
   * Moves the flat-series scale towards the robust standard deviation that a non-zero distance from
   * the rolling median would have as a typical one (its median tracked by multiplicative steps);
   * the first such distance sets it. Called only for points neither new in value nor in transition,
   * so an incident does not teach its own size.
   */
  private void learnFlatScale(double distance) {
    float sigma = (float) (RobustDetector.MAD_TO_SIGMA * distance);
    if (!(sigma >= Float.MIN_NORMAL && sigma < Float.POSITIVE_INFINITY)) {
      return;
    }
    if (flatScale == 0) {
      flatScale = sigma;
    } else {
      flatScale = (float) (flatScale * (sigma > flatScale ? TENTH_UP : TENTH_DOWN));
    }
  }

  /**
   * Returns the robust z that the noise of this series should reach about once per 100,000 points,
   * extrapolated from its 99th and 99.9th percentiles as if the tail followed a power law: each
   * further factor of 10 in rarity costs the ratio of the two percentiles (at least the Gaussian
   * 99th percentile is taken for the lower one, so that a quantized series whose deviations are
   * mostly 0 does not look heavy-tailed).
   */
  private double tailGate() {
    double ratio = Math.max(1, q999 / Math.max(q99, GAUSSIAN_Q99));
    return q999 * ratio * ratio;
  }

  /**
   * Moves the percentile trackers towards the point's |z| against the rolling window, by
   * multiplicative steps. Points at or beyond the gate are left out, so an incident does not raise
   * the gate for the next one; the rolling window follows a ramp, so a slow drift does not ratchet
   * it up either.
   */
  private void learnTail(double z, double gate) {
    if (!(z < gate)) {
      return;
    }
    // A point far over the 99.9th percentile (an outlier the gate let through) does not end a run
    // under it.
    boolean endsRun = z > q999 && z < 2 * q999;
    if (count < SETTLED) {
      // Large steps at first (1/sqrt(n) in log units), so the trackers settle early.
      double step = 1 / Math.sqrt(count + 1);
      q99 *= Math.exp(z > q99 ? step * 0.99 : -step * 0.01);
      q999 *= Math.exp(z > q999 ? step * 0.999 : -step * 0.001);
    } else {
      q99 *= z > q99 ? Q99_UP : Q99_DOWN;
      q999 *= z > q999 ? Q999_UP : q999Down();
    }
    sinceQ999 = endsRun ? 0 : (short) Math.min(sinceQ999 + 1, Q999_DROUGHT_CAP);
    // A floor, so that a long flat stretch (every z 0) cannot drive them to 0, where they would
    // stay.
    q99 = Math.max(q99, MIN_PERCENTILE);
    q999 = Math.max(q999, MIN_PERCENTILE);
  }

  /**
   * Returns the factor by which the 99.9th percentile tracker moves down on a point under it: the
   * settled step while the points under it run no longer than {@link #Q999_DROUGHT} (four times the
   * usual gap between points over it), then that step times the square of the run's length in units
   * of {@code Q999_DROUGHT / 2}. A tracker left high by a spell of wider noise then comes down
   * within about 10,000 points, not 30,000 to 40,000, while in stationary noise a run that long
   * ends only about one gap in 50 and its extra steps are small: over eight seeds of 100,000
   * points, Student-t(3) noise raised 133 false anomalies against 132 without it, lognormal noise
   * with σ 1 and 0.5 raised 79 and 30 against 79 and 29. In a long run of identical points the
   * tracker falls to its floor within about 20,000 points, where the configured gate then decides.
   */
  private double q999Down() {
    if (sinceQ999 <= Q999_DROUGHT) {
      return Q999_DOWN;
    }
    double run = sinceQ999 / (Q999_DROUGHT / 2.0);
    return Math.exp(-QUANTILE_STEP * 0.001 * run * run);
  }

  /**
   * Returns the robust z of the point's log distance above the rolling median, or NaN when the
   * point is not above it, the series has had a value of 0 or less, has fewer than {@link
   * #LOG_DECISION} points or does not look lognormal; learns the log-space scale and tail from the
   * point.
   */
  private double upwardLogZ(double value) {
    double median = spike.baseline();
    if (!(value > 0)) {
      logQ99 = Float.NaN;
    }
    if (Float.isNaN(logQ99) || !(median > 0) || value <= median) {
      return Double.NaN;
    }
    double d = Math.log(value / median);
    double z = d / (RobustDetector.MAD_TO_SIGMA * logScale);
    boolean lognormal = count >= LOG_DECISION && logQ99 <= LOG_Q99_MAX;
    learnLogSpread(d, z);
    return lognormal ? z : Double.NaN;
  }

  /**
   * Moves the log-space scale (the median of the upward log distance) and the 99th percentile of
   * the upward log z by multiplicative steps, large at first like the raw trackers; the percentile
   * starts once the scale has had {@link #COLD_START} points to settle.
   */
  private void learnLogSpread(double d, double z) {
    double scale = logScale;
    double q99z = logQ99;
    if (count < SETTLED) {
      double step = 1 / Math.sqrt(count + 1);
      scale *= Math.exp(d > scale ? step * 0.5 : -step * 0.5);
    } else {
      scale *= d > scale ? HALF_UP : HALF_DOWN;
    }
    long n = count - COLD_START;
    if (n >= SETTLED) {
      q99z *= z > q99z ? Q99_UP : Q99_DOWN;
    } else if (n >= 0) {
      double step = 1 / Math.sqrt(n + 1);
      q99z *= Math.exp(z > q99z ? step * 0.99 : -step * 0.01);
    }
    logScale = (float) Math.max(scale, MIN_LOG_SCALE);
    logQ99 = (float) Math.max(q99z, MIN_PERCENTILE);
  }

  private boolean seasonalBaseline() {
    return seasonal.isSeasonal() && !Double.isNaN(seasonal.baseline());
  }

  /**
   * Returns whether the sustained-shift part confirmed a shift away from where the series came from
   * on the last point: the rolling window has followed such a shift (a ramp) part of the way, so
   * the level before it is the better baseline.
   */
  boolean shiftConfirmed() {
    return homeAge == 0 && !Float.isNaN(homeOffset) && levelNoise > 0;
  }

  /**
   * Returns the seasonal expectation on a seasonal series; otherwise, on a point where the
   * sustained-shift part confirms a shift, the slow reference the series held before it; and
   * otherwise the rolling median.
   */
  @Override
  public double baseline() {
    if (seasonalBaseline()) {
      return seasonal.baseline();
    }
    return shiftConfirmed() ? reference + homeOffset : spike.baseline();
  }

  /**
   * Returns the deviation from {@link #baseline()}: from the slow reference on a confirmed shift,
   * in units of the noise that the sustained-shift part follows, and otherwise in robust standard
   * deviations of the seasonal residuals or of the rolling window.
   */
  @Override
  public double deviation() {
    if (seasonalBaseline()) {
      return seasonal.deviation();
    }
    return shiftConfirmed()
        ? (spike.lastValue() - (reference + homeOffset)) / levelNoise
        : spike.deviation();
  }

  /**
   * Returns the seasonal part's period when {@link #baseline()} is the seasonal expectation, else
   * {@link Duration#ZERO}.
   */
  @Override
  public Duration seasonalPeriod() {
    return seasonalBaseline() ? seasonal.period() : Duration.ZERO;
  }
}
