package io.topdeck.monitoring.core.engine.cache;

import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.DatabaseMetrics;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.InfrastructureMetrics;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.api.TraceSpan;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link MetricsCollector} that answers repeated identical queries from a {@link QueryCache}, for
 * hosts that call a collector directly. The engine consults its cache itself, before rate limits
 * and retries, so collectors given to the engine need no wrapping.
 */
public final class CachingCollector implements MetricsCollector {

  private final MetricsCollector delegate;
  private final QueryCache cache;

  /** Returns {@code delegate} answering through {@code cache}. */
  public CachingCollector(MetricsCollector delegate, QueryCache cache) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  @Override
  public String platform() {
    return delegate.platform();
  }

  @Override
  public Set<Signal> supportedSignals() {
    return delegate.supportedSignals();
  }

  @Override
  public List<ApplicationMetrics> applicationMetrics(
      ResourceRef resource, TimeRange range, Duration step) {
    return cast(
        cache.get(
            query(Signal.APPLICATION, resource, range, step),
            () -> delegate.applicationMetrics(resource, range, step)),
        ApplicationMetrics.class);
  }

  @Override
  public List<DatabaseMetrics> databaseMetrics(
      ResourceRef resource, TimeRange range, Duration step) {
    return cast(
        cache.get(
            query(Signal.DATABASE, resource, range, step),
            () -> delegate.databaseMetrics(resource, range, step)),
        DatabaseMetrics.class);
  }

  @Override
  public List<InfrastructureMetrics> infrastructureMetrics(
      ResourceRef resource, TimeRange range, Duration step) {
    return cast(
        cache.get(
            query(Signal.INFRASTRUCTURE, resource, range, step),
            () -> delegate.infrastructureMetrics(resource, range, step)),
        InfrastructureMetrics.class);
  }

  @Override
  public List<ErrorEvent> errors(ResourceRef resource, TimeRange range) {
    return cast(
        cache.get(
            query(Signal.ERRORS, resource, range, Duration.ZERO),
            () -> delegate.errors(resource, range)),
        ErrorEvent.class);
  }

  @Override
  public List<TraceSpan> traces(ResourceRef resource, TimeRange range) {
    return cast(
        cache.get(
            query(Signal.TRACES, resource, range, Duration.ZERO),
            () -> delegate.traces(resource, range)),
        TraceSpan.class);
  }

  @Override
  public List<ChangeEvent> changes(ResourceRef resource, TimeRange range) {
    return cast(
        cache.get(
            query(Signal.CHANGES, resource, range, Duration.ZERO),
            () -> delegate.changes(resource, range)),
        ChangeEvent.class);
  }

  /** Closes the delegate. */
  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "CachingCollector[" + delegate + "]";
  }

  private QueryCache.Query query(
      Signal signal, ResourceRef resource, TimeRange range, Duration step) {
    return new QueryCache.Query(delegate.platform(), signal, resource, range, step);
  }

  private static <T> List<T> cast(List<?> items, Class<T> type) {
    return items.stream().map(type::cast).toList();
  }
}
