/**
 * JMH benchmarks of the analysis path: {@link
 * io.topdeck.monitoring.benchmarks.jmh.CorrelatorBenchmark} times one root-cause analysis on a
 * topology of 10,000 resources and 50,000 edges.
 */
package io.topdeck.monitoring.benchmarks.jmh;
