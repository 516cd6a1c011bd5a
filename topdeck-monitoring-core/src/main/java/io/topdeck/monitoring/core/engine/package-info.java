/**
 * The collection engine: {@link io.topdeck.monitoring.core.engine.CollectionEngine} collects a
 * {@link io.topdeck.monitoring.core.engine.CollectionPlan} across platforms in parallel, merges the
 * data per resource and reports every outcome in a {@link
 * io.topdeck.monitoring.core.engine.CollectionReport}; {@link
 * io.topdeck.monitoring.core.engine.Batcher} packs queries up to a platform's {@link
 * io.topdeck.monitoring.core.engine.BatchLimits}; {@link
 * io.topdeck.monitoring.core.engine.EngineListener} reports the engine's own measurements.
 */
package io.topdeck.monitoring.core.engine;
