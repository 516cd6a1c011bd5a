package io.topdeck.monitoring.core.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.DatabaseMetrics;
import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.MetricSeries;
import io.topdeck.monitoring.api.ResourceRef;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricColumnsTest {

  private static final ResourceRef DB = ResourceRef.of("db", "sql_database");
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  private static DatabaseMetrics row(Instant t, double queryTime, double cpu) {
    return new DatabaseMetrics(
        DB,
        t,
        Double.NaN,
        queryTime,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        cpu,
        Double.NaN);
  }

  @Test
  void keepsReportedFiguresInTimeOrderAndTheFirstRowOfARepeatedStep() {
    List<MetricSeries> series =
        MetricColumns.ofDatabase(
            List.of(
                row(T0.plusSeconds(60), 14, Double.NaN),
                row(T0, 12, 40),
                row(T0.plusSeconds(60), 99, 99)));

    assertThat(series)
        .extracting(MetricSeries::name)
        .containsExactly("averageQueryTimeMs", "cpuPercent");
    assertThat(series.get(0).unit()).isEqualTo("ms");
    assertThat(series.get(0).points())
        .containsExactly(new MetricPoint(T0, 12), new MetricPoint(T0.plusSeconds(60), 14));
    assertThat(series.get(1).points().get(1).value()).isNaN();
  }

  @Test
  void aFigureReportedOnlyAsNaNOrInfiniteIsNoData() {
    List<MetricSeries> series =
        MetricColumns.ofDatabase(
            List.of(
                row(T0, Double.NaN, Double.POSITIVE_INFINITY),
                row(T0.plusSeconds(60), Double.NaN, Double.NaN),
                row(T0.plusSeconds(120), Double.NaN, Double.NEGATIVE_INFINITY)));

    assertThat(series).isEmpty();
  }
}
