package io.topdeck.monitoring.examples;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.MetricSeries;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Secret;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.CollectorRegistry;
import io.topdeck.monitoring.core.anomaly.SeriesAnomalyDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The README's embedding example, kept here so that it compiles: read a service's p95 latency from
 * Prometheus and look for anomalies in it. Run it with a Prometheus URL, a {@code job} label and,
 * optionally, a bearer token in {@code PROM_TOKEN}.
 */
public final class EmbeddingExample {

  private EmbeddingExample() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("Usage: EmbeddingExample <prometheus-url> <job>");
      System.exit(2);
    }
    String token = System.getenv("PROM_TOKEN");
    PlatformConfig config =
        new PlatformConfig(
            "prometheus",
            Map.of("url", args[0]),
            token == null ? Map.of() : Map.of("bearerToken", Secret.of(token)));
    ResourceRef checkout = ResourceRef.of("checkout", "web_app", Map.of("job", args[1]));
    TimeRange lastDay = TimeRange.ending(Instant.now(), Duration.ofDays(1));

    try (MetricsCollector prometheus = CollectorRegistry.load().create(config)) {
      List<ApplicationMetrics> rows =
          prometheus.applicationMetrics(checkout, lastDay, Duration.ofMinutes(5));
      List<MetricPoint> p95 =
          rows.stream().map(m -> new MetricPoint(m.timestamp(), m.p95ResponseTimeMs())).toList();
      MetricSeries series = new MetricSeries("p95 latency", "ms", Map.of(), p95);
      System.out.println(rows.size() + " points of p95 latency for job " + args[1]);
      for (Anomaly a : SeriesAnomalyDetector.detect(checkout.id(), series)) {
        System.out.println(a.onset() + " " + a.description());
      }
    }
  }
}
