package io.topdeck.monitoring.core.inmemory;

import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.DatabaseMetrics;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.InfrastructureMetrics;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.api.TraceSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads an {@link InMemoryPlatform}. Metric values are sampled at the step-aligned timestamps of
 * the half-open range (multiples of the step since the epoch), and computed from (seed, resource,
 * metric, timestamp) alone: two calls return the same figures, and a range split in two returns the
 * same points as the whole. Fields that are not scripted are {@code NaN}; a step where every
 * scripted field is missing is left out. Safe for use by several threads.
 *
 * @since 0.1.0
 */
public final class InMemoryCollector implements MetricsCollector {

  /** The most points one metric call may return; more fails as a bad query. */
  public static final int MAX_POINTS_PER_CALL = 1_000_000;

  private static final Duration MAX_STEP = Duration.ofMillis(Long.MAX_VALUE);
  private static final Instant MIN_MILLIS_INSTANT = Instant.ofEpochMilli(Long.MIN_VALUE);
  private static final Instant MAX_MILLIS_INSTANT = Instant.ofEpochMilli(Long.MAX_VALUE);

  private final InMemoryPlatform platform;
  private final long seed;
  private volatile boolean closed;

  InMemoryCollector(InMemoryPlatform platform, long seed) {
    this.platform = platform;
    this.seed = seed;
  }

  @Override
  public String platform() {
    return InMemoryPlatform.ID;
  }

  @Override
  public Set<Signal> supportedSignals() {
    return platform.signals();
  }

  /** Returns the seed this collector's noise derives from. */
  public long seed() {
    return seed;
  }

  @Override
  public List<ApplicationMetrics> applicationMetrics(
      ResourceRef resource, TimeRange range, Duration step) {
    return sample(
        resource,
        range,
        step,
        script -> {
          if (script.application().isEmpty() && script.statusCodes().isEmpty()) {
            return null;
          }
          return t -> application(resource, script, t);
        });
  }

  @Override
  public List<DatabaseMetrics> databaseMetrics(
      ResourceRef resource, TimeRange range, Duration step) {
    return sample(
        resource,
        range,
        step,
        script -> script.database().isEmpty() ? null : t -> database(resource, script, t));
  }

  @Override
  public List<InfrastructureMetrics> infrastructureMetrics(
      ResourceRef resource, TimeRange range, Duration step) {
    return sample(
        resource,
        range,
        step,
        script ->
            script.infrastructure().isEmpty() ? null : t -> infrastructure(resource, script, t));
  }

  @Override
  public List<ErrorEvent> errors(ResourceRef resource, TimeRange range) {
    return scripted(resource, range, s -> inRange(s.errors(), range, ErrorEvent::timestamp));
  }

  @Override
  public List<TraceSpan> traces(ResourceRef resource, TimeRange range) {
    return scripted(resource, range, s -> inRange(s.spans(), range, TraceSpan::start));
  }

  @Override
  public List<ChangeEvent> changes(ResourceRef resource, TimeRange range) {
    return scripted(resource, range, s -> inRange(s.changes(), range, ChangeEvent::time));
  }

  /** Marks the collector closed: later calls fail with {@link IllegalStateException}. */
  @Override
  public void close() {
    closed = true;
  }

  private <T> List<T> scripted(
      ResourceRef resource, TimeRange range, Function<InMemoryPlatform.Script, List<T>> read) {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(range, "range");
    ensureOpen();
    return platform.script(resource.id()).map(read).orElse(List.of());
  }

  private static <T> List<T> inRange(List<T> items, TimeRange range, Function<T, Instant> time) {
    return items.stream().filter(i -> range.contains(time.apply(i))).toList();
  }

  /**
   * Samples one record per step-aligned timestamp; {@code rowMaker} gives null when the resource
   * has nothing of this kind scripted, and each row is null when every scripted field is missing.
   */
  private <T> List<T> sample(
      ResourceRef resource,
      TimeRange range,
      Duration step,
      Function<InMemoryPlatform.Script, Function<Instant, T>> rowMaker) {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(step, "step");
    ensureOpen();
    if (step.isNegative() || step.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("step must be at least 1 ms, but was " + step);
    }
    // Saturate: a step longer than Long.MAX_VALUE ms gives at most one point per range anyway.
    long stepMillis = step.compareTo(MAX_STEP) >= 0 ? Long.MAX_VALUE : step.toMillis();
    Function<Instant, T> row = platform.script(resource.id()).map(rowMaker).orElse(null);
    if (row == null) {
      return List.of();
    }
    // Instants beyond epoch milliseconds cannot be sampled: clamp the range to what can.
    long fromMillis = saturatedMillis(range.from());
    long toMillis = saturatedMillis(range.to());
    if (toMillis == Long.MIN_VALUE) {
      return List.of();
    }
    long from =
        Math.floorDiv(fromMillis, stepMillis)
            + (Math.floorMod(fromMillis, stepMillis) == 0 ? 0 : 1);
    long to = Math.floorDiv(toMillis - 1, stepMillis);
    long count;
    try {
      count = Math.addExact(Math.subtractExact(to, from), 1);
    } catch (ArithmeticException e) {
      count = Long.MAX_VALUE;
    }
    if (count > MAX_POINTS_PER_CALL) {
      throw new MonitoringException(
          MonitoringException.Kind.BAD_QUERY,
          InMemoryPlatform.ID,
          "range "
              + range
              + " at step "
              + step
              + " holds "
              + count
              + " points, more than "
              + MAX_POINTS_PER_CALL);
    }
    List<T> rows = new ArrayList<>((int) Math.max(count, 0));
    for (long i = from; i <= to; i++) {
      Instant t = Instant.ofEpochMilli(i * stepMillis);
      if (!range.contains(t)) {
        continue;
      }
      T value = row.apply(t);
      if (value != null) {
        rows.add(value);
      }
    }
    return List.copyOf(rows);
  }

