package io.topdeck.monitoring.core.engine;

import io.topdeck.monitoring.api.MonitoringException;
import java.time.Duration;
import java.util.List;

/**
 * Receives the engine's own measurements: calls, failures by kind, retries, throttling, cache hits
 * and misses, and latency. Hosts bridge it to Micrometer or OpenTelemetry without this library
 * depending on either. Every method has a no-op default.
 *
 * <p>Methods are called on the engine's worker threads and must be fast and thread-safe. An
 * exception a listener throws is caught and logged; it never breaks collection.
 */
public interface EngineListener {

  /** Called before each attempt of a platform call. */
  default void onCall(String platform, String endpoint) {}

  /** Called when an attempt succeeds, with its latency. */
  default void onSuccess(String platform, String endpoint, Duration latency) {}

  /** Called when an attempt fails, with the failure's kind and the attempt's latency. */
  default void onFailure(
      String platform, String endpoint, MonitoringException.Kind kind, Duration latency) {}

  /** Called before waiting {@code delay} to make attempt number {@code nextAttempt}. */
  default void onRetry(String platform, String endpoint, int nextAttempt, Duration delay) {}

  /** Called when the engine's rate limit or a platform's Retry-After delays or refuses a call. */
  default void onThrottle(String platform, String endpoint, Duration wait) {}

  /** Called when a query is answered from the cache. */
  default void onCacheHit(String platform, String endpoint) {}

  /** Called when a query is not in the cache and goes to the platform. */
  default void onCacheMiss(String platform, String endpoint) {}

  /** Returns a listener that does nothing. */
  static EngineListener noop() {
    return NoopListener.INSTANCE;
  }

  /** Returns a listener that forwards to each of {@code listeners}, isolating their failures. */
  static EngineListener composite(List<EngineListener> listeners) {
    return new SafeListener(List.copyOf(listeners));
  }

  /** Returns a listener that forwards to each of {@code listeners}, isolating their failures. */
  static EngineListener composite(EngineListener... listeners) {
    return composite(List.of(listeners));
  }
}
