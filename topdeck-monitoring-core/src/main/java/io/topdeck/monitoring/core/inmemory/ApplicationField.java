package io.topdeck.monitoring.core.inmemory;

/**
 * The scriptable figures of {@link io.topdeck.monitoring.api.ApplicationMetrics}. Status-code rates
 * are scripted by code with {@link InMemoryPlatform.Builder#statusCodeRate}.
 *
 * @since 0.1.0
 */
public enum ApplicationField {
  REQUEST_RATE("requestRate"),
  ERROR_RATE("errorRate"),
  AVERAGE_RESPONSE_TIME_MS("averageResponseTimeMs"),
  P95_RESPONSE_TIME_MS("p95ResponseTimeMs"),
  P99_RESPONSE_TIME_MS("p99ResponseTimeMs");

  private final String metricName;

  ApplicationField(String metricName) {
    this.metricName = metricName;
  }

  /** Returns the record component's name, for example {@code errorRate}. */
  public String metricName() {
    return metricName;
  }
}
