package io.topdeck.monitoring.benchmarks.rca;

import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ResourceRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-made incident: gateway {@code gw} calls service {@code svc}, which uses database {@code
 * db}. A deployment of {@code svc} a minute before the incident makes it fail; the gateway follows
 * a minute later, less strongly; the database stays healthy.
 */
final class TinyCase {

  static final long START = 1_764_000_000L;
  static final int POINTS = 120;
  static final Instant INCIDENT = Instant.ofEpochSecond(START + 80 * 30);
  static final String DEPLOYMENT = "chg-1";

  private TinyCase() {}

  static RcaCase create() {
    return create(true);
  }

  /** Returns the case, or when {@code failing} is false the same resources with nothing wrong. */
  static RcaCase create(boolean failing) {
    double on = failing ? 1 : 0;
    CaseTopology topology =
        new CaseTopology(
            List.of(
                new ResourceRef("gw", "api_gateway", "gateway", Map.of("service", "gateway")),
                new ResourceRef("svc", "service", "orders", Map.of("service", "orders")),
                new ResourceRef("db", "sql_database", "orders-db", Map.of("service", "orders-db"))),
            List.of(
                new Dependency("gw", "svc", Dependency.Type.DEPENDS_ON, "http", 1.0),
                new Dependency("svc", "db", Dependency.Type.DEPENDS_ON, "database", 1.0)));
    long[] times = new long[POINTS];
    for (int i = 0; i < POINTS; i++) {
      times[i] = START + i * 30L;
    }
    Map<SeriesKey, double[]> series = new LinkedHashMap<>();
    series.put(new SeriesKey("gw", "latency_ms"), wave(100, 2, 1.3, 82, 40 * on));
    series.put(new SeriesKey("gw", "error_rate"), wave(0.01, 0.001, 2.1, 82, 0.05 * on));
    series.put(new SeriesKey("svc", "latency_ms"), wave(60, 1.5, 1.7, 80, 60 * on));
    series.put(new SeriesKey("svc", "error_rate"), wave(0.01, 0.001, 0.9, 80, 0.3 * on));
    series.put(new SeriesKey("db", "db_query_time_ms"), wave(5, 0.2, 2.9, POINTS, 0));
    series.put(new SeriesKey("db", "cpu_percent"), wave(30, 1.5, 0.7, POINTS, 0));
    ChangeEvent deployment =
        ChangeEvent.deployment(DEPLOYMENT, INCIDENT.minusSeconds(60), "svc", "v1.1", "v1.0");
    GroundTruth truth =
        new GroundTruth(
            "L1", "bad_deployment", INCIDENT, List.of("svc"), List.of(DEPLOYMENT), List.of());
    return new RcaCase(
        "tiny", topology, new MetricFrame(times, series), List.of(deployment), List.of(), truth);
  }

  /** Returns a deterministic wobble around {@code base}, plus {@code step} from {@code from} on. */
  static double[] wave(double base, double amplitude, double frequency, int from, double step) {
    double[] v = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      v[i] = base + amplitude * Math.sin(i * frequency) + (i >= from ? step : 0);
    }
    return v;
  }
}
