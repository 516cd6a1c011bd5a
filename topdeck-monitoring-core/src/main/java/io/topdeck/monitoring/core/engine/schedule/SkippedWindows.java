package io.topdeck.monitoring.core.engine.schedule;

import io.topdeck.monitoring.api.TimeRange;
import java.util.Objects;

/**
 * Windows of one platform the scheduler will never collect, because more were due than its catch-up
 * limit allows (a long pause of the host, or a forward jump of the clock). The range is the gap the
 * host's store will have unless it back-fills it by other means.
 *
 * @param platform the platform whose windows were skipped
 * @param range the half-open range the skipped windows cover, whole windows only
 * @param windows how many windows the range holds, at least 1
 */
public record SkippedWindows(String platform, TimeRange range, long windows) {

  public SkippedWindows {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(range, "range");
    if (windows < 1) {
      throw new IllegalArgumentException("windows must be at least 1, but was " + windows);
    }
  }
}
