/**
 * JMH benchmarks of the anomaly detectors' throughput, and the measurement of their memory per
 * series ({@link io.topdeck.monitoring.benchmarks.jmh.StateSize}).
 */
package io.topdeck.monitoring.benchmarks.jmh;
