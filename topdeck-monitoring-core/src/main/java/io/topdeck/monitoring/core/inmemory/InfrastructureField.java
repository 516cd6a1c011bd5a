package io.topdeck.monitoring.core.inmemory;

/**
 * The scriptable figures of {@link io.topdeck.monitoring.api.InfrastructureMetrics}.
 *
 * @since 0.1.0
 */
public enum InfrastructureField {
  CPU_PERCENT("cpuPercent"),
  MEMORY_USED_BYTES("memoryUsedBytes"),
  MEMORY_PERCENT("memoryPercent"),
  NETWORK_IN_BYTES_PER_SEC("networkInBytesPerSec"),
  NETWORK_OUT_BYTES_PER_SEC("networkOutBytesPerSec"),
  DISK_READ_BYTES_PER_SEC("diskReadBytesPerSec"),
  DISK_WRITE_BYTES_PER_SEC("diskWriteBytesPerSec"),
  CONTAINER_RESTARTS("containerRestarts");

  private final String metricName;

  InfrastructureField(String metricName) {
    this.metricName = metricName;
  }

  /** Returns the record component's name, for example {@code cpuPercent}. */
  public String metricName() {
    return metricName;
  }
}
