package io.topdeck.monitoring.core.incident;

import io.topdeck.monitoring.api.Alert;
import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TimeRange;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Anomalies, errors and alerts that started close in time on connected resources, grouped as one
 * incident.
 *
 * @param id an id derived from the root resource and the first onset (and, when those clash, the
 *     anchor): the same for the same findings, unique among the incidents of one grouping (see
 *     {@link IncidentGrouper})
 * @param root the resource where the failure starts in the topology: the member no other member's
 *     failure lies below; the root <em>cause</em> (which may be a change to a caller) is the
 *     analysis' finding
 * @param onset the earliest onset among the members
 * @param window the range from the first onset to one second past the last one (ending at {@link
 *     Instant#MAX} when that would pass it)
 * @param anomalies the member anomalies, by onset
 * @param errors the member errors, by time
 * @param alerts the member alerts, by start
 * @param linkedSymptoms the other member resources, by first onset: the callers whose failures
 *     follow from the root's, linked to this incident rather than reported as incidents of their
 *     own
 * @since 0.1.0
 */
public record Incident(
    String id,
    ResourceRef root,
    Instant onset,
    TimeRange window,
    List<Anomaly> anomalies,
    List<ErrorEvent> errors,
    List<Alert> alerts,
    List<ResourceRef> linkedSymptoms) {

  public Incident {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(onset, "onset");
    Objects.requireNonNull(window, "window");
    anomalies = List.copyOf(anomalies);
    errors = List.copyOf(errors);
    alerts = List.copyOf(alerts);
    linkedSymptoms = List.copyOf(linkedSymptoms);
    if (anomalies.isEmpty() && errors.isEmpty() && alerts.isEmpty()) {
      throw new IllegalArgumentException("an incident needs at least one anomaly, error or alert");
    }
  }

  /** Returns whether {@code resourceId} is the root or one of the linked symptoms. */
  public boolean involves(String resourceId) {
    return root.id().equals(resourceId)
        || linkedSymptoms.stream().anyMatch(r -> r.id().equals(resourceId));
  }
}
