package io.topdeck.monitoring.api;

import java.util.List;

/**
 * Places errors in the topology and explains incidents. Implementations are safe for use by several
 * threads.
 */
public interface ErrorCorrelator {

  /** Attributes {@code error} to a resource of the topology, with the changes near it. */
  CorrelationResult correlate(ErrorEvent error);

  /**
   * Returns the path of {@code error} through the topology: the resource it was attributed to, then
   * each dependency down to the deepest one that is failing too. Empty when the error matches no
   * resource.
   */
  List<ResourceRef> tracePath(ErrorEvent error, IncidentContext context);

  /** Ranks the likely root causes of an incident, each with its evidence and a recommendation. */
  RootCauseAnalysis analyze(IncidentContext context);
}
