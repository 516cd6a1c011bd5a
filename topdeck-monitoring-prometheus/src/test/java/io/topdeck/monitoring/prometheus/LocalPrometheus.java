package io.topdeck.monitoring.prometheus;

import io.topdeck.monitoring.api.MonitoringException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus scraping a real node exporter, both from Debian's packages, started on free
 * loopback ports with a temporary data directory. Closing stops both and deletes the directory.
 * Shared with other modules' tests through this module's test jar.
 */
public final class LocalPrometheus implements AutoCloseable {

  /** The command that installs the servers. */
  public static final String INSTALL = "apt-get install -y prometheus prometheus-node-exporter";

  private static final String PROMETHEUS = "/usr/bin/prometheus";
  private static final String NODE_EXPORTER = "/usr/bin/prometheus-node-exporter";
  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);

  private final Path dir;
  private final int nodePort;
  private final int prometheusPort;
  private Process nodeExporter;
  private Process prometheus;
  private PrometheusClient client;

  private LocalPrometheus(Path dir, int nodePort, int prometheusPort) {
    this.dir = dir;
    this.nodePort = nodePort;
    this.prometheusPort = prometheusPort;
  }

  /**
   * Starts both servers, scraping the node exporter as job {@code node} every {@code
   * scrapeInterval}, and returns once Prometheus has scraped it successfully {@code scrapes} times
   * in a row.
   *
   * @throws IllegalStateException if a binary is missing (naming the install command), a server
   *     exits, or the scrapes do not succeed within a minute (with the servers' last log lines)
   */
  public static LocalPrometheus start(Duration scrapeInterval, int scrapes) throws IOException {
    return start(scrapeInterval, scrapes, List.of("node"));
  }

  /**
   * Starts both servers as {@link #start(Duration, int)} does, but scrapes the one node exporter
   * under each of {@code jobs} (as a Prometheus whose scrape configs overlap does), and returns
   * once every job has scraped it {@code scrapes} times in a row.
   */
  public static LocalPrometheus start(Duration scrapeInterval, int scrapes, List<String> jobs)
      throws IOException {
    if (jobs.isEmpty()) {
      throw new IllegalArgumentException("jobs must not be empty");
    }
    for (String binary : List.of(PROMETHEUS, NODE_EXPORTER)) {
      if (!Files.isExecutable(Path.of(binary))) {
        throw new IllegalStateException(binary + " is missing; install it with: " + INSTALL);
      }
    }
    LocalPrometheus servers =
        new LocalPrometheus(
            Files.createTempDirectory("topdeck-local-prometheus"), freePort(), freePort());
    try {
      servers.launch(scrapeInterval, jobs);
      long window = scrapeInterval.toSeconds() * (scrapes + 1);
      for (String job : jobs) {
        String up = "up{job=\"" + job + "\"}";
        servers.awaitValue(up, 1);
        servers.awaitValue("sum_over_time(" + up + "[" + window + "s]) >= bool " + scrapes, 1);
      }
      return servers;
    } catch (IOException | RuntimeException e) {
      servers.close();
      throw e;
    }
  }

  /** Returns the base URL of Prometheus. */
  public String url() {
    return "http://127.0.0.1:" + prometheusPort;
  }

  /** Returns the port of the node exporter. */
  public int nodePort() {
    return nodePort;
  }

  /** Returns the node exporter's {@code instance} label as Prometheus writes it. */
  public String nodeInstance() {
    return "127.0.0.1:" + nodePort;
  }

  private void launch(Duration scrapeInterval, List<String> jobs) throws IOException {
    nodeExporter =
        run(
            "node-exporter",
            NODE_EXPORTER,
            "--web.listen-address=" + nodeInstance(),
            "--no-collector.systemd");
    Path config = dir.resolve("prometheus.yml");
    long seconds = scrapeInterval.toSeconds();
    StringBuilder yaml =
        new StringBuilder()
            .append("global:\n")
            .append("  scrape_interval: ")
            .append(seconds)
            .append("s\n")
            .append("  evaluation_interval: ")
            .append(seconds)
            .append("s\n")
            .append("scrape_configs:\n");
    for (String job : jobs) {
      yaml.append("  - job_name: ")
          .append(job)
          .append("\n    static_configs:\n      - targets: ['")
          .append(nodeInstance())
          .append("']\n");
    }
    Files.writeString(config, yaml);
    prometheus =
        run(
            "prometheus",
            PROMETHEUS,
            "--config.file=" + config,
            "--storage.tsdb.path=" + dir.resolve("data"),
            "--web.listen-address=127.0.0.1:" + prometheusPort);
    client = new PrometheusClient(PrometheusConfig.builder(url()).build());
  }

  private Process run(String name, String... command) throws IOException {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile())
        .start();
  }

  private void awaitValue(String promql, double value) throws IOException {
    long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!prometheus.isAlive() || !nodeExporter.isAlive()) {
        throw new IllegalStateException(
            "A server exited while waiting for " + promql + "\n" + logs());
      }
      try {
        QueryResult result = client.query(promql, Instant.now());
        last = result.series().toString();
        if (!result.series().isEmpty() && result.series().get(0).points().get(0).value() == value) {
          return;
        }
      } catch (MonitoringException e) {
        last = e.getMessage();
      }
      sleep(250);
    }
    throw new IllegalStateException(
        "Prometheus did not answer "
            + promql
            + " == "
            + value
            + " within "
            + STARTUP_LIMIT
            + "; last answer: "
            + last
            + "\n"
            + logs());
  }

  /** Returns the last lines each server wrote. */
  public String logs() throws IOException {
    StringBuilder out = new StringBuilder();
    for (String name : List.of("prometheus", "node-exporter")) {
      Path log = dir.resolve(name + ".log");
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      out.append("--- last lines of ").append(name).append(" output:\n");
      lines
          .subList(Math.max(0, lines.size() - 20), lines.size())
          .forEach(l -> out.append(l).append('\n'));
    }
    return out.toString();
  }

  @Override
  public void close() throws IOException {
    if (client != null) {
      client.close();
    }
    stop(prometheus);
    stop(nodeExporter);
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static void stop(Process process) {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Prometheus", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
