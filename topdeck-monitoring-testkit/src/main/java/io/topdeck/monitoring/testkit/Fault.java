package io.topdeck.monitoring.testkit;

import java.time.Duration;

/** A way a {@link PlatformStub} can fail its next calls. */
public enum Fault {
  /** Answers after the stub's slow delay, which is longer than the collector's timeout. */
  SLOW,
  /** Answers HTTP 429 (or the platform's equivalent) with a Retry-After of {@link #RETRY_AFTER}. */
  THROTTLED,
  /** Answers HTTP 503 (or the platform's equivalent). */
  SERVER_ERROR,
  /** Answers HTTP 400 (or the platform's equivalent). */
  CLIENT_ERROR,
  /** Answers success with a body that is not the platform's format. */
  MALFORMED_BODY;

  /** The Retry-After hint a {@link #THROTTLED} answer carries. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(7);
}
