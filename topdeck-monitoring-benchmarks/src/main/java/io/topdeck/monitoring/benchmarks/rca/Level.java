package io.topdeck.monitoring.benchmarks.rca;

/** The difficulty levels of the generated incidents. */
public enum Level {
  /** A fault-free window: there is nothing to find. */
  L0,
  /** A local fault: the root shows clearly, its callers barely. */
  L1,
  /** Propagation with amplification: the root's callers look worse than the root. */
  L2,
  /** A root two to four hops below the first symptom, with part of the telemetry missing. */
  L3,
  /** Like L2, with decoy deployments up to 15 minutes before and unrelated concurrent anomalies. */
  L4,
  /** Two independent roots at once. */
  L5
}
