package io.topdeck.monitoring.benchmarks.rca;

import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.ErrorEvent;
import java.util.List;
import java.util.Objects;

/**
 * One incident of the benchmark: what a method may look at, and the ground truth it may not.
 *
 * @param id the case id, also its directory name
 * @param topology the resources and edges
 * @param metrics the metric series
 * @param changes deployments and configuration changes, oldest first
 * @param errors error events, oldest first
 * @param truth what really happened
 */
public record RcaCase(
    String id,
    CaseTopology topology,
    MetricFrame metrics,
    List<ChangeEvent> changes,
    List<ErrorEvent> errors,
    GroundTruth truth) {

  /** Validates and copies. */
  public RcaCase {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(truth, "truth");
    changes = List.copyOf(changes);
    errors = List.copyOf(errors);
  }

  /** Returns what a method is given: everything but the ground truth. */
  public RcaInput input() {
    return new RcaInput(id, topology, metrics, changes, errors, truth.injectTime());
  }
}
