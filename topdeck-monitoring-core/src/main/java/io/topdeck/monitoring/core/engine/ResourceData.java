package io.topdeck.monitoring.core.engine;

import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.DatabaseMetrics;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.InfrastructureMetrics;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TraceSpan;
import java.util.List;
import java.util.Objects;

/**
 * Everything collected for one resource in one run, merged across platforms: one record per step
 * (figures of the same step from several platforms are merged, the first platform of the plan
 * winning where both reported a figure), and events in time order without duplicates. Only data
 * inside the run's half-open range is kept.
 *
 * @param resource the resource
 * @param application application figures per step, ascending
 * @param database database figures per step, ascending
 * @param infrastructure infrastructure figures per step, ascending
 * @param errors errors, oldest first, messages and stack traces masked
 * @param traces spans, by start time
 * @param changes changes, oldest first
 */
public record ResourceData(
    ResourceRef resource,
    List<ApplicationMetrics> application,
    List<DatabaseMetrics> database,
    List<InfrastructureMetrics> infrastructure,
    List<ErrorEvent> errors,
    List<TraceSpan> traces,
    List<ChangeEvent> changes) {

  public ResourceData {
    Objects.requireNonNull(resource, "resource");
    application = List.copyOf(application);
    database = List.copyOf(database);
    infrastructure = List.copyOf(infrastructure);
    errors = List.copyOf(errors);
    traces = List.copyOf(traces);
    changes = List.copyOf(changes);
  }
}
