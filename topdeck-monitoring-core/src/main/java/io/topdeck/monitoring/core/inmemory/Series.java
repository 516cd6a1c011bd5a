package io.topdeck.monitoring.core.inmemory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A scripted generator of one metric's values, immutable: each method returns a new series with one
 * more effect. The value at an instant is
 *
 * <pre>
 * ((baseline × (1 + daily × sin(2π × time of day / 24 h)) + trend × days since origin)
 *     × product of steps in effect × product of spikes in effect) × (1 + noise × N(0, 1))
 * </pre>
 *
 * <p>then clamped to the configured bounds. Inside a gap, or when a point is randomly dropped, the
 * value is {@code NaN}. The randomness of a point depends only on the platform seed, the resource,
 * the metric and the timestamp, so a value does not depend on which range was asked for.
 *
 * @since 0.1.0
 */
public final class Series {

  private static final double DAY_SECONDS = 86_400.0;

  private final double baseline;
  private final double noise;
  private final double daily;
  private final Instant trendOrigin;
  private final double trendPerDay;
  private final List<Effect> effects;
  private final List<Effect> gaps;
  private final double dropProbability;
  private final double min;
  private final double max;

  private Series(
      double baseline,
      double noise,
      double daily,
      Instant trendOrigin,
      double trendPerDay,
      List<Effect> effects,
      List<Effect> gaps,
      double dropProbability,
      double min,
      double max) {
    this.baseline = baseline;
    this.noise = noise;
    this.daily = daily;
    this.trendOrigin = trendOrigin;
    this.trendPerDay = trendPerDay;
    this.effects = List.copyOf(effects);
    this.gaps = List.copyOf(gaps);
    this.dropProbability = dropProbability;
    this.min = min;
    this.max = max;
  }

  /**
   * Returns a series that is {@code value} at every instant.
   *
   * @throws IllegalArgumentException if {@code value} is not finite
   */
  public static Series baseline(double value) {
    requireFinite(value, "baseline");
    return new Series(
        value,
        0,
        0,
        Instant.EPOCH,
        0,
        List.of(),
        List.of(),
        0,
        Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY);
  }

  /**
   * Returns this series with multiplicative gaussian noise: each value is multiplied by {@code 1 +
   * fraction × N(0, 1)}.
   *
   * @throws IllegalArgumentException if {@code fraction} is negative or not finite
   */
  public Series noise(double fraction) {
    requireNonNegative(fraction, "noise fraction");
    return copy(fraction, daily, trendOrigin, trendPerDay, effects, gaps, dropProbability);
  }

  /**
   * Returns this series with a daily sine cycle of relative amplitude {@code amplitude}: highest at
   * 06:00 UTC, lowest at 18:00 UTC.
   *
   * @throws IllegalArgumentException if {@code amplitude} is negative or not finite
   */
  public Series daily(double amplitude) {
    requireNonNegative(amplitude, "daily amplitude");
    return copy(noise, amplitude, trendOrigin, trendPerDay, effects, gaps, dropProbability);
  }

  /**
   * Returns this series with a linear trend: {@code perDay} units are added per day after {@code
   * origin} (and subtracted per day before it).
   *
   * @throws IllegalArgumentException if {@code perDay} is not finite
   */
  public Series trend(Instant origin, double perDay) {
    Objects.requireNonNull(origin, "origin");
    requireFinite(perDay, "trend per day");
    return copy(noise, daily, origin, perDay, effects, gaps, dropProbability);
  }

  /**
   * Returns this series multiplied by {@code factor} from {@code at} on: a lasting level shift,
   * such as 5 for a 400% rise.
   *
   * @throws IllegalArgumentException if {@code factor} is negative or not finite
   */
  public Series step(Instant at, double factor) {
    Objects.requireNonNull(at, "at");
    requireNonNegative(factor, "step factor");
    return withEffect(new Effect(at, Instant.MAX, factor));
  }

  /**
   * Returns this series multiplied by {@code factor} during {@code [at, at + duration)}.
   *
   * @throws IllegalArgumentException if {@code factor} is negative or not finite, or {@code
   *     duration} is not positive
   */
  public Series spike(Instant at, Duration duration, double factor) {
    Objects.requireNonNull(at, "at");
    requirePositive(duration);
    requireNonNegative(factor, "spike factor");
    return withEffect(new Effect(at, at.plus(duration), factor));
  }

