/**
 * JMH benchmarks: the anomaly detectors' throughput, the latency of one root-cause analysis on a
 * large topology ({@link io.topdeck.monitoring.benchmarks.jmh.CorrelatorBenchmark}), and the
 * measurement of the detectors' memory per series ({@link
 * io.topdeck.monitoring.benchmarks.jmh.StateSize}).
 */
package io.topdeck.monitoring.benchmarks.jmh;
