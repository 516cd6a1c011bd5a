/**
 * The dependency topology read from TopDeck's Neo4j graph: {@link
 * io.topdeck.monitoring.neo4j.Neo4jTopologyGraph}, configured by {@link
 * io.topdeck.monitoring.neo4j.Neo4jTopologyConfig}.
 *
 * <p>Needs Neo4j 5.13 or later (the deployment query uses {@code valueType()}).
 */
package io.topdeck.monitoring.neo4j;
