package io.topdeck.monitoring.core.inmemory;

/**
 * The scriptable figures of {@link io.topdeck.monitoring.api.DatabaseMetrics}.
 *
 * @since 0.1.0
 */
public enum DatabaseField {
  QUERIES_PER_SECOND("queriesPerSecond"),
  AVERAGE_QUERY_TIME_MS("averageQueryTimeMs"),
  SLOW_QUERIES_PER_SECOND("slowQueriesPerSecond"),
  DEADLOCKS("deadlocks"),
  TIMEOUTS("timeouts"),
  LOCK_WAIT_TIME_MS("lockWaitTimeMs"),
  CONNECTION_POOL_USAGE("connectionPoolUsage"),
  CPU_PERCENT("cpuPercent"),
  STORAGE_PERCENT("storagePercent");

  private final String metricName;

  DatabaseField(String metricName) {
    this.metricName = metricName;
  }

  /** Returns the record component's name, for example {@code averageQueryTimeMs}. */
  public String metricName() {
    return metricName;
  }
}
