package io.topdeck.monitoring.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.topdeck.monitoring.api.InfrastructureMetrics;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TimeRange;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the collector against a real Prometheus scraping a real node exporter, both started on free
 * loopback ports with a temporary data directory, and compares its figures with Prometheus' own
 * answers to the same PromQL.
 */
class RealPrometheusTest {

  private static final Duration STEP = Duration.ofSeconds(1);

  private static LocalPrometheus servers;
  private static int prometheusPort;
  private static int nodePort;
  private static PrometheusCollector collector;
  private static ResourceRef node;

  @BeforeAll
  static void startServers() throws Exception {
    // 15 s of successful scrapes: rate() over the 4 s window then has points at every step of the
    // 5 s range that ends 4 s ago.
    try {
      servers = LocalPrometheus.start(Duration.ofSeconds(1), 14);
    } catch (IllegalStateException e) {
      fail(e.getMessage());
    }
    prometheusPort = URI.create(servers.url()).getPort();
    nodePort = servers.nodePort();
    collector =
        new PrometheusCollector(
            PrometheusConfig.builder(servers.url()).scrapeInterval(Duration.ofSeconds(1)).build());
    node =
        new ResourceRef(
            "node", "host", "node", Map.of("job", "node", "instance", servers.nodeInstance()));
  }

  @AfterAll
  static void stopServers() throws Exception {
    if (collector != null) {
      collector.close();
    }
    if (servers != null) {
      servers.close();
    }
  }

  @Test
  void infrastructureFiguresEqualPrometheusOwnAnswerToTheSamePromql() throws Exception {
    Instant end = Instant.now().minusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
    TimeRange range = new TimeRange(end.minusSeconds(5), end);

    List<InfrastructureMetrics> metrics = collector.infrastructureMetrics(node, range, STEP);

    assertThat(metrics)
        .extracting(InfrastructureMetrics::timestamp)
        .containsExactly(
            end.minusSeconds(5),
            end.minusSeconds(4),
            end.minusSeconds(3),
            end.minusSeconds(2),
            end.minusSeconds(1));
    Map<String, ToDoubleFunction<InfrastructureMetrics>> figures =
        Map.of(
            PromQlTemplates.CPU, InfrastructureMetrics::cpuPercent,
            PromQlTemplates.MEMORY_USED, InfrastructureMetrics::memoryUsedBytes,
            PromQlTemplates.MEMORY_PERCENT, InfrastructureMetrics::memoryPercent,
            PromQlTemplates.NETWORK_IN, InfrastructureMetrics::networkInBytesPerSec,
            PromQlTemplates.NETWORK_OUT, InfrastructureMetrics::networkOutBytesPerSec,
            PromQlTemplates.DISK_READ, InfrastructureMetrics::diskReadBytesPerSec,
            PromQlTemplates.DISK_WRITE, InfrastructureMetrics::diskWriteBytesPerSec);
    for (Map.Entry<String, ToDoubleFunction<InfrastructureMetrics>> figure : figures.entrySet()) {
      String promql =
          collector.promql(figure.getKey(), node, STEP, HttpConvention.MICROMETER).orElseThrow();
      // The collector reports Prometheus' value at each step's end at the step's start.
      Map<Instant, Double> expected =
          prometheusQueryRange(promql, range.from().plus(STEP), end, STEP);
      for (InfrastructureMetrics m : metrics) {
        double actual = figure.getValue().applyAsDouble(m);
        Double want = expected.get(m.timestamp().plus(STEP));
        if (want == null) {
          assertThat(actual).as(figure.getKey() + " at " + m.timestamp()).isNaN();
        } else {
          assertThat(actual)
              .as(figure.getKey() + " at " + m.timestamp() + " for " + promql)
              .isCloseTo(want, within(Math.abs(want) * 1e-12));
        }
      }
    }
    assertThat(metrics)
        .allSatisfy(
            m -> {
              assertThat(m.cpuPercent()).isBetween(0.0, 100.0);
              assertThat(m.networkInBytesPerSec()).isNotNaN();
              assertThat(m.networkOutBytesPerSec()).isNotNaN();
              assertThat(m.memoryPercent()).isBetween(0.0, 100.0);
              assertThat(m.containerRestarts()).isNaN();
            });
  }

