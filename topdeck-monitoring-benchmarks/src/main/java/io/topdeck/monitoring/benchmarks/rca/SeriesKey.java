package io.topdeck.monitoring.benchmarks.rca;

import java.util.Objects;

/**
 * Names one metric series of an incident: a resource and a metric.
 *
 * @param resource the resource id
 * @param metric the metric name, for example {@code latency_ms}
 */
public record SeriesKey(String resource, String metric) implements Comparable<SeriesKey> {

  /** Validates that both parts are present and not blank. */
  public SeriesKey {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(metric, "metric");
    if (resource.isBlank() || metric.isBlank()) {
      throw new IllegalArgumentException("resource and metric must not be blank");
    }
  }

  @Override
  public int compareTo(SeriesKey o) {
    int c = resource.compareTo(o.resource);
    return c != 0 ? c : metric.compareTo(o.metric);
  }
}
