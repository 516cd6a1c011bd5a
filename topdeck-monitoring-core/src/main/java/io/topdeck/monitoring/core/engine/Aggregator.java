package io.topdeck.monitoring.core.engine;

import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.DatabaseMetrics;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.InfrastructureMetrics;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.api.TraceSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * Merges what the platforms returned into one {@link ResourceData} per resource. Results are added
 * in plan order, so the first platform of the plan wins where two report the same figure of the
 * same step; a figure one platform left {@code NaN} is taken from the next. Not thread-safe: one
 * instance per run, fed by the run's thread.
 */
final class Aggregator {

  private final TimeRange range;
  private final Map<String, Parts> byResource = new LinkedHashMap<>();

  Aggregator(TimeRange range) {
    this.range = range;
  }

  /** Registers {@code resource}, so that it appears in the result even with no data. */
  void register(ResourceRef resource) {
    byResource.computeIfAbsent(resource.id(), id -> new Parts(resource));
  }

  /** Adds what one platform returned for one signal of {@code resource}, already in range. */
  void add(ResourceRef resource, Signal signal, List<?> items) {
    Parts parts = byResource.computeIfAbsent(resource.id(), id -> new Parts(resource));
    switch (signal) {
      case APPLICATION ->
          mergeSteps(
              parts.application,
              items,
              ApplicationMetrics.class,
              ApplicationMetrics::timestamp,
              Aggregator::merge);
      case DATABASE ->
          mergeSteps(
              parts.database,
              items,
              DatabaseMetrics.class,
              DatabaseMetrics::timestamp,
              Aggregator::merge);
      case INFRASTRUCTURE ->
          mergeSteps(
              parts.infrastructure,
              items,
              InfrastructureMetrics.class,
              InfrastructureMetrics::timestamp,
              Aggregator::merge);
      case ERRORS ->
          items.stream()
              .map(ErrorEvent.class::cast)
              .forEach(e -> parts.errors.putIfAbsent(e.platform() + "\u0000" + e.id(), e));
      case TRACES ->
          items.stream()
              .map(TraceSpan.class::cast)
              .forEach(s -> parts.traces.putIfAbsent(s.traceId() + "\u0000" + s.spanId(), s));
      case CHANGES ->
          items.stream()
              .map(ChangeEvent.class::cast)
              .forEach(c -> parts.changes.putIfAbsent(c.id(), c));
    }
  }

  /** Returns the merged data per resource id, in plan order. */
  Map<String, ResourceData> result() {
    Map<String, ResourceData> result = new LinkedHashMap<>();
    byResource.forEach((id, parts) -> result.put(id, parts.toData()));
    return result;
  }

  /**
   * Returns the items of {@code signal} that lie in {@code range}: a collector may return a point
   * at the range's end (an inclusive end) or before its start, and keeping only {@code [from, to)}
   * is what makes consecutive windows never count a point twice.
   */
  static List<?> inRange(Signal signal, List<?> items, TimeRange range) {
    boolean allIn = true;
    for (Object item : items) {
      if (!range.contains(timestamp(signal, item))) {
        allIn = false;
        break;
      }
    }
    if (allIn) {
      return items;
    }
    List<Object> kept = new ArrayList<>(items.size());
    for (Object item : items) {
      if (range.contains(timestamp(signal, item))) {
        kept.add(item);
      }
    }
    return kept;
  }

  /** Returns how many distinct step timestamps {@code items} cover. */
  /**
   * Returns how many steps of {@code range} hold at least one of {@code items}: a point counts for
   * the step {@code floor((t - from) / step)} it falls in, so that many points inside one step
   * count once and points outside the range count for none.
   */
  static long stepsHit(Signal signal, List<?> items, TimeRange range, Duration step) {
    long stepNanos = step.toNanos();
    return items.stream()
        .map(item -> timestamp(signal, item))
        .filter(t -> !t.isBefore(range.from()) && t.isBefore(range.to()))
        .mapToLong(t -> Duration.between(range.from(), t).toNanos() / stepNanos)
        .distinct()
        .count();
  }

  static Instant timestamp(Signal signal, Object item) {
    return switch (signal) {
      case APPLICATION -> ((ApplicationMetrics) item).timestamp();
      case DATABASE -> ((DatabaseMetrics) item).timestamp();
      case INFRASTRUCTURE -> ((InfrastructureMetrics) item).timestamp();
      case ERRORS -> ((ErrorEvent) item).timestamp();
      case TRACES -> ((TraceSpan) item).start();
      case CHANGES -> ((ChangeEvent) item).time();
    };
  }

