package io.topdeck.monitoring.prometheus;

import static io.topdeck.monitoring.prometheus.MockPrometheus.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.MetricSeries;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.TimeRange;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Serves every payload of {@code ${topdeck.shared.dir}/fixtures/prometheus} through a local server
 * and checks that the client parses it to the values its {@code EXPECTED.md} states.
 */
@Tag("acceptance")
class PrometheusFixturesAcceptanceTest {

  private static final Set<String> COVERED =
      Set.of(
          "query-vector-up.docs.json",
          "query-range-matrix-up.docs.json",
          "query-scalar.openapi-golden.converted.json",
          "error-tsdb-not-ready.openapi-golden.converted.json",
          "query-range-nan.grafana.json",
          "query-range-infinity.grafana.json");

  private final MockWebServer server = new MockWebServer();
  private PrometheusClient client;

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    client = new PrometheusClient(PrometheusConfig.builder(server.url("/").toString()).build());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private static Path fixtures() {
    String shared = System.getProperty("topdeck.shared.dir");
    if (shared == null || shared.isBlank()) {
      fail(
          "System property topdeck.shared.dir is not set; run with"
              + " mvn -B -ntp -P acceptance -pl topdeck-monitoring-prometheus -am verify");
    }
    Path dir = Path.of(shared, "fixtures", "prometheus");
    if (!Files.isDirectory(dir)) {
      fail("Fixture folder " + dir.toAbsolutePath() + " is missing");
    }
    return dir;
  }

  private void serve(String name) throws IOException {
    server.enqueue(json(200, Files.readString(fixtures().resolve(name))));
  }

  private QueryResult range(String name) throws IOException {
    serve(name);
    Instant from = Instant.parse("2020-01-01T00:00:00Z");
    return client.queryRange(
        "up", TimeRange.of(from, Duration.ofMinutes(1)), Duration.ofSeconds(15));
  }

  private static Instant seconds(String decimal) {
    return Instant.ofEpochMilli(
        new java.math.BigDecimal(decimal).movePointRight(3).longValueExact());
  }

  @Test
  void everyFixtureInTheFolderIsCovered() throws IOException {
    Set<String> present;
    try (Stream<Path> files = Files.list(fixtures())) {
      present =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".json"))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(present)
        .as("fixtures without a check here")
        .containsExactlyInAnyOrderElementsOf(COVERED);
  }

  @Test
  void vectorUpHasTwoSamplesAtMillisecondTimestamps() throws IOException {
    serve("query-vector-up.docs.json");

    QueryResult result = client.query("up", Instant.parse("2015-07-01T20:10:51.781Z"));

    assertThat(result.type()).isEqualTo(QueryResult.Type.VECTOR);
    assertThat(result.warnings()).isEmpty();
    Instant at = Instant.parse("2015-07-01T20:10:51.781Z");
    assertThat(at).isEqualTo(seconds("1435781451.781"));
    assertThat(result.series())
        .containsExactly(
            new MetricSeries(
                "up",
                "",
                Map.of("__name__", "up", "job", "prometheus", "instance", "localhost:9090"),
                List.of(new MetricPoint(at, 1))),
            new MetricSeries(
                "up",
                "",
                Map.of("__name__", "up", "job", "node", "instance", "localhost:9100"),
                List.of(new MetricPoint(at, 0))));
  }

  @Test
  void matrixUpHasTwoSeriesOfThreePoints() throws IOException {
    QueryResult result = range("query-range-matrix-up.docs.json");

    assertThat(result.type()).isEqualTo(QueryResult.Type.MATRIX);
    assertThat(result.series()).hasSize(2);
    assertThat(result.series().get(0).labels())
        .isEqualTo(Map.of("__name__", "up", "job", "prometheus", "instance", "localhost:9090"));
    assertThat(result.series().get(0).points())
        .containsExactly(
            new MetricPoint(seconds("1435781430.781"), 1),
            new MetricPoint(seconds("1435781445.781"), 1),
            new MetricPoint(seconds("1435781460.781"), 1));
    assertThat(result.series().get(1).labels())
        .isEqualTo(Map.of("__name__", "up", "job", "node", "instance", "localhost:9091"));
    assertThat(result.series().get(1).points())
        .containsExactly(
            new MetricPoint(seconds("1435781430.781"), 0),
            new MetricPoint(seconds("1435781445.781"), 0),
            new MetricPoint(seconds("1435781460.781"), 1));
    assertThat(result.series().get(0).points().get(0).timestamp())
        .isEqualTo(Instant.parse("2015-07-01T20:10:30.781Z"));
    assertThat(result.series().get(1).points().get(2).timestamp())
        .isEqualTo(Instant.parse("2015-07-01T20:11:00.781Z"));
    assertThat(result.series().stream().mapToInt(s -> s.points().size()).sum()).isEqualTo(6);
  }

  @Test
  void scalarIsOnePointWithoutLabels() throws IOException {
    serve("query-scalar.openapi-golden.converted.json");

    QueryResult result = client.query("42", Instant.ofEpochSecond(1767436620));

    assertThat(result.type()).isEqualTo(QueryResult.Type.SCALAR);
    assertThat(result.series())
        .containsExactly(
            new MetricSeries(
                "", "", Map.of(), List.of(new MetricPoint(Instant.ofEpochSecond(1767436620), 42))));
  }

  @Test
  void tsdbNotReadyIsAnErrorNotAnEmptyResult() throws IOException {
    serve("error-tsdb-not-ready.openapi-golden.converted.json");

    MonitoringException e =
        catchThrowableOfType(MonitoringException.class, () -> client.query("up", Instant.now()));

    assertThat(e.kind()).isEqualTo(MonitoringException.Kind.UNAVAILABLE);
    assertThat(e.getMessage()).contains("errorType internal", "TSDB not ready");
  }

  @Test
  void nanMatrixKeepsNanValues() throws IOException {
    QueryResult result = range("query-range-nan.grafana.json");

    assertThat(result.series()).hasSize(1);
    MetricSeries series = result.series().get(0);
    assertThat(series.labels())
        .isEqualTo(Map.of("handler", "/api/v1/query_range", "job", "prometheus"));
    assertThat(series.points())
        .extracting(MetricPoint::timestamp)
        .containsExactly(
            Instant.parse("2022-01-11T08:25:30Z"),
            Instant.parse("2022-01-11T08:25:31Z"),
            Instant.parse("2022-01-11T08:25:32Z"));
    assertThat(series.points()).allSatisfy(p -> assertThat(p.value()).isNaN());
  }

  @Test
  void infinityMatrixHasNoLabelsAndPositiveInfinity() throws IOException {
    QueryResult result = range("query-range-infinity.grafana.json");

    assertThat(result.series()).hasSize(1);
    MetricSeries series = result.series().get(0);
    assertThat(series.labels()).isEmpty();
    assertThat(series.points())
        .containsExactly(
            new MetricPoint(Instant.ofEpochSecond(1641889530), Double.POSITIVE_INFINITY),
            new MetricPoint(Instant.ofEpochSecond(1641889531), Double.POSITIVE_INFINITY),
            new MetricPoint(Instant.ofEpochSecond(1641889532), Double.POSITIVE_INFINITY));
  }
}
