/**
 * Streaming anomaly detection: one detector per series, each point seen once and in order, O(1)
 * amortized time and bounded memory per point.
 *
 * <p>{@link io.topdeck.monitoring.core.anomaly.Detectors} makes the detectors; the default ensemble
 * combines a {@link io.topdeck.monitoring.core.anomaly.NoveltyDetector} (a value or a jump not seen
 * recently), a {@link io.topdeck.monitoring.core.anomaly.RobustDetector} (rolling median and MAD),
 * a {@link io.topdeck.monitoring.core.anomaly.CusumDetector} (level shifts) and a {@link
 * io.topdeck.monitoring.core.anomaly.SeasonalDetector} (daily cycle). {@link
 * io.topdeck.monitoring.core.anomaly.TrendDetector} forecasts when a slow trend crosses a level,
 * {@link io.topdeck.monitoring.core.anomaly.ThresholdRule} checks saturation rules with a {@link
 * io.topdeck.monitoring.core.anomaly.GapPolicy}, and {@link
 * io.topdeck.monitoring.core.anomaly.CounterRateDetector} turns counters into rates across
 * restarts. {@link io.topdeck.monitoring.core.anomaly.SeriesAnomalyDetector} turns scores into
 * {@link io.topdeck.monitoring.api.Anomaly} values with a baseline, a deviation and a description.
 *
 * <p>Missing data is missing: a NaN or infinite value scores 0 and never enters any baseline.
 */
package io.topdeck.monitoring.core.anomaly;
