package io.topdeck.monitoring.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.topdeck.monitoring.api.InfrastructureMetrics;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.prometheus.LocalPrometheus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
      // One node exporter under two jobs, as overlapping scrape configs give.
      servers = LocalPrometheus.start(Duration.ofSeconds(1), 5, List.of("node", "hosts"));
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
  void printsARowWithFiguresPerJobThatScrapesTheNode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit =
        new LiveMode(new PrintStream(out, true, StandardCharsets.UTF_8))
            .run(servers.url(), Duration.ofMinutes(2), Duration.ofSeconds(1), Map.of());

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(text).isZero();
    assertThat(text).contains("scrapes 2 node_exporter target(s)");
    List<String[]> rows =
        text.lines()
            .filter(l -> l.startsWith(servers.nodeInstance() + "  "))
            .map(l -> l.trim().split("\\s{2,}"))
            .toList();
    assertThat(rows).as(text).hasSize(2);
    assertThat(rows).extracting(cells -> cells[1]).containsExactly("hosts", "node");
    for (String[] cells : rows) {
      // instance, job, cpu %, mem used, mem %, net in, net out, disk read, disk write, restarts
      assertThat(cells).as(String.join("|", cells)).hasSize(10);
      assertThat(Double.parseDouble(cells[2])).isBetween(0.0, 100.0);
      assertThat(cells[3]).matches("[0-9.]+ (MiB|GiB)");
      assertThat(Double.parseDouble(cells[4])).isBetween(0.1, 100.0);
      assertThat(cells[5]).endsWith("/s");
      assertThat(cells[9]).as("no kube-state-metrics here").isEqualTo("-");
    }
    assertThat(text)
        .contains(servers.nodeInstance() + " is scraped by 2 jobs (hosts, node)")
        .containsPattern("Anomalies: none|Anomalies:\\n  ");
  }

  @Test
  void tableNamesEachRowByInstanceAndJobInColumnsWideEnoughForBoth() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ResourceRef viaNode = target("node", "10.0.0.7:9100");
    ResourceRef viaFederation = target("federated-infrastructure", "10.0.0.7:9100");
    ResourceRef other = target("node", "10.0.0.8:9100");
    Instant t = Instant.parse("2026-11-30T14:00:00Z");

    new LiveMode(new PrintStream(out, true, StandardCharsets.UTF_8))
        .printTable(
            List.of(viaFederation, viaNode, other),
            Map.of(
                viaNode.id(), List.of(figures(viaNode, t, 12.5)),
                viaFederation.id(), List.of(figures(viaFederation, t, 12.0))));

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(0)).startsWith("instance       job                             cpu %");
    assertThat(lines.get(1)).startsWith("10.0.0.7:9100  federated-infrastructure         12.0");
    assertThat(lines.get(2)).startsWith("10.0.0.7:9100  node                             12.5");
    assertThat(lines.get(3)).startsWith("10.0.0.8:9100  node                                -");
    assertThat(lines.get(4))
        .isEqualTo(
            "10.0.0.7:9100 is scraped by 2 jobs (federated-infrastructure, node):"
                + " one target, read once per job");
    assertThat(lines).hasSize(5);
  }

  private static ResourceRef target(String job, String instance) {
    return new ResourceRef(
        job + "/" + instance, "host", instance, Map.of("job", job, "instance", instance));
  }

  private static InfrastructureMetrics figures(ResourceRef node, Instant t, double cpuPercent) {
    double nan = Double.NaN;
    return new InfrastructureMetrics(node, t, cpuPercent, 2e9, 40, 1e4, 2e4, 0, 5e3, nan);
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