  private static <T> void mergeSteps(
      TreeMap<Instant, T> steps,
      List<?> items,
      Class<T> type,
      Function<T, Instant> timestamp,
      BinaryOperator<T> merge) {
    for (Object item : items) {
      T value = type.cast(item);
      steps.merge(timestamp.apply(value), value, merge);
    }
  }

  private static double pick(double first, double second) {
    return Double.isNaN(first) ? second : first;
  }

  static ApplicationMetrics merge(ApplicationMetrics a, ApplicationMetrics b) {
    boolean codesKept = a.statusCodeRates().keySet().containsAll(b.statusCodeRates().keySet());
    if (codesKept
        && !Double.isNaN(a.requestRate())
        && !Double.isNaN(a.errorRate())
        && !Double.isNaN(a.averageResponseTimeMs())
        && !Double.isNaN(a.p95ResponseTimeMs())
        && !Double.isNaN(a.p99ResponseTimeMs())) {
      return a;
    }
    Map<String, Double> codes = a.statusCodeRates();
    if (!codesKept) {
      codes = new HashMap<>(b.statusCodeRates());
      codes.putAll(a.statusCodeRates());
    }
    return new ApplicationMetrics(
        a.resource(),
        a.timestamp(),
        pick(a.requestRate(), b.requestRate()),
        pick(a.errorRate(), b.errorRate()),
        pick(a.averageResponseTimeMs(), b.averageResponseTimeMs()),
        pick(a.p95ResponseTimeMs(), b.p95ResponseTimeMs()),
        pick(a.p99ResponseTimeMs(), b.p99ResponseTimeMs()),
        codes);
  }

  static DatabaseMetrics merge(DatabaseMetrics a, DatabaseMetrics b) {
    return new DatabaseMetrics(
        a.resource(),
        a.timestamp(),
        pick(a.queriesPerSecond(), b.queriesPerSecond()),
        pick(a.averageQueryTimeMs(), b.averageQueryTimeMs()),
        pick(a.slowQueriesPerSecond(), b.slowQueriesPerSecond()),
        pick(a.deadlocks(), b.deadlocks()),
        pick(a.timeouts(), b.timeouts()),
        pick(a.lockWaitTimeMs(), b.lockWaitTimeMs()),
        pick(a.connectionPoolUsage(), b.connectionPoolUsage()),
        pick(a.cpuPercent(), b.cpuPercent()),
        pick(a.storagePercent(), b.storagePercent()));
  }

  static InfrastructureMetrics merge(InfrastructureMetrics a, InfrastructureMetrics b) {
    return new InfrastructureMetrics(
        a.resource(),
        a.timestamp(),
        pick(a.cpuPercent(), b.cpuPercent()),
        pick(a.memoryUsedBytes(), b.memoryUsedBytes()),
        pick(a.memoryPercent(), b.memoryPercent()),
        pick(a.networkInBytesPerSec(), b.networkInBytesPerSec()),
        pick(a.networkOutBytesPerSec(), b.networkOutBytesPerSec()),
        pick(a.diskReadBytesPerSec(), b.diskReadBytesPerSec()),
        pick(a.diskWriteBytesPerSec(), b.diskWriteBytesPerSec()),
        pick(a.containerRestarts(), b.containerRestarts()));
  }

  /** The data of one resource being merged. */
  private static final class Parts {
    final ResourceRef resource;
    final TreeMap<Instant, ApplicationMetrics> application = new TreeMap<>();
    final TreeMap<Instant, DatabaseMetrics> database = new TreeMap<>();
    final TreeMap<Instant, InfrastructureMetrics> infrastructure = new TreeMap<>();
    final Map<String, ErrorEvent> errors = new LinkedHashMap<>();
    final Map<String, TraceSpan> traces = new LinkedHashMap<>();
    final Map<String, ChangeEvent> changes = new LinkedHashMap<>();

    Parts(ResourceRef resource) {
      this.resource = resource;
    }

    ResourceData toData() {
      return new ResourceData(
          resource,
          new ArrayList<>(application.values()),
          new ArrayList<>(database.values()),
          new ArrayList<>(infrastructure.values()),
          sorted(errors.values(), Comparator.comparing(ErrorEvent::timestamp)),
          sorted(traces.values(), Comparator.comparing(TraceSpan::start)),
          sorted(changes.values(), Comparator.comparing(ChangeEvent::time)));
    }

    private static <T> List<T> sorted(java.util.Collection<T> values, Comparator<T> order) {
      List<T> list = new ArrayList<>(values);
      list.sort(order);
      return list;
    }
  }
}
