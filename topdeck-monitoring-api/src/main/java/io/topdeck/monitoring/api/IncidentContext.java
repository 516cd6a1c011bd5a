package io.topdeck.monitoring.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What is known about an incident when its root cause is analysed.
 *
 * @param symptomResourceId the resource where the incident was noticed
 * @param window the time range to analyse
 * @param errors errors seen in the window
 * @param anomalies anomalies detected in the window, on any resource
 * @param alerts alerts that fired in the window
 * @param observedResourceIds the ids of the resources that reported any telemetry (a metric point,
 *     an error) in the window; empty when unknown, in which case every resource is taken as
 *     observed. A resource outside the set is one whose silence tells nothing, rather than one
 *     known to be healthy.
 */
public record IncidentContext(
    String symptomResourceId,
    TimeRange window,
    List<ErrorEvent> errors,
    List<Anomaly> anomalies,
    List<Alert> alerts,
    Optional<Set<String>> observedResourceIds) {

  /**
   * Creates a context that does not say which resources reported telemetry: {@code
   * observedResourceIds} is empty. The parameters are those of the canonical constructor.
   */
  public IncidentContext(
      String symptomResourceId,
      TimeRange window,
      List<ErrorEvent> errors,
      List<Anomaly> anomalies,
      List<Alert> alerts) {
    this(symptomResourceId, window, errors, anomalies, alerts, Optional.empty());
  }

  public IncidentContext {
    Objects.requireNonNull(symptomResourceId, "symptomResourceId");
    Objects.requireNonNull(window, "window");
    errors = List.copyOf(errors);
    anomalies = List.copyOf(anomalies);
    alerts = List.copyOf(alerts);
    observedResourceIds =
        Objects.requireNonNull(observedResourceIds, "observedResourceIds").map(Set::copyOf);
  }

  /**
   * Returns this context stating that exactly the resources in {@code ids} reported telemetry in
   * the window.
   */
  public IncidentContext withObservedResources(Set<String> ids) {
    return new IncidentContext(
        symptomResourceId, window, errors, anomalies, alerts, Optional.of(Set.copyOf(ids)));
  }

  /**
   * Returns whether {@code resourceId} reported telemetry in the window, or may have: true when
   * {@link #observedResourceIds} is unknown.
   */
  public boolean observed(String resourceId) {
    return observedResourceIds.map(ids -> ids.contains(resourceId)).orElse(true);
  }
}
