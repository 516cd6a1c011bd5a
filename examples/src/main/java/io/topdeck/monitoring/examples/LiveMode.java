package io.topdeck.monitoring.examples;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.InfrastructureMetrics;
import io.topdeck.monitoring.api.MetricSeries;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Secret;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.CollectorRegistry;
import io.topdeck.monitoring.core.anomaly.SeriesAnomalyDetector;
import io.topdeck.monitoring.core.engine.CollectionEngine;
import io.topdeck.monitoring.core.engine.CollectionPlan;
import io.topdeck.monitoring.core.engine.CollectionReport;
import io.topdeck.monitoring.core.engine.CollectionResult;
import io.topdeck.monitoring.core.engine.ResourceData;
import io.topdeck.monitoring.core.incident.MetricColumns;
import io.topdeck.monitoring.prometheus.PrometheusCollector;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Reads the infrastructure figures of every node_exporter target a live Prometheus scrapes, prints
 * the latest of each as a table, and lists the anomalies found in the series read.
 */
final class LiveMode {

  /** Environment variable holding an optional bearer token for Prometheus. */
  static final String TOKEN_VARIABLE = "TOPDECK_PROMETHEUS_TOKEN";

  private record Column(String header, ToDoubleFunction<InfrastructureMetrics> value, Unit unit) {}

  private enum Unit {
    PERCENT,
    BYTES,
    BYTES_PER_SECOND,
    COUNT
  }

  private static final List<Column> COLUMNS =
      List.of(
          new Column("cpu %", InfrastructureMetrics::cpuPercent, Unit.PERCENT),
          new Column("mem used", InfrastructureMetrics::memoryUsedBytes, Unit.BYTES),
          new Column("mem %", InfrastructureMetrics::memoryPercent, Unit.PERCENT),
          new Column("net in", InfrastructureMetrics::networkInBytesPerSec, Unit.BYTES_PER_SECOND),
          new Column(
              "net out", InfrastructureMetrics::networkOutBytesPerSec, Unit.BYTES_PER_SECOND),
          new Column(
              "disk read", InfrastructureMetrics::diskReadBytesPerSec, Unit.BYTES_PER_SECOND),
          new Column(
              "disk write", InfrastructureMetrics::diskWriteBytesPerSec, Unit.BYTES_PER_SECOND),
          new Column("restarts", InfrastructureMetrics::containerRestarts, Unit.COUNT));

  private final PrintStream out;

  LiveMode(PrintStream out) {
    this.out = out;
  }

  /** Runs against Prometheus at {@code url} and returns the exit code. */
  int run(String url, Duration lookback, Duration step, Map<String, String> environment) {
    Map<String, Secret> secrets =
        environment.containsKey(TOKEN_VARIABLE)
            ? Map.of("bearerToken", Secret.of(environment.get(TOKEN_VARIABLE)))
            : Map.of();
    PlatformConfig config = new PlatformConfig("prometheus", Map.of("url", url), secrets);
    try (MetricsCollector collector = CollectorRegistry.load().create(config)) {
      PrometheusCollector prometheus = (PrometheusCollector) collector;
      List<ResourceRef> nodes = prometheus.discoverNodeExporterTargets();
      out.printf("Prometheus at %s scrapes %d node_exporter target(s)%n", url, nodes.size());
      if (nodes.isEmpty()) {
        return 0;
      }
      TimeRange range = lastRange(lookback, step);
      out.printf(
          "Figures of %s, every %ds; each column shows the latest%n", range, step.toSeconds());
      CollectionPlan plan =
          CollectionPlan.builder()
              .addAll(collector.platform(), nodes, EnumSet.of(Signal.INFRASTRUCTURE))
              .build();
      CollectionResult result;
      try (CollectionEngine engine = CollectionEngine.builder().collector(collector).build()) {
        result = engine.collect(plan, range, step);
      }
      Map<String, List<InfrastructureMetrics>> rowsById = new LinkedHashMap<>();
      List<Anomaly> anomalies = new ArrayList<>();
      for (ResourceRef node : nodes) {
        List<InfrastructureMetrics> rows =
            result.resource(node.id()).map(ResourceData::infrastructure).orElse(List.of());
        rowsById.put(node.id(), rows);
        for (MetricSeries series : MetricColumns.ofInfrastructure(rows)) {
          anomalies.addAll(SeriesAnomalyDetector.detect(node.id(), series));
        }
      }
      printTable(nodes, rowsById);
      for (CollectionReport.Outcome o : result.report().failures()) {
        CollectionReport.Failure f = o.failure().orElseThrow();
        out.printf("Could not read %s: %s (%s)%n", o.resourceId(), f.message(), f.kind());
      }
      printAnomalies(anomalies);
      return result.report().failures().isEmpty() ? 0 : 1;
    } catch (MonitoringException e) {
      out.println("Prometheus could not be read: " + e.getMessage() + " (" + e.kind() + ")");
      return 1;
    } catch (ConfigurationException e) {
      out.println("Bad configuration: " + e.getMessage());
      return 2;
    }
  }

