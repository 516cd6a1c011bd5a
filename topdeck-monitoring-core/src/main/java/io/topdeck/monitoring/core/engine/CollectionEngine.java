package io.topdeck.monitoring.core.engine;

import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.Masker;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.MonitoringException.Kind;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.engine.CollectionReport.Failure;
import io.topdeck.monitoring.core.engine.CollectionReport.Outcome;
import io.topdeck.monitoring.core.engine.CollectionReport.Status;
import io.topdeck.monitoring.core.engine.cache.QueryCache;
import io.topdeck.monitoring.core.engine.resilience.CallKey;
import io.topdeck.monitoring.core.engine.resilience.Resilience;
import io.topdeck.monitoring.core.engine.resilience.ResilienceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point for collecting: given a {@link CollectionPlan}, a range and a step, it calls
 * every platform in parallel (at most {@link ResilienceConfig#maxConcurrentCalls()} calls per
 * platform), guards each call with {@link Resilience}, answers repeated queries from an optional
 * {@link QueryCache}, merges the results per resource, and returns them with a {@link
 * CollectionReport}.
 *
 * <p>A run never throws for a platform failure: one platform failing never fails the others, and
 * each failure is named in the report. A run returns by its deadline; calls still running then are
 * abandoned (interrupted) and reported as {@code TIMEOUT}. Only data inside the half-open range is
 * kept. Signals a collector does not support are left out of the run and the report.
 *
 * <p>The engine does not own the collectors: {@link #close()} stops the engine's threads, and the
 * host closes its collectors.
 */
public final class CollectionEngine implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(CollectionEngine.class);

  private final Map<String, MetricsCollector> collectors;
  private final Map<String, ExecutorService> executors = new LinkedHashMap<>();
  private final Resilience resilience;
  private final QueryCache cache;
  private final Masker masker;
  private final TimeSource time;
  private final Duration runDeadline;
  private final String accountAttribute;

  private CollectionEngine(Builder b) {
    this.collectors = Map.copyOf(b.collectors);
    this.time = b.time;
    this.masker = b.masker;
    this.cache = b.cache;
    this.runDeadline = b.runDeadline;
    this.accountAttribute = b.accountAttribute;
    this.resilience =
        new Resilience(b.resilience, b.time, b.random, EngineListener.composite(b.listener));
    for (String platform : b.collectors.keySet()) {
      executors.put(
          platform,
          Executors.newFixedThreadPool(
              b.resilience.maxConcurrentCalls(), daemonThreads("topdeck-engine-" + platform)));
    }
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the ids of the platforms this engine has collectors for. */
  public Set<String> platforms() {
    return collectors.keySet();
  }

  /** Returns the masker of every message the engine logs or reports. */
  public Masker masker() {
    return masker;
  }

  /** Returns the resilience guard, for its circuit states. */
  public Resilience resilience() {
    return resilience;
  }

  /**
   * Collects {@code range} at {@code step} for every entry of {@code plan}. When a collector fails
   * to tell which signals it supports, each of its entries is reported {@code FAILED} with kind
   * {@code UNAVAILABLE} and the other platforms are collected as usual.
   *
   * @throws IllegalArgumentException if the plan names a platform this engine has no collector for
   */
  public CollectionResult collect(CollectionPlan plan, TimeRange range, Duration step) {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(step, "step");
    if (step.isNegative() || step.isZero()) {
      throw new IllegalArgumentException("step must be positive, but was " + step);
    }
    List<String> unknown =
        plan.platforms().stream().filter(p -> !collectors.containsKey(p)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "no collector for platforms " + unknown + "; known: " + collectors.keySet());
    }
    long started = time.nanoTime();
    Instant deadline = time.now().plus(runDeadline);
    Aggregator aggregator = new Aggregator(range);
    List<Task> tasks = submit(plan, range, step, deadline, aggregator);
    List<Outcome> outcomes = new ArrayList<>(tasks.size());
    boolean interrupted = false;
    for (Task task : tasks) {
      Optional<List<?>> items = Optional.empty();
      Failure failure;
      try {
        long waitNanos = interrupted ? 0 : Math.max(0, remainingNanos(deadline));
        items = Optional.of(task.future.get(waitNanos, TimeUnit.NANOSECONDS));
        failure = null;
      } catch (TimeoutException e) {
        task.future.cancel(true);
        failure =
            new Failure(
                Kind.TIMEOUT,
                interrupted
                    ? "run interrupted before the call finished"
                    : "run deadline of "
                        + runDeadline.toMillis()
                        + " ms reached before the call finished",
                Optional.empty());
      } catch (InterruptedException e) {
        interrupted = true;
        task.future.cancel(true);
        failure = new Failure(Kind.TIMEOUT, "run interrupted", Optional.empty());
      } catch (ExecutionException e) {
        failure = failureOf(e.getCause());
      }
      if (items.isPresent()) {
        aggregator.add(task.resource, task.signal, items.get());
        outcomes.add(outcome(task, items.get(), range, step));
      } else {
        outcomes.add(
            new Outcome(
                task.platform,
                task.resource.id(),
                task.signal,
                Status.FAILED,
                0,
                Optional.of(failure)));
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    CollectionReport report =
        new CollectionReport(range, step, outcomes, Duration.ofNanos(time.nanoTime() - started));
    logSummary(report);
    return new CollectionResult(aggregator.result(), report);
  }

  /** Stops the engine's threads, interrupting calls still running. Collectors stay open. */
  @Override
  public void close() {
    executors.values().forEach(ExecutorService::shutdownNow);
    resilience.close();
  }

  private List<Task> submit(
      CollectionPlan plan,
      TimeRange range,
      Duration step,
      Instant deadline,
      Aggregator aggregator) {
    List<Task> tasks = new ArrayList<>();
    for (CollectionPlan.Entry entry : plan.entries()) {
      aggregator.register(entry.resource());
      MetricsCollector collector = collectors.get(entry.platform());
      for (Signal signal : EnumSet.copyOf(entry.signals())) {
        boolean supported;
        try {
          supported = collector.supports(signal);
        } catch (RuntimeException | LinkageError | AssertionError e) {
          // A broken collector fails its own entries only; the other platforms are still collected.
          tasks.add(
              new Task(
                  entry.platform(),
                  entry.resource(),
                  signal,
                  CompletableFuture.failedFuture(
                      new MonitoringException(
                          Kind.UNAVAILABLE,
                          entry.platform(),
                          "collector failed to list its supported signals: "
                              + masker.message(e)))));
          continue;
        }
        if (!supported) {
          continue;
        }
        Future<List<?>> future;
        try {
          future =
              executors
                  .get(entry.platform())
                  .submit(() -> fetch(collector, entry.resource(), signal, range, step, deadline));
        } catch (RejectedExecutionException e) {
          throw new IllegalStateException("collection engine is closed", e);
        }
        tasks.add(new Task(entry.platform(), entry.resource(), signal, future));
      }
    }
    return tasks;
  }

  private List<?> fetch(
      MetricsCollector collector,
      ResourceRef resource,
      Signal signal,
      TimeRange range,
      Duration step,
      Instant deadline) {
    String platform = collector.platform();
    CallKey key = new CallKey(platform, account(resource), endpoint(signal));
    java.util.function.Supplier<List<?>> guarded =
        () -> resilience.call(key, deadline, () -> read(collector, resource, signal, range, step));
    List<?> items =
        cache == null
            ? guarded.get()
            : cache.get(
                new QueryCache.Query(
                    platform, signal, resource, range, isMetric(signal) ? step : Duration.ZERO),
                guarded);
    List<?> kept = Aggregator.inRange(signal, items, range);
    // Masked here, on the call's thread, so that the run deadline bounds the cost of masking too.
    return signal == Signal.ERRORS ? kept.stream().map(e -> masked((ErrorEvent) e)).toList() : kept;
  }

  private ErrorEvent masked(ErrorEvent e) {
    String message = masker.mask(e.message());
    String stackTrace = masker.mask(e.stackTrace());
    if (message.equals(e.message()) && stackTrace.equals(e.stackTrace())) {
      return e;
    }
    return new ErrorEvent(
        e.id(),
        e.platform(),
        e.resourceId(),
        e.timestamp(),
        e.exceptionType(),
        message,
        stackTrace,
        e.correlationId(),
        e.count(),
        e.usersAffected(),
        e.attributes());
  }

  private static List<?> read(
      MetricsCollector collector,
      ResourceRef resource,
      Signal signal,
      TimeRange range,
      Duration step) {
    List<?> items =
        switch (signal) {
          case APPLICATION -> collector.applicationMetrics(resource, range, step);
          case DATABASE -> collector.databaseMetrics(resource, range, step);
          case INFRASTRUCTURE -> collector.infrastructureMetrics(resource, range, step);
          case ERRORS -> collector.errors(resource, range);
          case TRACES -> collector.traces(resource, range);
          case CHANGES -> collector.changes(resource, range);
        };
    if (items == null) {
      throw new MonitoringException(
          Kind.MALFORMED_RESPONSE,
          collector.platform(),
          "collector returned no list for " + signal);
    }
    for (Object item : items) {
      if (item == null) {
        throw new MonitoringException(
            Kind.MALFORMED_RESPONSE,
            collector.platform(),
            "collector returned a null item for " + signal);
      }
    }
    return items;
  }

  private Outcome outcome(Task task, List<?> items, TimeRange range, Duration step) {
    if (!isMetric(task.signal)) {
      return new Outcome(
          task.platform, task.resource.id(), task.signal, Status.COMPLETE, 1, Optional.empty());
    }
    long expected = expectedSteps(range, step);
    long present = Math.min(expected, Aggregator.stepsHit(task.signal, items, range, step));
    Status status = present >= expected ? Status.COMPLETE : Status.PARTIAL;
    return new Outcome(
        task.platform,
        task.resource.id(),
        task.signal,
        status,
        (double) present / expected,
        Optional.empty());
  }

  /** Returns the number of steps of {@code step} that start in {@code range}. */
  static long expectedSteps(TimeRange range, Duration step) {
    long rangeNanos = range.duration().toNanos();
    long stepNanos = step.toNanos();
    return Math.max(1, (rangeNanos + stepNanos - 1) / stepNanos);
  }

  private Failure failureOf(Throwable cause) {
    if (cause instanceof MonitoringException failure) {
      return new Failure(failure.kind(), masker.message(failure), failure.retryAfter());
    }
    // Resilience wraps collector exceptions; anything else is the engine's own bug.
    return new Failure(
        Kind.UNAVAILABLE, "engine failed: " + masker.message(cause), Optional.empty());
  }

  private void logSummary(CollectionReport report) {
    List<Outcome> failures = report.failures();
    if (failures.isEmpty()) {
      return;
    }
    logger.warn(
        "Collection of {} finished with {} of {} outcomes failed",
        report.range(),
        failures.size(),
        report.outcomes().size());
    if (logger.isDebugEnabled()) {
      for (Outcome o : failures) {
        Failure f = o.failure().orElseThrow();
        logger.debug(
            "Failed {} {} {}: {} {}",
            o.platform(),
            o.resourceId(),
            o.signal(),
            f.kind(),
            f.message());
      }
    }
  }

  private long remainingNanos(Instant deadline) {
    Duration left = Duration.between(time.now(), deadline);
    return left.isNegative() ? 0 : left.toNanos();
  }

  private String account(ResourceRef resource) {
    String account = resource.attribute(accountAttribute);
    return account == null ? "" : account;
  }

  private static String endpoint(Signal signal) {
    return signal.name().toLowerCase(Locale.ROOT);
  }

  private static boolean isMetric(Signal signal) {
    return signal == Signal.APPLICATION
        || signal == Signal.DATABASE
        || signal == Signal.INFRASTRUCTURE;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** One submitted (platform, resource, signal) call. */
  private record Task(
      String platform, ResourceRef resource, Signal signal, Future<List<?>> future) {}

  /** Builds a {@link CollectionEngine}. */
  public static final class Builder {

    private final Map<String, MetricsCollector> collectors = new LinkedHashMap<>();
    private ResilienceConfig resilience = ResilienceConfig.defaults();
    private Duration runDeadline = Duration.ofSeconds(60);
    private QueryCache cache;
    private EngineListener listener = EngineListener.noop();
    private Masker masker = Masker.defaults();
    private TimeSource time = TimeSource.system();
    private RandomGenerator random = new SplittableRandom();
    private String accountAttribute = "account";

    private Builder() {}

    /** Adds a collector, keyed by its {@link MetricsCollector#platform()}. */
    public Builder collector(MetricsCollector collector) {
      Objects.requireNonNull(collector, "collector");
      if (collectors.putIfAbsent(collector.platform(), collector) != null) {
        throw new IllegalArgumentException("two collectors for platform " + collector.platform());
      }
      return this;
    }

    /** Adds collectors, each keyed by its platform id. */
    public Builder collectors(Collection<? extends MetricsCollector> all) {
      all.forEach(this::collector);
      return this;
    }

    /** Sets timeouts, retries, rate limits, circuit breakers and concurrency. */
    public Builder resilience(ResilienceConfig config) {
      this.resilience = Objects.requireNonNull(config, "config");
      return this;
    }

    /** Sets how long one run may take; default 60 s. */
    public Builder runDeadline(Duration deadline) {
      Objects.requireNonNull(deadline, "deadline");
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("runDeadline must be positive, but was " + deadline);
      }
      this.runDeadline = deadline;
      return this;
    }

    /**
     * Sets the cache consulted before any rate limit or platform call; none by default. Its hits
     * and misses go to the listener given to {@link QueryCache.Builder#listener}.
     */
    public Builder cache(QueryCache cache) {
      this.cache = Objects.requireNonNull(cache, "cache");
      return this;
    }

    /** Sets the listener of the engine's own measurements. */
    public Builder listener(EngineListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Sets the masker of failure messages and of platforms' error messages and stack traces. */
    public Builder masker(Masker masker) {
      this.masker = Objects.requireNonNull(masker, "masker");
      return this;
    }

    /** Sets the time source; tests pass a fake one. */
    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** Sets the source of backoff jitter; tests pass a seeded one. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Sets the resource attribute naming the account (subscription, project) a call is billed to,
     * which keys the rate limit with the platform and endpoint; default {@code account}.
     */
    public Builder accountAttribute(String attribute) {
      this.accountAttribute = Objects.requireNonNull(attribute, "attribute");
      return this;
    }

    /** Returns the engine; it starts its threads now. */
    public CollectionEngine build() {
      return new CollectionEngine(this);
    }
  }
}
