package io.topdeck.monitoring.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One sample of a series. The value may be {@code NaN} or infinite when the platform reported so
 * (for example a histogram quantile over no requests); consumers decide how to treat it.
 */
public record MetricPoint(Instant timestamp, double value) {

  public MetricPoint {
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
