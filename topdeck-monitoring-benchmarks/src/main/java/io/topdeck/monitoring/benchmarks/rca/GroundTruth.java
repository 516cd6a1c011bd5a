package io.topdeck.monitoring.benchmarks.rca;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What really happened in an incident.
 *
 * @param level the difficulty level, {@code L0} to {@code L5}, or the name of an outside corpus
 * @param fault the fault injected ({@code none} when nothing was)
 * @param injectTime when the fault began (for a fault-free window, the time the methods are asked
 *     about)
 * @param roots the faulty resources; empty when there is no root (a fault-free window, or a traffic
 *     surge that no component caused)
 * @param rootChanges the ids of the changes that caused the fault; empty when no change did
 * @param decoyChanges the ids of changes that had nothing to do with the fault
 */
public record GroundTruth(
    String level,
    String fault,
    Instant injectTime,
    List<String> roots,
    List<String> rootChanges,
    List<String> decoyChanges) {

  /** Validates and copies. */
  public GroundTruth {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(injectTime, "injectTime");
    roots = List.copyOf(roots);
    rootChanges = List.copyOf(rootChanges);
    decoyChanges = List.copyOf(decoyChanges);
  }

  /** Returns whether the incident has no root to find. */
  public boolean noRoot() {
    return roots.isEmpty();
  }

  /** Returns the first root change, if any. */
  public Optional<String> rootChange() {
    return rootChanges.isEmpty() ? Optional.empty() : Optional.of(rootChanges.get(0));
  }
}
