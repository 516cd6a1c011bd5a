/**
 * The Numenta Anomaly Benchmark (NAB v1.1) in Java: a reader for NAB's corpus layout ({@link
 * io.topdeck.monitoring.benchmarks.nab.NabDataset}), NAB's scorer ({@link
 * io.topdeck.monitoring.benchmarks.nab.NabScorer}), a runner for any {@link
 * io.topdeck.monitoring.core.anomaly.StreamingDetector} ({@link
 * io.topdeck.monitoring.benchmarks.nab.NabRunner}) and the command line ({@link
 * io.topdeck.monitoring.benchmarks.nab.NabBenchmark}).
 *
 * <p>NAB picks each profile's threshold in hindsight, over the same labels it scores against; the
 * runner therefore also reports the score at a fixed threshold chosen before scoring, which is what
 * a user of the detector gets.
 */
package io.topdeck.monitoring.benchmarks.nab;
