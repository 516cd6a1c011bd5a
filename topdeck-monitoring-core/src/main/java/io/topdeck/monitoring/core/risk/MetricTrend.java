package io.topdeck.monitoring.core.risk;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A significant, material trend of one of a resource's metrics.
 *
 * @param metricName the metric, for example {@code cpuPercent}
 * @param unit the metric's unit
 * @param trend the fitted trend
 * @param level the capacity level the metric is compared with, when it has one (95 for a percent)
 * @param timeToLevel how long until the trend reaches {@code level}, when it heads there
 * @param sentence the trend in words
 * @since 0.1.0
 */
public record MetricTrend(
    String metricName,
    String unit,
    Trend trend,
    OptionalDouble level,
    Optional<Duration> timeToLevel,
    String sentence) {

  public MetricTrend {
    Objects.requireNonNull(metricName, "metricName");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(trend, "trend");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(timeToLevel, "timeToLevel");
    Objects.requireNonNull(sentence, "sentence");
  }
}