  private static long saturatedMillis(Instant t) {
    if (t.isBefore(MIN_MILLIS_INSTANT)) {
      return Long.MIN_VALUE;
    }
    return t.isAfter(MAX_MILLIS_INSTANT) ? Long.MAX_VALUE : t.toEpochMilli();
  }

  private ApplicationMetrics application(
      ResourceRef resource, InMemoryPlatform.Script script, Instant t) {
    Values<ApplicationField> v = new Values<>(script.application(), resource, "application", t);
    Map<String, Double> codes = new HashMap<>();
    script
        .statusCodes()
        .forEach(
            (code, series) -> {
              double value = value(series, resource, "application.status." + code, t);
              if (!Double.isNaN(value)) {
                codes.put(code, value);
              }
            });
    if (v.allMissing() && codes.isEmpty()) {
      return null;
    }
    return new ApplicationMetrics(
        resource,
        t,
        v.get(ApplicationField.REQUEST_RATE),
        v.get(ApplicationField.ERROR_RATE),
        v.get(ApplicationField.AVERAGE_RESPONSE_TIME_MS),
        v.get(ApplicationField.P95_RESPONSE_TIME_MS),
        v.get(ApplicationField.P99_RESPONSE_TIME_MS),
        codes);
  }

  private DatabaseMetrics database(
      ResourceRef resource, InMemoryPlatform.Script script, Instant t) {
    Values<DatabaseField> v = new Values<>(script.database(), resource, "database", t);
    if (v.allMissing()) {
      return null;
    }
    return new DatabaseMetrics(
        resource,
        t,
        v.get(DatabaseField.QUERIES_PER_SECOND),
        v.get(DatabaseField.AVERAGE_QUERY_TIME_MS),
        v.get(DatabaseField.SLOW_QUERIES_PER_SECOND),
        v.get(DatabaseField.DEADLOCKS),
        v.get(DatabaseField.TIMEOUTS),
        v.get(DatabaseField.LOCK_WAIT_TIME_MS),
        v.get(DatabaseField.CONNECTION_POOL_USAGE),
        v.get(DatabaseField.CPU_PERCENT),
        v.get(DatabaseField.STORAGE_PERCENT));
  }

  private InfrastructureMetrics infrastructure(
      ResourceRef resource, InMemoryPlatform.Script script, Instant t) {
    Values<InfrastructureField> v =
        new Values<>(script.infrastructure(), resource, "infrastructure", t);
    if (v.allMissing()) {
      return null;
    }
    return new InfrastructureMetrics(
        resource,
        t,
        v.get(InfrastructureField.CPU_PERCENT),
        v.get(InfrastructureField.MEMORY_USED_BYTES),
        v.get(InfrastructureField.MEMORY_PERCENT),
        v.get(InfrastructureField.NETWORK_IN_BYTES_PER_SEC),
        v.get(InfrastructureField.NETWORK_OUT_BYTES_PER_SEC),
        v.get(InfrastructureField.DISK_READ_BYTES_PER_SEC),
        v.get(InfrastructureField.DISK_WRITE_BYTES_PER_SEC),
        v.get(InfrastructureField.CONTAINER_RESTARTS));
  }

  private double value(Series series, ResourceRef resource, String metric, Instant t) {
    return series.valueAt(t, PointRandom.of(seed, resource.id(), metric, t.toEpochMilli()));
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("The in-memory collector is closed");
    }
  }

  /** The values of one kind of record at one timestamp; unscripted fields are NaN. */
  private final class Values<F extends Enum<F>> {
    private final Map<F, Double> values = new HashMap<>();
    private boolean anyPresent;

    Values(Map<F, Series> scripted, ResourceRef resource, String group, Instant t) {
      scripted.forEach(
          (field, series) -> {
            double value = value(series, resource, group + "." + field.name(), t);
            anyPresent |= !Double.isNaN(value);
            values.put(field, value);
          });
    }

    boolean allMissing() {
      return !anyPresent;
    }

    double get(F field) {
      return values.getOrDefault(field, Double.NaN);
    }
  }
}
