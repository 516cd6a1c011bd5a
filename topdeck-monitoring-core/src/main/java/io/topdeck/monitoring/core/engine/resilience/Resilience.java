package io.topdeck.monitoring.core.engine.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.MonitoringException.Kind;
import io.topdeck.monitoring.core.engine.EngineListener;
import io.topdeck.monitoring.core.engine.TimeSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Runs platform calls under a {@link ResilienceConfig}, using resilience4j's circuit breaker,
 * bulkhead and retry bookkeeping and a rate limit of its own that takes a permit only for a call
 * that will go ahead before its deadline. Each attempt goes: rate limit, circuit breaker, bulkhead,
 * then the call on a worker thread under the call timeout. Waits (backoff, Retry-After, rate limit)
 * go through the {@link TimeSource}, and none extends past the caller's deadline.
 *
 * <p>Instances are thread-safe and hold state across runs (buckets, circuits); close them to stop
 * their worker threads.
 */
public final class Resilience implements AutoCloseable {

  // States of a call's bulkhead slot between the caller and the worker thread.
  private static final int WAITING = 0;
  private static final int STARTED = 1;
  private static final int ABANDONED = 2;

  private final ResilienceConfig config;
  private final TimeSource time;
  private final RandomGenerator random;
  private final EngineListener listener;
  private final ExecutorService callExecutor;
  private final Map<CallKey, PermitBucket> rateLimiters = new ConcurrentHashMap<>();
  private final Map<String, CircuitBreaker> circuitBreakers = new ConcurrentHashMap<>();
  private final Map<String, Bulkhead> bulkheads = new ConcurrentHashMap<>();
  private final Retry retry;
  private final CircuitBreakerConfig circuitBreakerConfig;

  /**
   * Creates the guard.
   *
   * @param config the settings
   * @param time the time source for waits, deadlines, rate limits and circuit timing
   * @param random the source of backoff jitter
   * @param listener receives calls, failures, retries and throttling; must not throw
   */
  public Resilience(
      ResilienceConfig config, TimeSource time, RandomGenerator random, EngineListener listener) {
    this(
        config,
        time,
        random,
        listener,
        Executors.newCachedThreadPool(daemonThreads("topdeck-engine-call")));
  }

