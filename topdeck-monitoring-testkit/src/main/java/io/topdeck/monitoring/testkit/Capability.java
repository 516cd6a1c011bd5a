package io.topdeck.monitoring.testkit;

/**
 * What a platform under contract test can be made to do. A subclass of {@link
 * MetricsCollectorContractTest} declares its capabilities explicitly; a check that needs a
 * capability the subclass did not declare is recorded as not applicable, with the missing
 * capability named, rather than skipped silently.
 */
public enum Capability {
  /** The collector talks HTTP to the stub, so requests are recorded and judged read-only. */
  HTTP,
  /** The config holds at least one secret, which must never leak. */
  SECRETS,
  /** The stub can answer too slowly, so the collector's timeout is exercised. */
  TIMEOUTS,
  /** The stub can refuse with a rate limit and a Retry-After hint (HTTP 429). */
  THROTTLING,
  /** The stub can fail with a server error (HTTP 5xx). */
  SERVER_ERRORS,
  /** The stub can reject the query (HTTP 4xx). */
  CLIENT_ERRORS,
  /** The stub can answer with a body the collector cannot read. */
  MALFORMED_BODIES,
  /** The stub can leave steps out of an answer. */
  PARTIAL_RESULTS
}
