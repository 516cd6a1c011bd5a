package io.topdeck.monitoring.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Request-level figures of an application at one instant (the start of a step). A figure the
 * platform did not report is {@code NaN}.
 *
 * @param resource the application
 * @param timestamp the start of the step the figures describe
 * @param requestRate requests per second
 * @param errorRate the share of requests that failed (5xx), from 0 to 1
 * @param averageResponseTimeMs the mean response time in milliseconds
 * @param p95ResponseTimeMs the 95th percentile response time in milliseconds
 * @param p99ResponseTimeMs the 99th percentile response time in milliseconds
 * @param statusCodeRates requests per second by HTTP status code (for example {@code "500"}) or
 *     class (for example {@code "5xx"}); absent codes were not reported
 */
public record ApplicationMetrics(
    ResourceRef resource,
    Instant timestamp,
    double requestRate,
    double errorRate,
    double averageResponseTimeMs,
    double p95ResponseTimeMs,
    double p99ResponseTimeMs,
    Map<String, Double> statusCodeRates) {

  public ApplicationMetrics {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(timestamp, "timestamp");
    statusCodeRates = Map.copyOf(statusCodeRates);
  }
}
