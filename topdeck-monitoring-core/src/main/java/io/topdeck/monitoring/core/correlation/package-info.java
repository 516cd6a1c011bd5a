/**
 * Error attribution and root-cause analysis over the topology: {@link
 * io.topdeck.monitoring.core.correlation.TopologyErrorCorrelator}.
 */
package io.topdeck.monitoring.core.correlation;
