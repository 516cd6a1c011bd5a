package io.topdeck.monitoring.benchmarks.rca;

/**
 * A root-cause analysis method under test. Implementations see an incident's topology, metrics,
 * changes and errors, never its ground truth.
 */
public interface RcaMethod {

  /** Returns the short name printed in the results table. */
  String name();

  /** Returns the method's conclusion about one incident. */
  RcaResult analyze(RcaInput input);
}
