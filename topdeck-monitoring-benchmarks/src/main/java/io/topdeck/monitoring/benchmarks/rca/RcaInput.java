package io.topdeck.monitoring.benchmarks.rca;

import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.ErrorEvent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link RcaMethod} is given about one incident. As in RCAEval, the method is told when the
 * incident began ({@code incidentTime}), so that it can compare the data before with the data
 * after; it is never told where.
 *
 * @param caseId the case id, usable as a seed by randomised methods
 * @param topology the resources and edges
 * @param metrics the metric series
 * @param changes deployments and configuration changes
 * @param errors error events
 * @param incidentTime the time the incident is reported to have begun
 */
public record RcaInput(
    String caseId,
    CaseTopology topology,
    MetricFrame metrics,
    List<ChangeEvent> changes,
    List<ErrorEvent> errors,
    Instant incidentTime) {

  /** Validates and copies. */
  public RcaInput {
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(incidentTime, "incidentTime");
    changes = List.copyOf(changes);
    errors = List.copyOf(errors);
  }
}
