package io.topdeck.monitoring.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.topdeck.monitoring.prometheus.LocalPrometheus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo's live mode against a real Prometheus scraping a real node exporter. */
class LiveModeTest {

  private static LocalPrometheus servers;

  @BeforeAll
  static void startServers() throws IOException {
    try {
      servers = LocalPrometheus.start(Duration.ofSeconds(1), 5);
    } catch (IllegalStateException e) {
      fail(e.getMessage());
    }
  }

  @AfterAll
  static void stopServers() throws IOException {
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  void printsATableRowWithFiguresForTheScrapedNode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit =
        new LiveMode(new PrintStream(out, true, StandardCharsets.UTF_8))
            .run(servers.url(), Duration.ofMinutes(2), Duration.ofSeconds(1), Map.of());

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(text).isZero();
    assertThat(text).contains("scrapes 1 node_exporter target(s)");
    String row =
        text.lines()
            .filter(l -> l.startsWith(servers.nodeInstance()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no row for the node in:\n" + text));
    String[] cells = row.substring(24).trim().split("\\s{2,}");
    // cpu %, mem used, mem %, net in, net out, disk read, disk write, restarts
    assertThat(cells).as(row).hasSize(8);
    assertThat(Double.parseDouble(cells[0])).isBetween(0.0, 100.0);
    assertThat(cells[1]).matches("[0-9.]+ (MiB|GiB)");
    assertThat(Double.parseDouble(cells[2])).isBetween(0.1, 100.0);
    assertThat(cells[3]).endsWith("/s");
    assertThat(cells[7]).as("no kube-state-metrics here").isEqualTo("-");
    assertThat(text).containsPattern("Anomalies: none|Anomalies:\\n  ");
  }

  @Test
  void unreachablePrometheusIsReportedAsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit =
        new LiveMode(new PrintStream(out, true, StandardCharsets.UTF_8))
            .run(
                "http://127.0.0.1:" + closedPort,
                Duration.ofMinutes(2),
                Duration.ofSeconds(1),
                Map.of());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Prometheus could not be read")
        .contains("(UNAVAILABLE)");
  }

  @Test
  void bearerTokenFromTheEnvironmentIsNeverPrinted() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    new LiveMode(new PrintStream(out, true, StandardCharsets.UTF_8))
        .run(
            servers.url(),
            Duration.ofMinutes(1),
            Duration.ofSeconds(1),
            Map.of(LiveMode.TOKEN_VARIABLE, "tok-live-mode-5150"));

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("node_exporter target")
        .doesNotContain("tok-live-mode-5150");
  }

  @Test
  void urlWithoutSchemeIsABadConfigurationNotACrash() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit =
        new LiveMode(new PrintStream(out, true, StandardCharsets.UTF_8))
            .run("127.0.0.1:9090", Duration.ofMinutes(1), Duration.ofSeconds(1), Map.of());

    assertThat(exit).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "Bad configuration: url must start with http:// or https://, but was"
                + " '127.0.0.1:9090'");
  }
}