  @Test
  void memoryUsedAgreesWithProcMeminfoWithinTenPercent() throws Exception {
    // Other processes on this machine change memory use by hundreds of MB within a second, so
    // /proc/meminfo is read just before and just after the scrape that the collector reports,
    // and the comparison is retried a few times when memory moved by more than 10% meanwhile.
    StringBuilder attempts = new StringBuilder();
    for (int attempt = 0; attempt < 5; attempt++) {
      Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), t).toMillis()));
      double before = meminfoUsedBytes();
      Thread.sleep(1_000);
      double after = meminfoUsedBytes();
      Thread.sleep(500);
      // The step [t, t + 1 s) reports the sample scraped last before t + 1 s.
      List<InfrastructureMetrics> metrics =
          collector.infrastructureMetrics(node, TimeRange.of(t, STEP), STEP);
      assertThat(metrics).hasSize(1);
      double used = metrics.get(0).memoryUsedBytes();
      double low = Math.min(before, after) * 0.9;
      double high = Math.max(before, after) * 1.1;
      if (used >= low && used <= high) {
        return;
      }
      attempts.append(
          String.format("%n  collector %.0f, meminfo %.0f .. %.0f", used, before, after));
    }
    fail("Memory used differs from /proc/meminfo by more than 10% in every attempt:" + attempts);
  }

  @Test
  void everyDefaultTemplateIsPromqlThatPrometheusAccepts() {
    Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    TimeRange range = new TimeRange(end.minusSeconds(3), end);
    ResourceRef everything =
        new ResourceRef(
            "pod",
            "pod",
            "pod",
            Map.of("job", "x", "instance", "y", "namespace", "ns", "pod", "p", "container", "c"));
    int evaluated = 0;
    for (HttpConvention convention :
        List.of(HttpConvention.MICROMETER, HttpConvention.HTTP_REQUEST_DURATION)) {
      for (String key : PromQlTemplates.KEYS) {
        Optional<String> promql = collector.promql(key, everything, STEP, convention);
        if (promql.isPresent()) {
          // A template Prometheus cannot parse fails here with BAD_QUERY.
          assertThat(collector.client().queryRange(promql.get(), range, STEP).series())
              .as(promql.get())
              .isEmpty();
          evaluated++;
        }
      }
    }
    assertThat(evaluated).isEqualTo(2 * (PromQlTemplates.KEYS.size() - 4));
    // The convention probe runs too, and finds no HTTP metrics on a node exporter.
    assertThat(collector.applicationMetrics(node, range, STEP)).isEmpty();
    assertThat(collector.databaseMetrics(node, range, STEP)).isEmpty();
  }

  @Test
  void discoveryListsTheScrapedNodeExporter() {
    assertThat(collector.discoverNodeExporterTargets())
        .contains(
            new ResourceRef(
                "node/127.0.0.1:" + nodePort,
                "host",
                "127.0.0.1:" + nodePort,
                Map.of("job", "node", "instance", "127.0.0.1:" + nodePort)));
  }

  @Test
  void buildInfoReportsTheServerVersion() {
    assertThat(collector.client().buildInfo().get("version")).startsWith("2.");
  }

  /** Asks Prometheus directly, without the client under test. */
  private static Map<Instant, Double> prometheusQueryRange(
      String promql, Instant start, Instant end, Duration step) throws Exception {
    String uri =
        "http://127.0.0.1:"
            + prometheusPort
            + "/api/v1/query_range?query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&start="
            + start.getEpochSecond()
            + "&end="
            + end.getEpochSecond()
            + "&step="
            + step.toSeconds();
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode result = new ObjectMapper().readTree(response.body()).path("data").path("result");
    assertThat(result.size()).as("series of " + promql).isLessThanOrEqualTo(1);
    Map<Instant, Double> out = new HashMap<>();
    for (JsonNode series : result) {
      for (JsonNode pair : series.path("values")) {
        long millis = new BigDecimal(pair.get(0).asText()).movePointRight(3).longValueExact();
        String v = pair.get(1).asText();
        out.put(
            Instant.ofEpochMilli(millis),
            v.equals("+Inf")
                ? Double.POSITIVE_INFINITY
                : v.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(v));
      }
    }
    return out;
  }

  private static double meminfoUsedBytes() throws IOException {
    Map<String, Long> kib = new HashMap<>();
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      String[] parts = line.split("\\s+");
      kib.put(parts[0].replace(":", ""), Long.parseLong(parts[1]));
    }
    return (kib.get("MemTotal") - kib.get("MemAvailable")) * 1024.0;
  }
}
