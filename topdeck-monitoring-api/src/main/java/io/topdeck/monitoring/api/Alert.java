package io.topdeck.monitoring.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An alert raised by a monitoring platform or by this library's rules.
 *
 * @param fingerprint a stable id of the alert's identity (the same alert firing twice shares it)
 * @param name the alert or rule name
 * @param status whether it is firing or resolved
 * @param severity how urgent it is
 * @param resourceId the resource it was attributed to, when known
 * @param startsAt when it started firing
 * @param endsAt when it stopped firing, when resolved
 * @param source where it came from, for example {@code alertmanager} or {@code topdeck}
 * @param labels identifying labels
 * @param annotations descriptive annotations (summary, runbook)
 */
public record Alert(
    String fingerprint,
    String name,
    Status status,
    Severity severity,
    Optional<String> resourceId,
    Instant startsAt,
    Optional<Instant> endsAt,
    String source,
    Map<String, String> labels,
    Map<String, String> annotations) {

  public Alert {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    Objects.requireNonNull(source, "source");
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  /** Whether an alert is firing or resolved. */
  public enum Status {
    FIRING,
    RESOLVED
  }
}
