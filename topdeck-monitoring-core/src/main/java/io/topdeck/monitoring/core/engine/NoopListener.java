package io.topdeck.monitoring.core.engine;

/** The listener that does nothing. */
enum NoopListener implements EngineListener {
  INSTANCE
}
