package io.topdeck.monitoring.core.engine.schedule;

import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.engine.CollectionResult;
import java.util.Objects;
import java.util.Set;

/**
 * What one scheduled window delivered.
 *
 * @param window the half-open window collected
 * @param platforms the platforms collected for it (those whose settle delay had passed)
 * @param result the merged data and the report
 */
public record WindowResult(TimeRange window, Set<String> platforms, CollectionResult result) {

  public WindowResult {
    Objects.requireNonNull(window, "window");
    platforms = Set.copyOf(platforms);
    Objects.requireNonNull(result, "result");
  }
}
