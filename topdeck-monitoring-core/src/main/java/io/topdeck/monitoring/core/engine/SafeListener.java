package io.topdeck.monitoring.core.engine;

import io.topdeck.monitoring.api.Masker;
import io.topdeck.monitoring.api.MonitoringException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards to several listeners; anything one throws, errors such as {@link AssertionError}
 * included, is logged and the others still run. Only a {@link VirtualMachineError} (out of memory,
 * stack overflow) goes on to the caller, which releases what it holds in its {@code finally}
 * blocks. The first failure of each listener is logged as a warning, the later ones at debug level,
 * so that a listener failing on every call does not flood the log.
 */
final class SafeListener implements EngineListener {

  private static final Logger logger = LoggerFactory.getLogger(SafeListener.class);

  private final List<EngineListener> listeners;
  private final Set<EngineListener> failed = ConcurrentHashMap.newKeySet();

  SafeListener(List<EngineListener> listeners) {
    this.listeners = listeners;
  }

  /** Returns {@code listener} wrapped so that its exceptions are caught. */
  static EngineListener wrap(EngineListener listener) {
    return listener instanceof SafeListener ? listener : new SafeListener(List.of(listener));
  }

  private void each(Consumer<EngineListener> event) {
    for (EngineListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        String message = Masker.defaults().message(e);
        if (failed.add(listener)) {
          logger.warn(
              "Engine listener {} failed (later failures are logged at debug level): {}",
              listener.getClass().getName(),
              message);
        } else {
          logger.debug("Engine listener {} failed: {}", listener.getClass().getName(), message);
        }
      }
    }
  }

  @Override
  public void onCall(String platform, String endpoint) {
    each(l -> l.onCall(platform, endpoint));
  }

  @Override
  public void onSuccess(String platform, String endpoint, Duration latency) {
    each(l -> l.onSuccess(platform, endpoint, latency));
  }

  @Override
  public void onFailure(
      String platform, String endpoint, MonitoringException.Kind kind, Duration latency) {
    each(l -> l.onFailure(platform, endpoint, kind, latency));
  }

  @Override
  public void onRetry(String platform, String endpoint, int nextAttempt, Duration delay) {
    each(l -> l.onRetry(platform, endpoint, nextAttempt, delay));
  }

  @Override
  public void onThrottle(String platform, String endpoint, Duration wait) {
    each(l -> l.onThrottle(platform, endpoint, wait));
  }

  @Override
  public void onCacheHit(String platform, String endpoint) {
    each(l -> l.onCacheHit(platform, endpoint));
  }

  @Override
  public void onCacheMiss(String platform, String endpoint) {
    each(l -> l.onCacheMiss(platform, endpoint));
  }
}
