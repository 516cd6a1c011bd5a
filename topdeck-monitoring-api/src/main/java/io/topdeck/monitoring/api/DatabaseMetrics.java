package io.topdeck.monitoring.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Figures of a database at one instant (the start of a step). A figure the platform did not report
 * is {@code NaN}.
 *
 * @param resource the database
 * @param timestamp the start of the step the figures describe
 * @param queriesPerSecond queries (or transactions) per second
 * @param averageQueryTimeMs the mean query time in milliseconds
 * @param slowQueriesPerSecond slow queries per second
 * @param deadlocks deadlocks detected during the step
 * @param timeouts query or lock timeouts during the step
 * @param lockWaitTimeMs time spent waiting on locks during the step, in milliseconds
 * @param connectionPoolUsage connections in use as a share of the maximum, from 0 to 1
 * @param cpuPercent CPU (or DTU) use in percent
 * @param storagePercent storage use in percent
 */
public record DatabaseMetrics(
    ResourceRef resource,
    Instant timestamp,
    double queriesPerSecond,
    double averageQueryTimeMs,
    double slowQueriesPerSecond,
    double deadlocks,
    double timeouts,
    double lockWaitTimeMs,
    double connectionPoolUsage,
    double cpuPercent,
    double storagePercent) {

  public DatabaseMetrics {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
