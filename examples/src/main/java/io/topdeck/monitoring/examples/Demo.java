package io.topdeck.monitoring.examples;

import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.RootCauseAnalysis;
import io.topdeck.monitoring.core.CollectorRegistry;
import io.topdeck.monitoring.core.correlation.TopologyErrorCorrelator;
import io.topdeck.monitoring.core.inmemory.InMemoryPlatform;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The demo. With no arguments it replays an incident on the in-memory platform and prints its root
 * cause; with {@code --prometheus URL} it reads the node_exporter targets of a live Prometheus.
 */
public final class Demo {

  private static final String DATASET = "demo-deadlock-incident";

  private Demo() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the demo and returns its exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      return replayIncident(out);
    }
    err.println("Usage: demo            replay an incident on the in-memory platform");
    return 2;
  }

  private static int replayIncident(PrintStream out) {
    out.println("TopDeck Monitoring demo: an incident replayed on the in-memory platform");
    InMemoryTopologyGraph graph = DeadlockIncident.topology();
    InMemoryPlatform.Registration registration =
        DeadlockIncident.platform(20261130L).register(DATASET);
    try (MetricsCollector collector =
        CollectorRegistry.load()
            .create(PlatformConfig.of(InMemoryPlatform.ID, Map.of("dataset", DATASET)))) {
      TopologyErrorCorrelator correlator =
          TopologyErrorCorrelator.builder(graph)
              .clock(Clock.fixed(DeadlockIncident.WINDOW.to(), ZoneOffset.UTC))
              .build();
      RootCauseAnalysis analysis =
          new IncidentReplay(graph, collector, correlator, out)
              .run(DeadlockIncident.WEBAPP.id(), DeadlockIncident.WINDOW, DeadlockIncident.STEP);
      return analysis.rootCause().isPresent() ? 0 : 1;
    } finally {
      registration.close();
    }
  }
}
