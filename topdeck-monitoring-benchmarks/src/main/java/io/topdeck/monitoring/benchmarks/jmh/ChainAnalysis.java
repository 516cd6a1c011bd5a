package io.topdeck.monitoring.benchmarks.jmh;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.IncidentContext;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.RootCauseAnalysis;
import io.topdeck.monitoring.api.Severity;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.correlation.TopologyErrorCorrelator;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times {@link TopologyErrorCorrelator#analyze} on a single dependency chain in which every
 * resource fails, the deepest first: the worst case for walks that start at each failing resource.
 * Prints the median and the slowest of the runs for each length. Run it with, for example:
 *
 * <pre>
 * java -cp "$CP" io.topdeck.monitoring.benchmarks.jmh.ChainAnalysis 1000 4000 10000
 * </pre>
 */
public final class ChainAnalysis {

  private static final Instant T = Instant.parse("2026-12-01T09:40:00Z");
  private static final int RUNS = 7;

  private ChainAnalysis() {}

  /** Runs the analysis on chains of the lengths given (default 4,000), {@value #RUNS} times. */
  public static void main(String[] args) {
    List<Integer> lengths = new ArrayList<>();
    for (String a : args) {
      lengths.add(Integer.parseInt(a));
    }
    if (lengths.isEmpty()) {
      lengths.add(4_000);
    }
    for (int n : lengths) {
      TopologyErrorCorrelator correlator = TopologyErrorCorrelator.create(graph(n));
      IncidentContext context = context(n);
      long[] nanos = new long[RUNS];
      String root = "";
      for (int run = 0; run < RUNS; run++) {
        long start = System.nanoTime();
        RootCauseAnalysis analysis = correlator.analyze(context);
        nanos[run] = System.nanoTime() - start;
        root = analysis.rootCause().map(c -> c.resource().id()).orElse("none");
      }
      Arrays.sort(nanos);
      System.out.printf(
          Locale.ROOT,
          "chain of %d resources: median %.1f ms, slowest %.1f ms over %d runs; root %s%n",
          n,
          nanos[RUNS / 2] / 1e6,
          nanos[RUNS - 1] / 1e6,
          RUNS,
          root);
    }
  }

  static InMemoryTopologyGraph graph(int n) {
    InMemoryTopologyGraph.Builder b = InMemoryTopologyGraph.builder();
    for (int i = 0; i < n; i++) {
      b.resource(ResourceRef.of("r" + i, "service"));
      if (i > 0) {
        b.dependsOn("r" + (i - 1), "r" + i, "http");
      }
    }
    return b.build();
  }

  static IncidentContext context(int n) {
    List<Anomaly> anomalies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // The deepest resource fails first, each caller a tenth of a second after its dependency.
      Instant at = T.plusMillis(100L * (n - 1 - i));
      anomalies.add(
          new Anomaly(
              "latency_ms", "r" + i, at, at, Severity.HIGH, 50, 500, 8, 0.95, "latency rose"));
    }
    TimeRange window =
        new TimeRange(T.minus(Duration.ofMinutes(30)), T.plus(Duration.ofMillis(100L * n + 1)));
    return new IncidentContext("r0", window, List.of(), anomalies, List.of());
  }
}
