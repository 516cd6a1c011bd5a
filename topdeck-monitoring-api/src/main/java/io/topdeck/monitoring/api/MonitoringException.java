package io.topdeck.monitoring.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed call to a monitoring platform. The {@link Kind} says what went wrong and whether a retry
 * may help; the message names the platform, and never holds a credential.
 */
public class MonitoringException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Kind kind;
  private final String platform;
  private final transient Duration retryAfter;

  public MonitoringException(Kind kind, String platform, String message) {
    this(kind, platform, message, null, null);
  }

  /**
   * Creates a failure.
   *
   * @param kind what went wrong
   * @param platform the platform id
   * @param message what happened; must hold no credential
   * @param retryAfter the wait the platform asked for, or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public MonitoringException(
      Kind kind, String platform, String message, Duration retryAfter, Throwable cause) {
    super(platform + ": " + message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.platform = Objects.requireNonNull(platform, "platform");
    this.retryAfter = retryAfter;
  }

  /** Returns what went wrong. */
  public Kind kind() {
    return kind;
  }

  /** Returns the id of the platform that failed. */
  public String platform() {
    return platform;
  }

  /** Returns the wait the platform asked for before a retry, when it gave one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The ways a platform call fails. */
  public enum Kind {
    /** The platform refused the call for its rate limit (HTTP 429 and the like). */
    THROTTLED(true),
    /** The credential is missing, wrong or expired, or lacks permission (HTTP 401, 403). */
    UNAUTHORIZED(false),
    /** The resource, metric or workspace does not exist (HTTP 404). */
    NOT_FOUND(false),
    /** The platform rejected the query or its parameters (HTTP 400, 422). */
    BAD_QUERY(false),
    /** The platform could not serve the call (HTTP 5xx, connection refused or reset). */
    UNAVAILABLE(true),
    /** The call did not complete in time. */
    TIMEOUT(true),
    /** The platform answered with a body this library cannot read. */
    MALFORMED_RESPONSE(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    /** Returns whether a later retry of the same call may succeed. */
    public boolean retryable() {
      return retryable;
    }
  }
}
