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
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

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
    List<Anomaly> anomalies = new ArrayList<>();
    List<ErrorEvent> errors = new ArrayList<>();
    int seriesCount = 0;
    for (ResourceRef resource : resources) {
      List<MetricSeries> series = collect(resource, window, step);
      seriesCount += series.size();
      for (MetricSeries s : series) {
        anomalies.addAll(SeriesAnomalyDetector.detect(resource.id(), s));
      }
      errors.addAll(collector.errors(resource, window));
    }
    out.printf(
        "Read %d series and %d error events; %d anomalies detected%n",
        seriesCount, errors.size(), anomalies.size());
    anomalies.sort(Comparator.comparing(Anomaly::onset));
    for (Anomaly a : anomalies) {
      out.printf("  %s  %-14s %s [%s]%n", a.onset(), a.resourceId(), a.description(), a.severity());
    }
    RootCauseAnalysis analysis =
        correlator.analyze(
            new IncidentContext(symptomResourceId, window, errors, anomalies, List.of()));
    printAnalysis(analysis);
    return analysis;
  }

  private List<MetricSeries> collect(ResourceRef resource, TimeRange window, Duration step) {
    List<MetricSeries> series = new ArrayList<>();
    if (collector.supports(Signal.APPLICATION)) {
      series.addAll(
          MetricColumns.ofApplication(collector.applicationMetrics(resource, window, step)));
    }
    if (collector.supports(Signal.DATABASE)) {
      series.addAll(MetricColumns.ofDatabase(collector.databaseMetrics(resource, window, step)));
    }
    if (collector.supports(Signal.INFRASTRUCTURE)) {
      series.addAll(
          MetricColumns.ofInfrastructure(collector.infrastructureMetrics(resource, window, step)));
    }
    return series;
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
