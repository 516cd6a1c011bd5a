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
import java.time.Duration;
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
    if (args[0].equals("--prometheus") && (args.length == 2 || args.length == 6)) {
      Duration lookback = Duration.ofHours(2);
      Duration step = Duration.ofSeconds(15);
      if (args.length == 6) {
        if (!args[2].equals("--lookback") || !args[4].equals("--step")) {
          err.println("Expected --lookback and --step after the URL, in that order");
          return usage(err);
        }
        lookback = parseDuration(args[3]);
        step = parseDuration(args[5]);
        if (lookback == null || step == null) {
          err.println("Durations are written like 15s, 30m or 2h");
          return usage(err);
        }
        if (step.compareTo(lookback) > 0) {
          err.println("The step must not be longer than the lookback");
          return usage(err);
        }
      }
      return new LiveMode(out).run(args[1], lookback, step, System.getenv());
    }
    return usage(err);
  }

  private static int usage(PrintStream err) {
    err.println("Usage: demo                  replay an incident on the in-memory platform");
    err.println(
        "       demo --prometheus URL [--lookback 2h --step 15s]"
            + "   read node_exporter targets of a live Prometheus");
    err.println("       (a bearer token, if needed, in " + LiveMode.TOKEN_VARIABLE + ")");
    return 2;
  }

  /** Parses {@code 15s}, {@code 30m} or {@code 2h}; returns null for anything else. */
  static Duration parseDuration(String text) {
    if (!text.matches("[1-9][0-9]{0,5}[smh]")) {
      return null;
    }
    long n = Long.parseLong(text.substring(0, text.length() - 1));
    return switch (text.charAt(text.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
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