  /** Returns the range of {@code lookback} that ends at the last whole step before now. */
  private static TimeRange lastRange(Duration lookback, Duration step) {
    long stepMillis = step.toMillis();
    long end = Instant.now().toEpochMilli() / stepMillis * stepMillis;
    return TimeRange.ending(Instant.ofEpochMilli(end), lookback);
  }

  /**
   * Prints one row per target, named by its instance and job, with the latest of each figure. A
   * target that two jobs scrape is two sets of series in Prometheus (one per {@code job} label),
   * read separately, so it gets two rows that the job tells apart, and a line under the table says
   * which instances are scraped more than once: their figures are not two hosts.
   */
  void printTable(List<ResourceRef> nodes, Map<String, List<InfrastructureMetrics>> rowsById) {
    int instanceWidth = "instance".length();
    int jobWidth = "job".length();
    for (ResourceRef node : nodes) {
      instanceWidth = Math.max(instanceWidth, node.name().length());
      jobWidth = Math.max(jobWidth, job(node).length());
    }
    String names = "%-" + instanceWidth + "s  %-" + jobWidth + "s";
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, names, "instance", "job"));
    for (Column c : COLUMNS) {
      header.append(String.format(Locale.ROOT, "  %11s", c.header()));
    }
    out.println(header);
    Map<String, List<String>> jobsByInstance = new TreeMap<>();
    for (ResourceRef node : nodes) {
      List<InfrastructureMetrics> rows = rowsById.getOrDefault(node.id(), List.of());
      StringBuilder line =
          new StringBuilder(String.format(Locale.ROOT, names, node.name(), job(node)));
      for (Column c : COLUMNS) {
        line.append(
            String.format(Locale.ROOT, "  %11s", format(latest(rows, c.value()), c.unit())));
      }
      out.println(line);
      jobsByInstance.computeIfAbsent(node.name(), k -> new ArrayList<>()).add(job(node));
    }
    jobsByInstance.forEach(
        (instance, jobs) -> {
          if (jobs.size() > 1) {
            out.printf(
                "%s is scraped by %d jobs (%s): one target, read once per job%n",
                instance, jobs.size(), String.join(", ", jobs));
          }
        });
  }

  /** Returns the target's {@code job} label, or "-" when it has none. */
  private static String job(ResourceRef node) {
    String job = node.attribute("job");
    return job == null || job.isEmpty() ? "-" : job;
  }

  private void printAnomalies(List<Anomaly> anomalies) {
    if (anomalies.isEmpty()) {
      out.println("Anomalies: none");
      return;
    }
    out.println("Anomalies:");
    for (Anomaly a : anomalies) {
      out.printf("  %s  %s  %s [%s]%n", a.onset(), a.resourceId(), a.description(), a.severity());
    }
  }

  private static double latest(
      List<InfrastructureMetrics> rows, ToDoubleFunction<InfrastructureMetrics> value) {
    for (int i = rows.size() - 1; i >= 0; i--) {
      double v = value.applyAsDouble(rows.get(i));
      if (!Double.isNaN(v)) {
        return v;
      }
    }
    return Double.NaN;
  }

  static String format(double value, Unit unit) {
    if (Double.isNaN(value)) {
      return "-";
    }
    return switch (unit) {
      case PERCENT -> String.format(Locale.ROOT, "%.1f", value);
      case COUNT -> String.format(Locale.ROOT, "%.0f", value);
      case BYTES -> bytes(value);
      case BYTES_PER_SECOND -> bytes(value) + "/s";
    };
  }

  private static String bytes(double value) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int i = 0;
    while (Math.abs(value) >= 1024 && i < units.length - 1) {
      value /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, i == 0 ? "%.0f %s" : "%.1f %s", value, units[i]);
  }
}
