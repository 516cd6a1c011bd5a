package io.topdeck.monitoring.core.engine;

import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted in-process collector: application metrics per resource from a function of the
 * requested range, scripted failures, errors, and a latch to block calls.
 */
public final class FakeCollector implements MetricsCollector {

  private final String platform;
  private final Map<String, Double> constants = new ConcurrentHashMap<>();
  private final Map<String, List<MonitoringException>> failures = new ConcurrentHashMap<>();
  private final Map<String, List<ErrorEvent>> errors = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> blocks = new ConcurrentHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Duration extend = Duration.ZERO;
  private volatile Set<Integer> missingSteps = Set.of();

  public FakeCollector(String platform) {
    this.platform = platform;
  }

  /** Serves {@code value} at every step of every range asked for {@code resourceId}. */
  public FakeCollector serveConstant(String resourceId, double value) {
    constants.put(resourceId, value);
    return this;
  }

  /** Widens every answer by {@code extra} on each side, as a platform with inclusive ends does. */
  public FakeCollector extendRanges(Duration extra) {
    this.extend = extra;
    return this;
  }

  /** Leaves out the steps with these indexes (0 is the range's first step). */
  public FakeCollector missingSteps(Set<Integer> indexes) {
    this.missingSteps = Set.copyOf(indexes);
    return this;
  }

  /** Makes the next calls for {@code resourceId} fail with {@code failure}, once each. */
  public FakeCollector failNext(String resourceId, MonitoringException... next) {
    failures
        .computeIfAbsent(resourceId, r -> new java.util.concurrent.CopyOnWriteArrayList<>())
        .addAll(List.of(next));
    return this;
  }

  /**
   * Makes calls for {@code resourceId} block until the latch opens (or the thread is interrupted).
   */
  public FakeCollector block(String resourceId, CountDownLatch latch) {
    blocks.put(resourceId, latch);
    return this;
  }

  /** Serves {@code events} as the errors of {@code resourceId}. */
  public FakeCollector serveErrors(String resourceId, List<ErrorEvent> events) {
    errors.put(resourceId, List.copyOf(events));
    return this;
  }

  /** Returns the calls made so far. */
  public int calls() {
    return calls.get();
  }

  @Override
  public String platform() {
    return platform;
  }

  @Override
  public Set<Signal> supportedSignals() {
    return EnumSet.of(Signal.APPLICATION, Signal.ERRORS);
  }

  @Override
  public List<ApplicationMetrics> applicationMetrics(
      ResourceRef resource, TimeRange range, Duration step) {
    enter(resource);
    Double value = constants.get(resource.id());
    List<ApplicationMetrics> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    Instant from = range.from().minus(extend);
    Instant to = range.to().plus(extend);
    int index = (int) -(extend.toNanos() / step.toNanos());
    for (Instant t = from; !t.isAfter(to); t = t.plus(step), index++) {
      boolean endExcluded = extend.isZero() && !t.isBefore(range.to());
      if (!endExcluded && !missingSteps.contains(index)) {
        out.add(
            new ApplicationMetrics(
                resource, t, value, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of()));
      }
    }
    return out;
  }

  @Override
  public List<ErrorEvent> errors(ResourceRef resource, TimeRange range) {
    enter(resource);
    return errors.getOrDefault(resource.id(), List.of());
  }

  private void enter(ResourceRef resource) {
    calls.incrementAndGet();
    CountDownLatch latch = blocks.get(resource.id());
    if (latch != null) {
      try {
        latch.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MonitoringException(MonitoringException.Kind.TIMEOUT, platform, "interrupted");
      }
    }
    List<MonitoringException> queue = failures.get(resource.id());
    if (queue != null && !queue.isEmpty()) {
      throw queue.remove(0);
    }
  }

  @Override
  public String toString() {
    return "FakeCollector[" + platform + "]";
  }
}
