package io.topdeck.monitoring.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One span of a distributed trace.
 *
 * @param traceId the trace id
 * @param spanId the span id
 * @param parentSpanId the parent span id; empty for a root span
 * @param resourceId the topology resource that emitted the span, when known
 * @param service the service name the platform reported
 * @param operation the operation or endpoint name
 * @param start when the span started
 * @param duration how long it took
 * @param error whether the span failed
 * @param attributes further tags (status code, peer, db statement kind)
 */
public record TraceSpan(
    String traceId,
    String spanId,
    Optional<String> parentSpanId,
    Optional<String> resourceId,
    String service,
    String operation,
    Instant start,
    Duration duration,
    boolean error,
    Map<String, String> attributes) {

  public TraceSpan {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(spanId, "spanId");
    Objects.requireNonNull(parentSpanId, "parentSpanId");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, but was " + duration);
    }
    attributes = Map.copyOf(attributes);
  }
}
