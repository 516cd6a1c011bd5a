package io.topdeck.monitoring.core.incident;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TimeRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one investigation by an {@link IncidentEngine}.
 *
 * @param symptom what the investigation started from
 * @param range the time range collected
 * @param resources the resources collected, the symptom's first
 * @param anomalies every anomaly detected in that range, by onset
 * @param reports one report per incident, the one involving the symptom's resource first, then by
 *     onset
 * @param gaps what could not be collected, one sentence each (a platform call that failed, or
 *     resources the scope's bound left out, say)
 * @since 0.1.0
 */
public record Investigation(
    Symptom symptom,
    TimeRange range,
    List<ResourceRef> resources,
    List<Anomaly> anomalies,
    List<IncidentReport> reports,
    List<String> gaps) {

  public Investigation {
    Objects.requireNonNull(symptom, "symptom");
    Objects.requireNonNull(range, "range");
    resources = List.copyOf(resources);
    anomalies = List.copyOf(anomalies);
    reports = List.copyOf(reports);
    gaps = List.copyOf(gaps);
  }

  /** Returns the report of the incident that involves the symptom's resource, if one does. */
  public Optional<IncidentReport> primary() {
    return reports.stream()
        .filter(r -> r.incident().involves(symptom.resourceId()))
        .findFirst()
        .or(() -> reports.stream().findFirst());
  }
}
