package io.topdeck.monitoring.core.incident;

import io.topdeck.monitoring.api.RootCauseAnalysis;
import java.util.Objects;

/**
 * One incident and its root-cause analysis.
 *
 * @param incident the grouped incident
 * @param analysis the correlator's analysis of it, from its most upstream member down
 * @since 0.1.0
 */
public record IncidentReport(Incident incident, RootCauseAnalysis analysis) {

  public IncidentReport {
    Objects.requireNonNull(incident, "incident");
    Objects.requireNonNull(analysis, "analysis");
  }
}
