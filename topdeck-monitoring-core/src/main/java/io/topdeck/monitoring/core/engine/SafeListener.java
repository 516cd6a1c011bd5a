package io.topdeck.monitoring.core.engine;

import io.topdeck.monitoring.api.Masker;
import io.topdeck.monitoring.api.MonitoringException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forwards to several listeners; an exception from one is logged and the others still run. */
final class SafeListener implements EngineListener {

  private static final Logger logger = LoggerFactory.getLogger(SafeListener.class);

  private final List<EngineListener> listeners;

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
      } catch (RuntimeException e) {
        logger.warn(
            "Engine listener {} failed: {}",
            listener.getClass().getName(),
            Masker.defaults().message(e));
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
