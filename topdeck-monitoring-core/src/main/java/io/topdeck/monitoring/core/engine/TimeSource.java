package io.topdeck.monitoring.core.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * The engine's view of time: wall-clock instants for windows and deadlines, a monotonic ticker for
 * rate limits and cache lifetimes, and sleeping. Tests supply a fake that advances when asked to
 * sleep, so backoff, rate limits, circuit breakers and scheduling run deterministically.
 */
public interface TimeSource {

  /** Returns the current instant. */
  Instant now();

  /** Returns a monotonic reading in nanoseconds, with an arbitrary origin. */
  long nanoTime();

  /**
   * Waits for {@code duration}.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  void sleep(Duration duration) throws InterruptedException;

  /** Returns the system clock (UTC), {@link System#nanoTime()} and {@link Thread#sleep}. */
  static TimeSource system() {
    return SystemTimeSource.INSTANCE;
  }
}