  /**
   * Creates the guard with the executor that runs each attempt's call; {@link #close()} shuts it
   * down. Tests pass one that decides when a call starts, which wall-clock timing cannot.
   */
  Resilience(
      ResilienceConfig config,
      TimeSource time,
      RandomGenerator random,
      EngineListener listener,
      ExecutorService callExecutor) {
    this.config = Objects.requireNonNull(config, "config");
    this.time = Objects.requireNonNull(time, "time");
    this.random = Objects.requireNonNull(random, "random");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.callExecutor = Objects.requireNonNull(callExecutor, "callExecutor");
    this.retry =
        Retry.of(
            "topdeck-engine",
            RetryConfig.custom()
                .maxAttempts(config.maxAttempts())
                .retryOnException(Resilience::retryable)
                .intervalBiFunction(this::interval)
                .failAfterMaxAttempts(false)
                .build());
    this.circuitBreakerConfig =
        CircuitBreakerConfig.custom()
            .failureRateThreshold(config.failureRateThreshold())
            .slidingWindow(
                config.slidingWindowSize(),
                config.minimumCalls(),
                CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .waitDurationInOpenState(config.openDuration())
            .permittedNumberOfCallsInHalfOpenState(config.halfOpenCalls())
            .recordException(Resilience::countsAgainstCircuit)
            .clock(clockOf(time))
            .build();
  }

  /**
   * Calls {@code call}, retrying retryable failures, and returns its result.
   *
   * @param key the call's target
   * @param deadline when the caller stops waiting; no wait or attempt goes past it
   * @param call the platform call; throws {@link MonitoringException} on failure
   * @throws MonitoringException the last failure, or {@code THROTTLED} with the platform's hint
   *     when honouring its Retry-After would pass the deadline, or {@code TIMEOUT} when the
   *     deadline came first
   */
  public <T> T call(CallKey key, Instant deadline, Supplier<T> call) {
    Retry.AsyncContext<Object> retryContext = retry.asyncContext();
    for (int attempt = 1; ; attempt++) {
      try {
        T result = attempt(key, deadline, call, attempt);
        retryContext.onComplete();
        return result;
      } catch (MonitoringException failure) {
        long delayMillis =
            Thread.currentThread().isInterrupted() ? -1 : retryContext.onError(failure);
        if (delayMillis < 0) {
          throw failure;
        }
        waitBeforeRetry(key, deadline, failure, Duration.ofMillis(delayMillis), attempt + 1);
      }
    }
  }

  /** Returns the state of the circuit of ({@code platform}, {@code endpoint}). */
  public CircuitBreaker.State circuitState(String platform, String endpoint) {
    return circuitBreaker(new CallKey(platform, "", endpoint)).getState();
  }

  /** Returns how many of {@code platform}'s call slots are free now. */
  int freeCallSlots(String platform) {
    return bulkhead(platform).getMetrics().getAvailableConcurrentCalls();
  }

  /** Stops the worker threads, interrupting calls still running. */
  @Override
  public void close() {
    callExecutor.shutdownNow();
  }

  private <T> T attempt(CallKey key, Instant deadline, Supplier<T> call, int attempt) {
    Duration remaining = remaining(deadline);
    if (remaining.isZero()) {
      throw new MonitoringException(
          Kind.TIMEOUT,
          key.platform(),
          "run deadline reached before attempt " + attempt + " of " + key.endpoint());
    }
    awaitRateLimit(key, deadline);
    CircuitBreaker circuit = circuitBreaker(key);
    if (!circuit.tryAcquirePermission()) {
      throw new CircuitOpenException(key);
    }
    Bulkhead bulkhead = bulkhead(key.platform());
    if (!bulkhead.tryAcquirePermission()) {
      circuit.releasePermission();
      throw new MonitoringException(
          Kind.UNAVAILABLE,
          key.platform(),
          "all " + config.maxConcurrentCalls() + " call slots busy (calls still running)");
    }
    try {
      listener.onCall(key.platform(), key.endpoint());
    } catch (RuntimeException | Error e) {
      // The listener must not throw, but if it does the slots must not leak.
      bulkhead.onComplete();
      circuit.releasePermission();
      throw e;
    }
    long start = time.nanoTime();
    try {
      T result = invoke(key, call, min(config.callTimeout(), remaining(deadline)), bulkhead);
      long elapsed = time.nanoTime() - start;
      circuit.onSuccess(elapsed, TimeUnit.NANOSECONDS);
      listener.onSuccess(key.platform(), key.endpoint(), Duration.ofNanos(elapsed));
      return result;
    } catch (MonitoringException failure) {
      long elapsed = time.nanoTime() - start;
      circuit.onError(elapsed, TimeUnit.NANOSECONDS, failure);
      listener.onFailure(key.platform(), key.endpoint(), failure.kind(), Duration.ofNanos(elapsed));
      throw failure;
    }
  }

  private <T> T invoke(CallKey key, Supplier<T> call, Duration timeout, Bulkhead bulkhead) {
    // Whoever moves the slot out of WAITING owns its release: the task when it starts the call,
    // which releases the slot when the call really ends (so abandoned calls keep their slot), or
    // the caller when it gives up before the task started (a cancelled task never runs).
    AtomicInteger slot = new AtomicInteger(WAITING);
    Future<T> future;
    try {
      future =
          callExecutor.submit(
              () -> {
                if (!slot.compareAndSet(WAITING, STARTED)) {
                  throw new CancellationException("call abandoned before it started");
                }
                try {
                  return call.get();
                } finally {
                  bulkhead.onComplete();
                }
              });
    } catch (RejectedExecutionException e) {
      bulkhead.onComplete();
      throw new MonitoringException(Kind.UNAVAILABLE, key.platform(), "engine is closed");
    }
    try {
      return awaitResult(key, future, timeout);
    } finally {
      if (slot.compareAndSet(WAITING, ABANDONED)) {
        future.cancel(false);
        bulkhead.onComplete();
      }
    }
  }

  private static <T> T awaitResult(CallKey key, Future<T> future, Duration timeout) {
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new MonitoringException(
          Kind.TIMEOUT,
          key.platform(),
          "call to " + key.endpoint() + " did not complete within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new MonitoringException(
          Kind.TIMEOUT, key.platform(), "call to " + key.endpoint() + " abandoned");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof MonitoringException failure) {
        throw failure;
      }
      throw new UnexpectedFailureException(key, cause);
    }
  }

  private void awaitRateLimit(CallKey key, Instant deadline) {
    // A wait must end before the deadline; a refused call reserves nothing.
    long maxWait = saturatedNanos(remaining(deadline)) - 1;
    PermitBucket.Reservation reservation = rateLimiter(key).reserve(maxWait);
    if (reservation.waitNanos() <= 0 && reservation.granted()) {
      return;
    }
    Duration wait = Duration.ofNanos(reservation.waitNanos());
    listener.onThrottle(key.platform(), key.endpoint(), wait);
    if (!reservation.granted()) {
      throw new RateLimitedException(key, wait);
    }
    sleep(key, wait);
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private void waitBeforeRetry(
      CallKey key, Instant deadline, MonitoringException failure, Duration delay, int nextAttempt) {
    if (delay.compareTo(remaining(deadline)) >= 0) {
      if (failure.retryAfter().isPresent()) {
        listener.onThrottle(key.platform(), key.endpoint(), delay);
        Duration hint = config.retryAfter(failure.retryAfter().get());
        throw new MonitoringException(
            Kind.THROTTLED,
            key.platform(),
            "platform asked to retry "
                + key.endpoint()
                + " after "
                + hint.toMillis()
                + " ms, past the run deadline",
            hint,
            failure);
      }
      throw failure;
    }
    if (failure.retryAfter().isPresent()) {
      listener.onThrottle(key.platform(), key.endpoint(), delay);
    }
    listener.onRetry(key.platform(), key.endpoint(), nextAttempt, delay);
    sleep(key, delay);
  }

  private void sleep(CallKey key, Duration wait) {
    try {
      time.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MonitoringException(
          Kind.TIMEOUT, key.platform(), "wait before calling " + key.endpoint() + " interrupted");
    }
  }

  private long interval(Integer attempt, Either<Throwable, Object> outcome) {
    if (outcome.isLeft()
        && outcome.getLeft() instanceof MonitoringException failure
        && failure.retryAfter().isPresent()) {
      return config.retryAfter(failure.retryAfter().get()).toMillis();
    }
    return config.backoff(attempt, random).toMillis();
  }

  private Duration remaining(Instant deadline) {
    Duration left = Duration.between(time.now(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }

  private PermitBucket rateLimiter(CallKey key) {
    return rateLimiters.computeIfAbsent(
        key,
        k -> {
          ResilienceConfig.RateLimit limit = config.rateLimit(k.platform());
          return new PermitBucket(limit.permits(), saturatedNanos(limit.period()), time::nanoTime);
        });
  }

  private CircuitBreaker circuitBreaker(CallKey key) {
    return circuitBreakers.computeIfAbsent(
        key.platform() + "/" + key.endpoint(),
        name -> CircuitBreaker.of(name, circuitBreakerConfig));
  }

  private Bulkhead bulkhead(String platform) {
    return bulkheads.computeIfAbsent(
        platform,
        p ->
            Bulkhead.of(
                p,
                BulkheadConfig.custom()
                    .maxConcurrentCalls(config.maxConcurrentCalls())
                    .maxWaitDuration(Duration.ZERO)
                    .build()));
  }

  private static boolean retryable(Throwable failure) {
    return failure instanceof MonitoringException m
        && m.kind().retryable()
        && !(m instanceof CircuitOpenException)
        && !(m instanceof RateLimitedException)
        && !(m instanceof UnexpectedFailureException);
  }

  private static boolean countsAgainstCircuit(Throwable failure) {
    return failure instanceof MonitoringException m
        && (m.kind() == Kind.UNAVAILABLE || m.kind() == Kind.TIMEOUT);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Clock clockOf(TimeSource time) {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return time.now();
      }
    };
  }

  static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** A call refused because its circuit is open; not retried within the run. */
  private static final class CircuitOpenException extends MonitoringException {
    private static final long serialVersionUID = 1L;

    CircuitOpenException(CallKey key) {
      super(
          Kind.UNAVAILABLE,
          key.platform(),
          "circuit for " + key.endpoint() + " is open after repeated failures");
    }
  }

  /** The engine's own rate limit would delay the call past the deadline; not retried. */
  private static final class RateLimitedException extends MonitoringException {
    private static final long serialVersionUID = 1L;

    RateLimitedException(CallKey key, Duration wait) {
      super(
          Kind.THROTTLED,
          key.platform(),
          "engine rate limit for " + key.endpoint() + " would delay the call past the run deadline",
          wait,
          null);
    }
  }

  /** A collector threw something other than MonitoringException: a bug, not retried. */
  private static final class UnexpectedFailureException extends MonitoringException {
    private static final long serialVersionUID = 1L;

    UnexpectedFailureException(CallKey key, Throwable cause) {
      super(
          Kind.UNAVAILABLE,
          key.platform(),
          "collector failed unexpectedly in " + key.endpoint() + ": " + cause,
          null,
          cause);
    }
  }
}
