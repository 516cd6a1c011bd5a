package io.topdeck.monitoring.examples;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ErrorCorrelator;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.Evidence;
import io.topdeck.monitoring.api.IncidentContext;
import io.topdeck.monitoring.api.MetricSeries;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.RootCauseAnalysis;
import io.topdeck.monitoring.api.RootCauseCandidate;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.api.TopologyGraph;
import io.topdeck.monitoring.core.anomaly.SeriesAnomalyDetector;
import io.topdeck.monitoring.core.engine.CollectionEngine;
import io.topdeck.monitoring.core.engine.CollectionPlan;
import io.topdeck.monitoring.core.engine.CollectionReport;
import io.topdeck.monitoring.core.engine.CollectionResult;
import io.topdeck.monitoring.core.engine.ResourceData;
import io.topdeck.monitoring.core.incident.MetricColumns;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The library's main job end to end: collect every resource of a topology from one platform, detect
 * anomalies in each series, then correlate them with errors and changes to rank the root causes of
 * an incident, printing each step.
 */
final class IncidentReplay {

  private final TopologyGraph graph;
  private final MetricsCollector collector;
  private final ErrorCorrelator correlator;
  private final PrintStream out;

  IncidentReplay(
      TopologyGraph graph,
      MetricsCollector collector,
      ErrorCorrelator correlator,
      PrintStream out) {
    this.graph = graph;
    this.collector = collector;
    this.correlator = correlator;
    this.out = out;
  }

  RootCauseAnalysis run(String symptomResourceId, TimeRange window, Duration step) {
    List<ResourceRef> resources =
        graph.resources().stream().sorted(Comparator.comparing(ResourceRef::id)).toList();
    out.printf(
        "Collecting %d resources from platform '%s', %s, every %ds%n",
        resources.size(), collector.platform(), window, step.toSeconds());
    CollectionPlan.Builder plan = CollectionPlan.builder();
    for (ResourceRef resource : resources) {
      plan.addAll(collector.platform(), List.of(resource), signalsOf(resource));
    }
    CollectionResult result;
    try (CollectionEngine engine = CollectionEngine.builder().collector(collector).build()) {
      result = engine.collect(plan.build(), window, step);
    }
    printReport(result.report());
    List<Anomaly> anomalies = new ArrayList<>();
    List<ErrorEvent> errors = new ArrayList<>();
    int seriesCount = 0;
    for (ResourceData data : result.resources().values()) {
      List<MetricSeries> series = new ArrayList<>();
      series.addAll(MetricColumns.ofApplication(data.application()));
      series.addAll(MetricColumns.ofDatabase(data.database()));
      series.addAll(MetricColumns.ofInfrastructure(data.infrastructure()));
      seriesCount += series.size();
      for (MetricSeries s : series) {
        anomalies.addAll(SeriesAnomalyDetector.detect(data.resource().id(), s));
      }
      errors.addAll(data.errors());
    }
    out.printf(
        "Read %d series and %d error events; %d anomalies detected%n",
        seriesCount, errors.size(), anomalies.size());
    anomalies.sort(Comparator.comparing(Anomaly::onset));
    printAnomalies(anomalies);
    RootCauseAnalysis analysis =
        correlator.analyze(
            new IncidentContext(symptomResourceId, window, errors, anomalies, List.of()));
    printAnalysis(analysis);
    return analysis;
  }

  /**
   * Returns what is collected for a resource, by its type: request figures for applications,
   * database figures for databases, host figures for everything else, and errors for all.
   */
  static Set<Signal> signalsOf(ResourceRef resource) {
    String type = resource.type().toLowerCase(Locale.ROOT);
    Signal figures =
        type.contains("sql") || type.contains("database") || type.contains("rds")
            ? Signal.DATABASE
            : type.contains("app") || type.contains("api") || type.contains("gateway")
                ? Signal.APPLICATION
                : Signal.INFRASTRUCTURE;
    return EnumSet.of(figures, Signal.ERRORS);
  }

  private void printReport(CollectionReport report) {
    Map<CollectionReport.Status, Long> counts =
        report.outcomes().stream()
            .collect(
                Collectors.groupingBy(
                    CollectionReport.Outcome::status,
                    () -> new EnumMap<>(CollectionReport.Status.class),
                    Collectors.counting()));
    out.printf(
        "Collection report: %d complete, %d partial, %d failed%n",
        counts.getOrDefault(CollectionReport.Status.COMPLETE, 0L),
        counts.getOrDefault(CollectionReport.Status.PARTIAL, 0L),
        counts.getOrDefault(CollectionReport.Status.FAILED, 0L));
    for (CollectionReport.Outcome o : report.failures()) {
      out.printf(
          "  failed: %s %s %s: %s%n",
          o.platform(), o.resourceId(), o.signal(), o.failure().orElseThrow().message());
    }
  }

  /**
   * Prints one row per anomaly under a header: its onset (when the series began to deviate, the
   * time the analysis gives as "from"), the point the detector flagged it at, and its description,
   * whose value is the one at that point.
   */
  private void printAnomalies(List<Anomaly> anomalies) {
    if (anomalies.isEmpty()) {
      return;
    }
    out.printf("  %-20s  %-20s  %-14s %s%n", "onset", "flagged at", "resource", "anomaly");
    for (Anomaly a : anomalies) {
      out.printf(
          "  %-20s  %-20s  %-14s %s [%s]%n",
          a.onset(), a.detectedAt(), a.resourceId(), a.description(), a.severity());
    }
  }

  private void printAnalysis(RootCauseAnalysis analysis) {
    out.println();
    out.println("Analysis of " + analysis.symptomResourceId());
    int n = 1;
    for (String step : analysis.steps()) {
      out.printf("%2d. %s%n", n++, step);
    }
    out.println();
    if (analysis.rootCause().isEmpty()) {
      out.println("Root cause: none found; nothing in the window stands out.");
      return;
    }
    RootCauseCandidate top = analysis.rootCause().get();
    out.println("Root cause: " + top.summary());
    out.printf(Locale.ROOT, "Confidence: %.0f%%%n", 100 * top.confidence());
    out.println("Recommendation: " + top.recommendation());
    out.println("Evidence:");
    for (Evidence e : top.evidence()) {
      String weight = e.weight() == 0 ? "  info" : String.format(Locale.ROOT, "%+.2f", e.weight());
      out.printf(Locale.ROOT, "  %s  %s%n", weight, e.description());
    }
    if (analysis.candidates().size() > 1) {
      out.println("Other candidates:");
      for (RootCauseCandidate c : analysis.candidates().subList(1, analysis.candidates().size())) {
        out.printf(Locale.ROOT, "  %3.0f%%  %s%n", 100 * c.confidence(), c.summary());
      }
    }
  }
}
