package io.topdeck.monitoring.core.engine.schedule;

import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.engine.CollectionEngine;
import io.topdeck.monitoring.core.engine.CollectionPlan;
import io.topdeck.monitoring.core.engine.CollectionResult;
import io.topdeck.monitoring.core.engine.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects periodically in windows aligned to the period: {@code [k·period, (k+1)·period)}. Windows
 * are half-open and each platform's windows follow one another without gap or overlap, and the
 * engine keeps only points inside the window, so a point is delivered once however the platform
 * rounds its ranges.
 *
 * <p>A window is collected for a platform once its settle delay has passed after the window's end,
 * since the newest data of most platforms arrives late. Platforms due for the same window are
 * collected in one engine run. After a pause (or a slow run) the scheduler catches up window by
 * window, at most {@code maxWindowsPerPoll} per platform and poll, and over at most {@code
 * maxCatchUpWindows} windows: older ones are skipped, logged as a gap and handed to the {@link
 * Builder#skippedSink skipped-windows sink}, so that a forward jump of the clock does not set off a
 * day of windows back to back and the host still learns which range it lacks. The wait before the
 * next poll is at most one period, so that a backward jump of the clock does not stall the
 * scheduler. Polls start at the due time plus a random jitter, so that many hosts do not call a
 * platform at the same instant.
 *
 * <p>A window is collected once: a failure inside it is named in its report and the scheduler moves
 * on; it does not re-collect the window. When a whole poll fails (the engine throws, for instance
 * because it was closed), the background thread logs it and tries again one period later. A sink
 * that throws is logged and the window counts as delivered, so sinks handle their own storage
 * failures.
 */
public final class CollectionScheduler implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(CollectionScheduler.class);

  private final CollectionEngine engine;
  private final CollectionPlan plan;
  private final Consumer<WindowResult> sink;
  private final Consumer<SkippedWindows> skippedSink;
  private final Duration period;
  private final Duration step;
  private final Duration defaultSettle;
  private final Map<String, Duration> settle;
  private final Duration jitter;
  private final TimeSource time;
  private final RandomGenerator random;
  private final int maxWindowsPerPoll;
  private final int maxCatchUpWindows;
  private final Map<String, Instant> cursors = new HashMap<>();
  private final Object pollLock = new Object();
  private volatile boolean closed;
  private ScheduledThreadPoolExecutor executor;

  private CollectionScheduler(Builder b) {
    this.engine = b.engine;
    this.plan = b.plan;
    this.sink = b.sink;
    this.skippedSink = b.skippedSink;
    this.period = Objects.requireNonNull(b.period, "period must be set");
    this.step = b.step == null ? b.period : b.step;
    this.defaultSettle = b.defaultSettle;
    this.settle = Map.copyOf(b.settle);
    this.jitter = b.jitter;
    this.time = b.time;
    this.random = b.random;
    this.maxWindowsPerPoll = b.maxWindowsPerPoll;
    this.maxCatchUpWindows = b.maxCatchUpWindows;
    Instant first = b.firstWindow == null ? align(time.now()).minus(period) : align(b.firstWindow);
    plan.platforms().forEach(p -> cursors.put(p, first));
  }

  /**
   * Returns a builder.
   *
   * @param engine the engine that collects each window
   * @param plan what to collect
   * @param sink receives each window's result, on the scheduler's thread
   */
  public static Builder builder(
      CollectionEngine engine, CollectionPlan plan, Consumer<WindowResult> sink) {
    return new Builder(engine, plan, sink);
  }

  /**
   * Collects every window that is due now, oldest first, hands each result to the sink, and returns
   * them. Polls never run concurrently.
   */
  public List<WindowResult> pollDue() {
    synchronized (pollLock) {
      Instant now = time.now();
      TreeMap<Instant, Set<String>> due = new TreeMap<>();
      for (Map.Entry<String, Instant> cursor : cursors.entrySet()) {
        Instant start = skipPastCatchUpLimit(cursor.getKey(), cursor.getValue(), now);
        cursor.setValue(start);
        for (int n = 0; n < maxWindowsPerPoll && isDue(cursor.getKey(), start, now); n++) {
          due.computeIfAbsent(start, s -> new LinkedHashSet<>()).add(cursor.getKey());
          start = start.plus(period);
        }
      }
      List<WindowResult> delivered = new ArrayList<>();
      for (Map.Entry<Instant, Set<String>> window : due.entrySet()) {
        if (closed) {
          break;
        }
        TimeRange range = TimeRange.of(window.getKey(), period);
        CollectionResult result = engine.collect(plan.restrictedTo(window.getValue()), range, step);
        WindowResult windowResult = new WindowResult(range, window.getValue(), result);
        window.getValue().forEach(p -> cursors.put(p, range.to()));
        deliver(windowResult);
        delivered.add(windowResult);
      }
      return delivered;
    }
  }

  /** Starts polling on a background thread, each poll at its due time plus jitter. */
  public synchronized void start() {
    if (executor != null || closed) {
      throw new IllegalStateException("scheduler already started or closed");
    }
    executor = new ScheduledThreadPoolExecutor(1, CollectionScheduler::daemon);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    scheduleNext();
  }

  /**
   * Returns how long to wait before the next poll: until the earliest window is due (zero if one is
   * due already), plus a random jitter of up to the configured maximum.
   */
  public Duration nextDelay() {
    Instant now = time.now();
    Instant earliest = null;
    for (Map.Entry<String, Instant> cursor : cursors.entrySet()) {
      Instant due = cursor.getValue().plus(period).plus(settleOf(cursor.getKey()));
      earliest = earliest == null || due.isBefore(earliest) ? due : earliest;
    }
    Duration wait = earliest == null ? period : Duration.between(now, earliest);
    if (wait.isNegative()) {
      wait = Duration.ZERO;
    }
    // After the clock jumped backwards the due time can be far ahead; looking again after a period
    // follows the wall clock instead of sleeping through the jump.
    if (wait.compareTo(period) > 0) {
      wait = period;
    }
    long jitterNanos = jitter.isZero() ? 0 : (long) (random.nextDouble() * jitter.toNanos());
    return wait.plusNanos(jitterNanos);
  }

  /**
   * Stops polling and waits up to {@code grace} for a poll in progress to finish; after that, the
   * poll is interrupted, its unfinished calls are abandoned and reported as {@code TIMEOUT}.
   *
   * @return whether the poll in progress (if any) finished within {@code grace}
   */
  public boolean shutdown(Duration grace) {
    closed = true;
    ScheduledThreadPoolExecutor running;
    synchronized (this) {
      running = executor;
    }
    if (running == null) {
      return true;
    }
    running.shutdown();
    try {
      if (running.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)) {
        return true;
      }
      running.shutdownNow();
      running.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS);
      return false;
    } catch (InterruptedException e) {
      running.shutdownNow();
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops polling, waiting up to 10 s for a poll in progress. */
  @Override
  public void close() {
    shutdown(Duration.ofSeconds(10));
  }

  private void scheduleNext() {
    scheduleAfter(nextDelay());
  }

  private void scheduleAfter(Duration delay) {
    if (closed) {
      return;
    }
    try {
      executor.schedule(this::tick, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      logger.debug("Scheduler stopped; no further polls");
    }
  }

  private void tick() {
    Duration delay = period;
    try {
      delay = pollOnce();
    } finally {
      scheduleAfter(delay);
    }
  }

  /**
   * Polls once and returns the delay before the next poll. When the poll fails (the engine was
   * closed, say) its windows stay due and the next try comes one period later, so that a lasting
   * failure is retried at the period's pace instead of in a busy loop.
   */
  Duration pollOnce() {
    try {
      pollDue();
      return nextDelay();
    } catch (RuntimeException e) {
      logger.warn("Collection poll failed; retrying in {}: {}", period, engine.masker().message(e));
      return period;
    }
  }

  private void reportSkipped(SkippedWindows skipped) {
    try {
      skippedSink.accept(skipped);
    } catch (RuntimeException e) {
      logger.warn(
          "Skipped-windows sink failed for {} of {}: {}",
          skipped.range(),
          skipped.platform(),
          engine.masker().message(e));
    }
  }

  private void deliver(WindowResult result) {
    try {
      sink.accept(result);
    } catch (RuntimeException e) {
      logger.warn(
          "Sink failed for window {}; the window is not collected again: {}",
          result.window(),
          engine.masker().message(e));
    }
  }

  /**
   * Returns where {@code platform}'s cursor resumes: at {@code start}; when more than {@code
   * maxCatchUpWindows} windows are due (a long pause or a forward clock jump), at the oldest of the
   * newest {@code maxCatchUpWindows}, the windows skipped logged and reported as a gap; when the
   * cursor is more than a period ahead of the clock (the clock went back), at the window the clock
   * reaches next.
   */
  private Instant skipPastCatchUpLimit(String platform, Instant start, Instant now) {
    Instant newestEnd = now.minus(settleOf(platform));
    Instant nextStart = align(newestEnd);
    if (start.isAfter(nextStart.plus(period))) {
      // The clock went back by more than a period: windows ahead of it were collected early (and
      // found mostly empty), so the cursor returns to the clock rather than waiting for it.
      logger.warn(
          "Clock went back: {} resumes at {} instead of {}; windows in between are collected again",
          platform,
          nextStart,
          start);
      return nextStart;
    }
    if (!start.plus(period).isBefore(newestEnd)) {
      return start;
    }
    long due = Duration.between(start, newestEnd).toMillis() / period.toMillis();
    if (due <= maxCatchUpWindows) {
      return start;
    }
    Instant resume = start.plus(period.multipliedBy(due - maxCatchUpWindows));
    logger.warn(
        "Skipping windows [{}, {}) of {}: {} windows were due, more than the catch-up limit of {}",
        start,
        resume,
        platform,
        due,
        maxCatchUpWindows);
    reportSkipped(
        new SkippedWindows(platform, new TimeRange(start, resume), due - maxCatchUpWindows));
    return resume;
  }

  private boolean isDue(String platform, Instant windowStart, Instant now) {
    return !windowStart.plus(period).plus(settleOf(platform)).isAfter(now);
  }

  private Duration settleOf(String platform) {
    return settle.getOrDefault(platform, defaultSettle);
  }

  private Instant align(Instant instant) {
    long periodMillis = period.toMillis();
    long millis = instant.toEpochMilli();
    return Instant.ofEpochMilli(millis - Math.floorMod(millis, periodMillis));
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "topdeck-scheduler");
    thread.setDaemon(true);
    return thread;
  }

  /** Builds a {@link CollectionScheduler}. */
  public static final class Builder {

    private final CollectionEngine engine;
    private final CollectionPlan plan;
    private final Consumer<WindowResult> sink;
    private Consumer<SkippedWindows> skippedSink = skipped -> {};
    private Duration period;
    private Duration step;
    private Duration defaultSettle = Duration.ZERO;
    private final Map<String, Duration> settle = new HashMap<>();
    private Duration jitter = Duration.ZERO;
    private TimeSource time = TimeSource.system();
    private RandomGenerator random = new SplittableRandom();
    private int maxWindowsPerPoll = 10;
    private int maxCatchUpWindows = 60;
    private Instant firstWindow;

    private Builder(CollectionEngine engine, CollectionPlan plan, Consumer<WindowResult> sink) {
      this.engine = Objects.requireNonNull(engine, "engine");
      this.plan = Objects.requireNonNull(plan, "plan");
      this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Sets the window length, a whole number of milliseconds; required. */
    public Builder period(Duration period) {
      Objects.requireNonNull(period, "period");
      if (period.toMillis() < 1 || period.toNanos() % 1_000_000 != 0) {
        throw new IllegalArgumentException(
            "period must be a positive whole number of milliseconds, but was " + period);
      }
      this.period = period;
      return this;
    }

    /** Sets the step collected within each window; default the period. */
    public Builder step(Duration step) {
      this.step = Objects.requireNonNull(step, "step");
      return this;
    }

    /** Sets how long after a window's end every platform without its own delay waits. */
    public Builder settleDelay(Duration delay) {
      this.defaultSettle = nonNegative(delay, "settleDelay");
      return this;
    }

    /** Sets how long after a window's end {@code platform}'s data is complete enough to collect. */
    public Builder settleDelay(String platform, Duration delay) {
      settle.put(Objects.requireNonNull(platform, "platform"), nonNegative(delay, "settleDelay"));
      return this;
    }

    /** Sets the largest random delay added to each poll's start; default none. */
    public Builder jitter(Duration jitter) {
      this.jitter = nonNegative(jitter, "jitter");
      return this;
    }

    /** Sets the time source; tests pass a fake one. */
    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** Sets the source of jitter; tests pass a seeded one. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** Sets the most windows collected per platform in one poll when catching up; default 10. */
    public Builder maxWindowsPerPoll(int windows) {
      if (windows < 1) {
        throw new IllegalArgumentException(
            "maxWindowsPerPoll must be at least 1, but was " + windows);
      }
      this.maxWindowsPerPoll = windows;
      return this;
    }

    /**
     * Sets the most windows per platform the scheduler catches up after a pause or a forward jump
     * of the clock; older due windows are skipped and logged as a gap. Default 60.
     */
    public Builder maxCatchUpWindows(int windows) {
      if (windows < 1) {
        throw new IllegalArgumentException(
            "maxCatchUpWindows must be at least 1, but was " + windows);
      }
      this.maxCatchUpWindows = windows;
      return this;
    }

    /**
     * Sets what receives the windows skipped past the catch-up limit, on the scheduler's thread,
     * once per platform and gap; default nothing beyond the warning logged. A sink that throws is
     * logged and the scheduler goes on.
     */
    public Builder skippedSink(Consumer<SkippedWindows> sink) {
      this.skippedSink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Sets the first window's start (aligned down to the period); default the window that ended at
     * the last period boundary before now.
     */
    public Builder firstWindow(Instant start) {
      this.firstWindow = Objects.requireNonNull(start, "start");
      return this;
    }

    /**
     * Returns the scheduler; it polls only once {@link #start()}ed or asked to {@link #pollDue()}.
     */
    public CollectionScheduler build() {
      return new CollectionScheduler(this);
    }

    private static Duration nonNegative(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, but was " + value);
      }
      return value;
    }
  }
}
