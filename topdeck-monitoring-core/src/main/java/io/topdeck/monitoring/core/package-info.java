/**
 * The core engine of TopDeck Monitoring: the {@link io.topdeck.monitoring.core.CollectorRegistry}
 * that finds platform modules at run time, and the subpackages for the in-memory platform, the
 * topology and correlation.
 */
package io.topdeck.monitoring.core;
