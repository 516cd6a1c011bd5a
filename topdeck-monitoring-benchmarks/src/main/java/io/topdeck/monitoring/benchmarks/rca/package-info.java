/**
 * A root-cause-analysis benchmark: generated incidents with ground truth ({@link
 * io.topdeck.monitoring.benchmarks.rca.IncidentGenerator}), the methods compared ({@link
 * io.topdeck.monitoring.benchmarks.rca.RcaMethod}: random, N-sigma, a simplified BARO, a
 * PageRank-style random walk, nearest change, and the SDK's own correlator), the scorer ({@link
 * io.topdeck.monitoring.benchmarks.rca.RcaScorer}), a loader for RCAEval's case layout ({@link
 * io.topdeck.monitoring.benchmarks.rca.RcaEvalLoader}) and the command line ({@link
 * io.topdeck.monitoring.benchmarks.rca.RcaBenchmark}).
 *
 * <h2>Levels and faults</h2>
 *
 * <p>L0 is a fault-free hour; L1 a local fault that barely reaches the callers; L2 a fault whose
 * callers look worse than the root (retries and queueing amplify it at every hop); L3 a root two to
 * four hops below the entry point with part of the telemetry missing (a resource between them
 * silent when there is one, 40% of the root's series and every series of 10% of the other resources
 * missing, more scrape gaps, and the errors of about half the resources carrying only their {@code
 * service} attribute, no resource id); L4 an L2-like fault with one or two decoy deployments 1 to
 * 15 minutes before (half of them on a caller of the root) and one or two unrelated CPU or latency
 * anomalies at the same time; L5 two unrelated roots with onsets up to three minutes apart. The
 * faults are a bad deployment, deadlocks, a slow query (half the time after a schema change), a
 * connection pool running dry (half the time after its size was cut), an external API outage, a
 * cache failure that loads the databases behind it, a saturation trend, a traffic surge with no
 * faulty component (no root) and a batch job flooding a shared database (noisy neighbour).
 *
 * <h2>Case files</h2>
 *
 * <p>{@link io.topdeck.monitoring.benchmarks.rca.CaseFiles} writes each case to a directory named
 * by the case id (for example {@code L2-n100-004}) holding four UTF-8 files.
 *
 * <p><b>{@code topology.json}</b>: {@code {"resources": [...], "edges": [...]}}. A resource is
 * {@code {"id", "type", "name", "tags": {string: string}}}; the types generated are {@code
 * api_gateway}, {@code service}, {@code sql_database}, {@code cache}, {@code queue}, {@code
 * external_api} and {@code batch_job}, and the tags {@code service} (the name, used to attribute
 * errors), {@code tier} (0 for entry points, larger is deeper), {@code team} and {@code region}. An
 * edge is {@code {"from", "to", "type", "category", "strength"}}: {@code type} is {@code
 * DEPENDS_ON} (from the caller to what it calls) or {@code CONNECTS_TO} (a network connection that
 * carries no fault), {@code category} one of {@code http}, {@code database}, {@code cache}, {@code
 * queue}, {@code external}, {@code network}, and {@code strength} in [0, 1].
 *
 * <p><b>{@code metrics.csv}</b>: the header {@code timestamp,resource,metric,value}, then one row
 * per point: epoch seconds, resource id, metric name, value. Missing points have no row; the time
 * grid is every timestamp present (30 seconds apart, 120 of them). The metrics are {@code
 * request_rate} (per second), {@code latency_ms}, {@code error_rate} (0 to 1), {@code cpu_percent},
 * {@code memory_percent} and {@code connection_pool_usage} (percent) for gateways and services;
 * {@code cpu_percent}, {@code db_query_time_ms}, {@code query_rate}, {@code
 * connection_usage_percent}, {@code deadlocks} (per 30 s) and {@code lock_wait_ms} for databases;
 * {@code hit_ratio}, {@code latency_ms}, {@code error_rate}, {@code cpu_percent} and {@code
 * memory_percent} for caches; {@code queue_depth}, {@code publish_rate} and {@code latency_ms} for
 * queues; {@code latency_ms}, {@code error_rate} and {@code request_rate} (as the callers measure
 * them) for external APIs; {@code cpu_percent}, {@code request_rate} and {@code memory_percent} for
 * batch jobs.
 *
 * <p><b>{@code events.json}</b>: {@code {"changes": [...], "errors": [...]}}, each oldest first. A
 * change is {@code {"id", "type", "time", "targets": [ids], "version"?, "previousVersion"?,
 * "status"?, "description", "attributes"}} with {@code type} {@code DEPLOYMENT} or {@code
 * CONFIGURATION} and {@code time} in ISO-8601 UTC. An error is {@code {"id", "platform",
 * "resource"?, "time", "exceptionType", "message", "count", "attributes"}}: one line per resource,
 * signature and minute, {@code count} occurrences; the attributes hold {@code service} (the
 * emitter's name), {@code error_code} where the platform gives one (1205 for a SQL Server deadlock
 * victim, -2 for a query timeout, 503) and {@code peer.service} (the dependency the emitter was
 * calling). Ids are numbered in time order and say nothing about how an event came about.
 *
 * <p><b>{@code truth.json}</b>: {@code {"case", "level", "fault", "injectTime", "roots": [ids],
 * "rootChanges": [ids], "decoyChanges": [ids]}}. {@code fault} is a fault's label ({@code
 * slow_query}), two labels joined by {@code +} for L5, or {@code none}; {@code roots} is empty for
 * a fault-free window and a traffic surge; {@code decoyChanges} lists every change that is not a
 * root change.
 *
 * <h2>What the methods see</h2>
 *
 * <p>Everything but the ground truth, plus the injection time as the incident time, as in RCAEval.
 * The generator is the same for every method and knows nothing about them.
 */
package io.topdeck.monitoring.benchmarks.rca;
