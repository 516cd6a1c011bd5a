package io.topdeck.monitoring.api;

import java.util.List;
import java.util.Objects;

/**
 * What is known about an incident when its root cause is analysed.
 *
 * @param symptomResourceId the resource where the incident was noticed
 * @param window the time range to analyse
 * @param errors errors seen in the window
 * @param anomalies anomalies detected in the window, on any resource
 * @param alerts alerts that fired in the window
 */
public record IncidentContext(
    String symptomResourceId,
    TimeRange window,
    List<ErrorEvent> errors,
    List<Anomaly> anomalies,
    List<Alert> alerts) {

  public IncidentContext {
    Objects.requireNonNull(symptomResourceId, "symptomResourceId");
    Objects.requireNonNull(window, "window");
    errors = List.copyOf(errors);
    anomalies = List.copyOf(anomalies);
    alerts = List.copyOf(alerts);
  }
}
