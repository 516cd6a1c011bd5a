package io.topdeck.monitoring.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named series of points, ordered by timestamp with no duplicate timestamp.
 *
 * @param name the metric name
 * @param unit the unit, for example {@code seconds}, {@code bytes}, {@code percent}, or empty
 * @param labels the label set that identifies the series
 * @param points the samples in ascending time order
 */
public record MetricSeries(
    String name, String unit, Map<String, String> labels, List<MetricPoint> points) {

  public MetricSeries {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
    labels = Map.copyOf(labels);
    points = List.copyOf(points);
    for (int i = 1; i < points.size(); i++) {
      if (!points.get(i).timestamp().isAfter(points.get(i - 1).timestamp())) {
        throw new IllegalArgumentException(
            "points must be in strictly ascending time order, but point "
                + i
                + " is at "
                + points.get(i).timestamp()
                + " after "
                + points.get(i - 1).timestamp());
      }
    }
  }
}
