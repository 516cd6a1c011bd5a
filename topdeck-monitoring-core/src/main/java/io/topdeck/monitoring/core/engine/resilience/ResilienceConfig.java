package io.topdeck.monitoring.core.engine.resilience;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How the engine guards each platform call: a timeout per call, retries with exponential backoff
 * and jitter for retryable failures only, the platform's Retry-After honoured, a token-bucket rate
 * limit per (platform, account, endpoint), a circuit breaker per (platform, endpoint) and a
 * bulkhead per platform. The per-run deadline is the engine's, and bounds all of these.
 *
 * <p><b>Layering rule.</b> The engine is the one retrying layer. Where a platform SDK retries by
 * itself (the AWS SDK's retry strategy, Azure's {@code RetryPolicy}, the Datadog client's retry
 * setting, OkHttp's {@code retryOnConnectionFailure}), the platform module disables those retries
 * and surfaces the first failure as a {@link io.topdeck.monitoring.api.MonitoringException} with
 * its kind and Retry-After. Stacked retries multiply: three SDK attempts under four engine attempts
 * are twelve calls, they escape the engine's rate limit and deadline, and they hide throttling from
 * the report. The SDK's own connect and read timeouts stay on, set no longer than {@link
 * #callTimeout()}, so that a stuck socket is released rather than abandoned.
 *
 * <p>Defaults: call timeout 10 s, 4 attempts, backoff 200 ms doubling to at most 10 s with ±50 %
 * jitter, Retry-After floor 100 ms, 50 calls per second per key, a circuit opening at 50 % failures
 * over the last 20 calls (after at least 10) for 30 s, and 8 concurrent calls per platform.
 */
public final class ResilienceConfig {

  private final Duration callTimeout;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final double backoffMultiplier;
  private final Duration maxBackoff;
  private final double jitter;
  private final Duration retryAfterFloor;
  private final RateLimit defaultRateLimit;
  private final Map<String, RateLimit> rateLimits;
  private final float failureRateThreshold;
  private final int slidingWindowSize;
  private final int minimumCalls;
  private final Duration openDuration;
  private final int halfOpenCalls;
  private final int maxConcurrentCalls;

  private ResilienceConfig(Builder b) {
    this.callTimeout = b.callTimeout;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.backoffMultiplier = b.backoffMultiplier;
    this.maxBackoff = b.maxBackoff;
    this.jitter = b.jitter;
    this.retryAfterFloor = b.retryAfterFloor;
    this.defaultRateLimit = b.defaultRateLimit;
    this.rateLimits = Map.copyOf(b.rateLimits);
    this.failureRateThreshold = b.failureRateThreshold;
    this.slidingWindowSize = b.slidingWindowSize;
    this.minimumCalls = b.minimumCalls;
    this.openDuration = b.openDuration;
    this.halfOpenCalls = b.halfOpenCalls;
    this.maxConcurrentCalls = b.maxConcurrentCalls;
  }

  /** Returns the defaults. */
  public static ResilienceConfig defaults() {
    return builder().build();
  }

  /** Returns a builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the wait before attempt {@code attempt + 1} after {@code attempt} failed attempts with
   * no Retry-After: {@code initialBackoff × multiplier^(attempt-1)}, capped, then spread by ±jitter
   * using {@code random}, and capped again.
   */
  public Duration backoff(int attempt, RandomGenerator random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, but was " + attempt);
    }
    double base =
        Math.min(
            initialBackoff.toMillis() * Math.pow(backoffMultiplier, attempt - 1.0),
            maxBackoff.toMillis());
    double spread = jitter == 0 ? 1 : 1 - jitter + 2 * jitter * random.nextDouble();
    return Duration.ofMillis(Math.round(Math.min(base * spread, maxBackoff.toMillis())));
  }

  /**
   * The longest Retry-After honoured or reported: a larger hint (some platforms send absurd ones)
   * is taken as this, which is longer than any run deadline and so fails the call as {@code
   * THROTTLED} without overflowing any conversion.
   */
  public static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

  /**
   * Returns the wait honouring a platform's Retry-After {@code hint}: at least the floor, at most
   * {@link #MAX_RETRY_AFTER}.
   */
  public Duration retryAfter(Duration hint) {
    if (hint.compareTo(retryAfterFloor) < 0) {
      return retryAfterFloor;
    }
    return hint.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : hint;
  }

  /** Returns the longest a single call may take. */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** Returns the most attempts of one call, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Returns the rate limit of calls to {@code platform}. */
  public RateLimit rateLimit(String platform) {
    return rateLimits.getOrDefault(platform, defaultRateLimit);
  }

  /** Returns the failure rate, in percent, at which a circuit opens. */
  public float failureRateThreshold() {
    return failureRateThreshold;
  }

  /** Returns how many recent calls the circuit breaker judges. */
  public int slidingWindowSize() {
    return slidingWindowSize;
  }

  /** Returns how many calls a circuit breaker needs before it may open. */
  public int minimumCalls() {
    return minimumCalls;
  }

  /** Returns how long an open circuit refuses calls before it lets trial calls through. */
  public Duration openDuration() {
    return openDuration;
  }

  /** Returns how many trial calls a half-open circuit lets through. */
  public int halfOpenCalls() {
    return halfOpenCalls;
  }

  /**
   * Returns the most calls in flight per platform, counting calls abandoned after their timeout
   * that have not returned yet.
   */
  public int maxConcurrentCalls() {
    return maxConcurrentCalls;
  }

  /**
   * A token bucket of {@code permits} tokens, refilled to full at each {@code period} boundary.
   *
   * @param permits calls allowed per period, at least 1
   * @param period the refill period, positive
   */
  public record RateLimit(int permits, Duration period) {

    public RateLimit {
      Objects.requireNonNull(period, "period");
      if (permits < 1) {
        throw new IllegalArgumentException("permits must be at least 1, but was " + permits);
      }
      if (period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("period must be positive, but was " + period);
      }
    }
  }

  /** Builds a {@link ResilienceConfig}. */
  public static final class Builder {

    private Duration callTimeout = Duration.ofSeconds(10);
    private int maxAttempts = 4;
    private Duration initialBackoff = Duration.ofMillis(200);
    private double backoffMultiplier = 2;
    private Duration maxBackoff = Duration.ofSeconds(10);
    private double jitter = 0.5;
    private Duration retryAfterFloor = Duration.ofMillis(100);
    private RateLimit defaultRateLimit = new RateLimit(50, Duration.ofSeconds(1));
    private final Map<String, RateLimit> rateLimits = new HashMap<>();
    private float failureRateThreshold = 50;
    private int slidingWindowSize = 20;
    private int minimumCalls = 10;
    private Duration openDuration = Duration.ofSeconds(30);
    private int halfOpenCalls = 3;
    private int maxConcurrentCalls = 8;

    private Builder() {}

    /** Sets the longest a single call may take. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive(timeout, "callTimeout");
      return this;
    }

    /** Sets the most attempts of one call, the first included; 1 disables retries. */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = atLeastOne(attempts, "maxAttempts");
      return this;
    }

    /** Sets the exponential backoff: first wait, growth factor and cap. */
    public Builder backoff(Duration initial, double multiplier, Duration max) {
      this.initialBackoff = positive(initial, "initialBackoff");
      if (!(multiplier >= 1)) {
        throw new IllegalArgumentException("multiplier must be at least 1, but was " + multiplier);
      }
      this.backoffMultiplier = multiplier;
      this.maxBackoff = positive(max, "maxBackoff");
      return this;
    }

    /** Sets the jitter: each backoff is spread uniformly by ±{@code fraction}; 0 disables it. */
    public Builder jitter(double fraction) {
      if (!(fraction >= 0 && fraction < 1)) {
        throw new IllegalArgumentException("jitter must be in [0, 1), but was " + fraction);
      }
      this.jitter = fraction;
      return this;
    }

    /**
     * Sets the shortest wait honouring a Retry-After, which some platforms send as 0; positive and
     * at most {@link #MAX_RETRY_AFTER}.
     */
    public Builder retryAfterFloor(Duration floor) {
      Objects.requireNonNull(floor, "floor");
      if (floor.isNegative() || floor.isZero() || floor.compareTo(MAX_RETRY_AFTER) > 0) {
        throw new IllegalArgumentException(
            "retryAfterFloor must be positive and at most "
                + MAX_RETRY_AFTER
                + ", but was "
                + floor);
      }
      this.retryAfterFloor = floor;
      return this;
    }

    /** Sets the rate limit of every (platform, account, endpoint) without its own. */
    public Builder rateLimit(int permits, Duration period) {
      this.defaultRateLimit = new RateLimit(permits, period);
      return this;
    }

    /** Sets the rate limit of each (account, endpoint) of {@code platform}. */
    public Builder rateLimit(String platform, int permits, Duration period) {
      rateLimits.put(Objects.requireNonNull(platform, "platform"), new RateLimit(permits, period));
      return this;
    }

    /**
     * Sets the circuit breaker: it opens when at least {@code failureRatePercent} of the last
     * {@code windowSize} calls failed (once {@code minimumCalls} were made), stays open for {@code
     * openDuration}, then lets {@code halfOpenCalls} trial calls through.
     */
    public Builder circuitBreaker(
        float failureRatePercent,
        int windowSize,
        int minimumCalls,
        Duration openDuration,
        int halfOpenCalls) {
      if (!(failureRatePercent > 0 && failureRatePercent <= 100)) {
        throw new IllegalArgumentException(
            "failureRatePercent must be in (0, 100], but was " + failureRatePercent);
      }
      this.failureRateThreshold = failureRatePercent;
      this.slidingWindowSize = atLeastOne(windowSize, "windowSize");
      this.minimumCalls = atLeastOne(minimumCalls, "minimumCalls");
      this.openDuration = positive(openDuration, "openDuration");
      this.halfOpenCalls = atLeastOne(halfOpenCalls, "halfOpenCalls");
      return this;
    }

    /** Sets the most calls in flight per platform. */
    public Builder maxConcurrentCalls(int calls) {
      this.maxConcurrentCalls = atLeastOne(calls, "maxConcurrentCalls");
      return this;
    }

    /** Returns the config. */
    public ResilienceConfig build() {
      return new ResilienceConfig(this);
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, but was " + value);
      }
      return value;
    }

    private static int atLeastOne(int value, String name) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, but was " + value);
      }
      return value;
    }
  }
}
