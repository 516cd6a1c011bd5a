/**
 * Topology held in memory ({@link io.topdeck.monitoring.core.topology.InMemoryTopologyGraph}) and
 * cycle-safe walks over any {@link io.topdeck.monitoring.api.TopologyGraph} ({@link
 * io.topdeck.monitoring.core.topology.Topology}).
 */
package io.topdeck.monitoring.core.topology;
