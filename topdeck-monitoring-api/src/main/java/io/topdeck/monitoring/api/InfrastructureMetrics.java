package io.topdeck.monitoring.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Figures of a host, VM or container at one instant (the start of a step). A figure the platform
 * did not report is {@code NaN}.
 *
 * @param resource the host or container
 * @param timestamp the start of the step the figures describe
 * @param cpuPercent CPU busy time in percent of all cores
 * @param memoryUsedBytes memory in use (total minus available), in bytes
 * @param memoryPercent memory in use as a percentage of the total
 * @param networkInBytesPerSec bytes received per second
 * @param networkOutBytesPerSec bytes sent per second
 * @param diskReadBytesPerSec bytes read from disk per second
 * @param diskWriteBytesPerSec bytes written to disk per second
 * @param containerRestarts container restarts during the step
 */
public record InfrastructureMetrics(
    ResourceRef resource,
    Instant timestamp,
    double cpuPercent,
    double memoryUsedBytes,
    double memoryPercent,
    double networkInBytesPerSec,
    double networkOutBytesPerSec,
    double diskReadBytesPerSec,
    double diskWriteBytesPerSec,
    double containerRestarts) {

  public InfrastructureMetrics {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
