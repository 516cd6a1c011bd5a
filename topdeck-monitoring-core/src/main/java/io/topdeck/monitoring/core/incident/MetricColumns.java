package io.topdeck.monitoring.core.incident;

import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.DatabaseMetrics;
import io.topdeck.monitoring.api.InfrastructureMetrics;
import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.MetricSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Splits rows of typed metrics into one series per figure, named after the record component (for
 * example {@code averageQueryTimeMs}), with a unit ({@code ms}, {@code percent}, {@code ratio}...),
 * for the detectors and trend fits.
 *
 * @since 0.1.0
 */
public final class MetricColumns {

  private record Column<T>(String name, String unit, ToDoubleFunction<T> value) {}

  private static final List<Column<ApplicationMetrics>> APPLICATION =
      List.of(
          new Column<>("requestRate", "requests/s", ApplicationMetrics::requestRate),
          new Column<>("errorRate", "ratio", ApplicationMetrics::errorRate),
          new Column<>("averageResponseTimeMs", "ms", ApplicationMetrics::averageResponseTimeMs),
          new Column<>("p95ResponseTimeMs", "ms", ApplicationMetrics::p95ResponseTimeMs),
          new Column<>("p99ResponseTimeMs", "ms", ApplicationMetrics::p99ResponseTimeMs));

  private static final List<Column<DatabaseMetrics>> DATABASE =
      List.of(
          new Column<>("queriesPerSecond", "queries/s", DatabaseMetrics::queriesPerSecond),
          new Column<>("averageQueryTimeMs", "ms", DatabaseMetrics::averageQueryTimeMs),
          new Column<>("slowQueriesPerSecond", "queries/s", DatabaseMetrics::slowQueriesPerSecond),
          new Column<>("deadlocks", "", DatabaseMetrics::deadlocks),
          new Column<>("timeouts", "", DatabaseMetrics::timeouts),
          new Column<>("lockWaitTimeMs", "ms", DatabaseMetrics::lockWaitTimeMs),
          new Column<>("connectionPoolUsage", "ratio", DatabaseMetrics::connectionPoolUsage),
          new Column<>("cpuPercent", "percent", DatabaseMetrics::cpuPercent),
          new Column<>("storagePercent", "percent", DatabaseMetrics::storagePercent));

  private static final List<Column<InfrastructureMetrics>> INFRASTRUCTURE =
      List.of(
          new Column<>("cpuPercent", "percent", InfrastructureMetrics::cpuPercent),
          new Column<>("memoryUsedBytes", "bytes", InfrastructureMetrics::memoryUsedBytes),
          new Column<>("memoryPercent", "percent", InfrastructureMetrics::memoryPercent),
          new Column<>(
              "networkInBytesPerSec", "bytes/s", InfrastructureMetrics::networkInBytesPerSec),
          new Column<>(
              "networkOutBytesPerSec", "bytes/s", InfrastructureMetrics::networkOutBytesPerSec),
          new Column<>(
              "diskReadBytesPerSec", "bytes/s", InfrastructureMetrics::diskReadBytesPerSec),
          new Column<>(
              "diskWriteBytesPerSec", "bytes/s", InfrastructureMetrics::diskWriteBytesPerSec),
          new Column<>("containerRestarts", "", InfrastructureMetrics::containerRestarts));

  private MetricColumns() {}

  /** Returns a series per reported figure of {@code rows}. */
  public static List<MetricSeries> ofApplication(List<ApplicationMetrics> rows) {
    return split(rows, APPLICATION, ApplicationMetrics::timestamp);
  }

  /** Returns a series per reported figure of {@code rows}. */
  public static List<MetricSeries> ofDatabase(List<DatabaseMetrics> rows) {
    return split(rows, DATABASE, DatabaseMetrics::timestamp);
  }

  /** Returns a series per reported figure of {@code rows}. */
  public static List<MetricSeries> ofInfrastructure(List<InfrastructureMetrics> rows) {
    return split(rows, INFRASTRUCTURE, InfrastructureMetrics::timestamp);
  }

  /**
   * Returns a series per column with at least one reported (finite) value: a column that is only
   * NaN or infinite is no data, not a series; rows are sorted and a repeated timestamp keeps its
   * first row, since a platform may return overlapping steps.
   */
  private static <T> List<MetricSeries> split(
      List<T> rows, List<Column<T>> columns, Function<T, Instant> time) {
    List<T> sorted = new ArrayList<>(rows);
    sorted.sort(java.util.Comparator.comparing(time));
    List<T> unique = new ArrayList<>(sorted.size());
    for (T row : sorted) {
      if (unique.isEmpty() || time.apply(unique.get(unique.size() - 1)).isBefore(time.apply(row))) {
        unique.add(row);
      }
    }
    List<MetricSeries> out = new ArrayList<>();
    for (Column<T> column : columns) {
      List<MetricPoint> points = new ArrayList<>(unique.size());
      boolean reported = false;
      for (T row : unique) {
        double v = column.value().applyAsDouble(row);
        reported |= Double.isFinite(v);
        points.add(new MetricPoint(time.apply(row), v));
      }
      if (reported) {
        out.add(new MetricSeries(column.name(), column.unit(), Map.of(), points));
      }
    }
    return out;
  }
}
