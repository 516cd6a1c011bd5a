/**
 * Reading a topology in TopDeck's model from JSON: {@link
 * io.topdeck.monitoring.core.topology.json.TopologyJson}.
 */
package io.topdeck.monitoring.core.topology.json;
