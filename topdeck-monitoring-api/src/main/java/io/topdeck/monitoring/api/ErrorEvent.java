package io.topdeck.monitoring.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An error (exception) reported by a platform, possibly aggregated over several occurrences.
 *
 * @param id the platform's id of the event, or a synthetic stable id
 * @param platform the id of the platform that reported it
 * @param resourceId the topology resource it was attributed to, when known
 * @param timestamp when it (first) occurred
 * @param exceptionType the exception or error type, for example {@code SqlException}
 * @param message the error message, masked of credentials
 * @param stackTrace the stack trace, masked of credentials; empty when not reported
 * @param correlationId the operation, request or trace id, when reported
 * @param count how many occurrences this event stands for, at least 1
 * @param usersAffected distinct users affected, when reported
 * @param attributes platform identities of the emitter (role name, service tag, labels) used to map
 *     it to a resource
 */
public record ErrorEvent(
    String id,
    String platform,
    Optional<String> resourceId,
    Instant timestamp,
    String exceptionType,
    String message,
    String stackTrace,
    Optional<String> correlationId,
    long count,
    OptionalLong usersAffected,
    Map<String, String> attributes) {

  public ErrorEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(exceptionType, "exceptionType");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(stackTrace, "stackTrace");
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(usersAffected, "usersAffected");
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, but was " + count);
    }
    attributes = Map.copyOf(attributes);
  }
}