  /**
   * Returns this series with no data during {@code [from, to)}: values there are {@code NaN}.
   *
   * @throws IllegalArgumentException if {@code to} is not after {@code from}
   */
  public Series gap(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("gap end must be after its start, but was " + from);
    }
    List<Effect> more = new ArrayList<>(gaps);
    more.add(new Effect(from, to, Double.NaN));
    return copy(noise, daily, trendOrigin, trendPerDay, effects, more, dropProbability);
  }

  /**
   * Returns this series with each point missing ({@code NaN}) with probability {@code probability},
   * decided per point from the seed.
   *
   * @throws IllegalArgumentException if {@code probability} is not in [0, 1]
   */
  public Series missing(double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          "missing probability must be in [0, 1], but was " + probability);
    }
    return copy(noise, daily, trendOrigin, trendPerDay, effects, gaps, probability);
  }

  /**
   * Returns this series with values clamped to {@code [min, max]}, for example {@code [0, 1]} for a
   * ratio that noise must not push below zero.
   *
   * @throws IllegalArgumentException if {@code min > max} or either is NaN
   */
  public Series clamp(double min, double max) {
    if (!(min <= max)) {
      throw new IllegalArgumentException("clamp needs min <= max, but was " + min + " > " + max);
    }
    return new Series(
        baseline, noise, daily, trendOrigin, trendPerDay, effects, gaps, dropProbability, min, max);
  }

  /**
   * Returns the value at {@code time}, with {@code random} giving this point's random draws.
   * Package-private: the collector supplies the per-point randomness.
   */
  double valueAt(Instant time, PointRandom random) {
    for (Effect gap : gaps) {
      if (gap.covers(time)) {
        return Double.NaN;
      }
    }
    if (dropProbability > 0 && random.uniform(0) < dropProbability) {
      return Double.NaN;
    }
    double seconds = time.getEpochSecond() + time.getNano() / 1e9;
    double secondOfDay = Math.floorMod(time.getEpochSecond(), 86_400L) + time.getNano() / 1e9;
    double value = baseline * (1 + daily * Math.sin(2 * Math.PI * secondOfDay / DAY_SECONDS));
    double originSeconds = trendOrigin.getEpochSecond() + trendOrigin.getNano() / 1e9;
    value += trendPerDay * (seconds - originSeconds) / DAY_SECONDS;
    for (Effect effect : effects) {
      if (effect.covers(time)) {
        value *= effect.factor();
      }
    }
    if (noise > 0) {
      value *= 1 + noise * random.gaussian(1);
    }
    return Math.max(min, Math.min(max, value));
  }

  private Series withEffect(Effect effect) {
    List<Effect> more = new ArrayList<>(effects);
    more.add(effect);
    return copy(noise, daily, trendOrigin, trendPerDay, more, gaps, dropProbability);
  }

  private Series copy(
      double noise,
      double daily,
      Instant trendOrigin,
      double trendPerDay,
      List<Effect> effects,
      List<Effect> gaps,
      double dropProbability) {
    return new Series(
        baseline, noise, daily, trendOrigin, trendPerDay, effects, gaps, dropProbability, min, max);
  }

  private static void requireFinite(double value, String what) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(what + " must be finite, but was " + value);
    }
  }

  private static void requireNonNegative(double value, String what) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(what + " must be finite and >= 0, but was " + value);
    }
  }

  private static void requirePositive(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, but was " + duration);
    }
  }

  @Override
  public String toString() {
    return "Series[baseline="
        + baseline
        + ", noise="
        + noise
        + ", daily="
        + daily
        + ", trendPerDay="
        + trendPerDay
        + ", effects="
        + effects.size()
        + ", gaps="
        + gaps.size()
        + "]";
  }

  /** A factor applied during {@code [from, to)}. */
  private record Effect(Instant from, Instant to, double factor) {
    boolean covers(Instant time) {
      return !time.isBefore(from) && time.isBefore(to);
    }
  }
}
