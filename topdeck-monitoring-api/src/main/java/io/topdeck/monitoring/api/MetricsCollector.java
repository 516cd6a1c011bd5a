package io.topdeck.monitoring.api;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Reads monitoring data of one platform. Implementations make read-only calls only, are safe for
 * use by several threads, and throw {@link MonitoringException} when a call fails.
 *
 * <p>Each method returns the data of one resource for a half-open range. Metric methods return one
 * value per step, at the step's start, in ascending time order; steps with no data at all are left
 * out, and figures the platform did not report are {@code NaN}. A method for a {@link Signal} the
 * collector does not {@linkplain #supportedSignals() support} returns an empty list.
 */
public interface MetricsCollector extends AutoCloseable {

  /** Returns the id of this collector's platform, as its provider gives it. */
  String platform();

  /** Returns the kinds of data this collector supplies. */
  Set<Signal> supportedSignals();

  /** Returns whether this collector supplies {@code signal}. */
  default boolean supports(Signal signal) {
    return supportedSignals().contains(signal);
  }

  /** Returns request rates, error rates, response times and status codes per step. */
  default List<ApplicationMetrics> applicationMetrics(
      ResourceRef resource, TimeRange range, Duration step) {
    return List.of();
  }

  /** Returns database figures per step. */
  default List<DatabaseMetrics> databaseMetrics(
      ResourceRef resource, TimeRange range, Duration step) {
    return List.of();
  }

  /** Returns host, VM or container figures per step. */
  default List<InfrastructureMetrics> infrastructureMetrics(
      ResourceRef resource, TimeRange range, Duration step) {
    return List.of();
  }

  /** Returns the errors reported for the resource, oldest first. */
  default List<ErrorEvent> errors(ResourceRef resource, TimeRange range) {
    return List.of();
  }

  /** Returns the trace spans that involve the resource, by start time. */
  default List<TraceSpan> traces(ResourceRef resource, TimeRange range) {
    return List.of();
  }

  /** Returns the changes (deployments and others) recorded for the resource, oldest first. */
  default List<ChangeEvent> changes(ResourceRef resource, TimeRange range) {
    return List.of();
  }

  /** Releases connections and threads. Calls after closing fail. */
  @Override
  default void close() {}
}
