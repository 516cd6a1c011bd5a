package io.topdeck.monitoring.prometheus;

import static io.topdeck.monitoring.prometheus.MockPrometheus.form;
import static io.topdeck.monitoring.prometheus.MockPrometheus.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.DatabaseMetrics;
import io.topdeck.monitoring.api.InfrastructureMetrics;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TimeRange;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrometheusCollectorTest {

  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
  private static final Duration STEP = Duration.ofMinutes(1);
  private static final TimeRange RANGE = TimeRange.of(T0, Duration.ofMinutes(5));
  private static final ResourceRef API =
      ResourceRef.of("api", "web_app", Map.of("job", "api", "instance", "a\"b\\c:8080"));
  private static final String API_SELECTOR = "job=\"api\",instance=\"a\\\"b\\\\c:8080\"";

  private final MockWebServer server = new MockWebServer();
  private final FakePrometheus fake = new FakePrometheus();
  private PrometheusCollector collector;

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(fake);
    server.start(InetAddress.getLoopbackAddress(), 0);
    collector = collector(PrometheusConfig.builder(server.url("/").toString()));
  }

  @AfterEach
  void stop() {
    collector.close();
    server.close();
  }

  private PrometheusCollector collector(PrometheusConfig.Builder builder) {
    return new PrometheusCollector(
        new PrometheusClient(builder.build()), Clock.fixed(T0, ZoneOffset.UTC));
  }

  private String promql(String key, ResourceRef resource, HttpConvention convention) {
    return collector.promql(key, resource, STEP, convention).orElseThrow();
  }

  /**
   * Returns a matrix series with value v for the step that starts at t: Prometheus evaluates the
   * collector's query at the step's end, t + STEP.
   */
  private static String matrix(String labels, Object... timeValuePairs) {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < timeValuePairs.length; i += 2) {
      Instant t = ((Instant) timeValuePairs[i]).plus(STEP);
      values
          .append(values.length() == 0 ? "" : ",")
          .append("[")
          .append(t.getEpochSecond())
          .append(",\"")
          .append(timeValuePairs[i + 1])
          .append("\"]");
    }
    return "{\"metric\":{" + labels + "},\"values\":[" + values + "]}";
  }

  private static Instant t(int minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  @Test
  void applicationFiguresAreJoinedByTimestampWithNanForMissingPoints() {
    fake.instant(
        PromQlTemplates.render(
            PromQlTemplates.HTTP_CONVENTION_PROBE,
            Map.of("selector", API_SELECTOR, "range", "360s")),
        "{\"metric\":{\"__name__\":\"http_server_requests_seconds_count\"},"
            + "\"value\":[1796378700,\"4\"]}");
    HttpConvention m = HttpConvention.MICROMETER;
    fake.range(promql("requestRate", API, m), matrix("", t(0), "10", t(1), "20", t(2), "30"));
    fake.range(promql("errorRate", API, m), matrix("", t(0), "0", t(1), "NaN"));
    fake.range(promql("p95", API, m), matrix("", t(1), "120.5", t(2), "+Inf"));
    fake.range(promql("p99", API, m), matrix("", t(4), "900"));
    fake.range(
        promql("statusRates", API, m),
        matrix("\"status\":\"200\"", t(0), "10", t(1), "18", t(2), "30")
            + ","
            + matrix("\"status\":\"500\"", t(1), "2"));

    List<ApplicationMetrics> rows = collector.applicationMetrics(API, RANGE, STEP);

    assertThat(rows)
        .extracting(ApplicationMetrics::timestamp)
        .containsExactly(t(0), t(1), t(2), t(4));
    ApplicationMetrics first = rows.get(0);
    assertThat(first.requestRate()).isEqualTo(10.0);
    assertThat(first.errorRate()).isEqualTo(0.0);
    assertThat(first.averageResponseTimeMs()).isNaN();
    assertThat(first.p95ResponseTimeMs()).isNaN();
    assertThat(first.statusCodeRates()).containsExactly(Map.entry("200", 10.0));
    ApplicationMetrics second = rows.get(1);
    assertThat(second.errorRate()).isNaN();
    assertThat(second.p95ResponseTimeMs()).isEqualTo(120.5);
    assertThat(second.statusCodeRates())
        .containsOnly(Map.entry("200", 18.0), Map.entry("500", 2.0));
    assertThat(rows.get(2).errorRate()).isNaN();
    assertThat(rows.get(2).p95ResponseTimeMs()).isEqualTo(Double.POSITIVE_INFINITY);
    ApplicationMetrics last = rows.get(3);
    assertThat(last.requestRate()).isNaN();
    assertThat(last.p99ResponseTimeMs()).isEqualTo(900.0);
    assertThat(last.statusCodeRates()).isEmpty();
  }

  @Test
  void applicationTemplatesFillAnEscapedSelectorAndTheRateWindow() {
    assertThat(promql("p95", API, HttpConvention.MICROMETER))
        .isEqualTo(
            "1000 * histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket{"
                + API_SELECTOR
                + "}[60s])))");
    assertThat(
            collector
                .promql("errorRate", API, Duration.ofMinutes(5), HttpConvention.MICROMETER)
                .orElseThrow())
        .isEqualTo(
            "(sum(rate(http_server_requests_seconds_count{"
                + API_SELECTOR
                + ",status=~\"5..\"}[300s])) or vector(0))"
                + " / sum(rate(http_server_requests_seconds_count{"
                + API_SELECTOR
                + "}[300s]))");
    assertThat(collector.rateWindow(Duration.ofSeconds(10))).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void applicationWithoutHttpMetricsGivesNoStepsAfterOneProbe() {
    assertThat(collector.applicationMetrics(API, RANGE, STEP)).isEmpty();
    assertThat(fake.queries).hasSize(1);
    assertThat(fake.queries.get(0)).startsWith("count by (__name__) (last_over_time(");
  }

  @Test
  void httpRequestDurationConventionKeysStatusRatesByCode() {
    collector.close();
    collector =
        collector(
            PrometheusConfig.builder(server.url("/").toString())
                .httpConvention(HttpConvention.HTTP_REQUEST_DURATION));
    HttpConvention h = HttpConvention.HTTP_REQUEST_DURATION;
    fake.range(
        promql("statusRates", API, h),
        matrix("\"code\":\"503\"", t(0), "1.5") + "," + matrix("\"code\":\"200\"", t(0), "8"));
    fake.range(promql("requestRate", API, h), matrix("", t(0), "9.5"));

    List<ApplicationMetrics> rows = collector.applicationMetrics(API, RANGE, STEP);

    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).statusCodeRates())
        .containsOnly(Map.entry("503", 1.5), Map.entry("200", 8.0));
    assertThat(rows.get(0).requestRate()).isEqualTo(9.5);
    assertThat(fake.queries).noneMatch(q -> q.startsWith("count by (__name__)"));
    assertThat(fake.queries).anyMatch(q -> q.contains("http_request_duration_seconds_bucket"));
  }

  @Test
  void resourceAttributesOverrideSelectorAndTemplate() {
    ResourceRef custom =
        ResourceRef.of(
            "svc",
            "web_app",
            Map.of(
                "promql.selector", "app=~\"shop|cart\"",
                "promql.p95", "max(latency_p95_ms{${selector}})"));

    assertThat(promql("p95", custom, HttpConvention.MICROMETER))
        .isEqualTo("max(latency_p95_ms{app=~\"shop|cart\"})");
    assertThat(promql("cpu", custom, HttpConvention.MICROMETER))
        .contains("node_cpu_seconds_total{app=~\"shop|cart\",mode=\"idle\"}[60s]");
  }

  @Test
  void resourceWithoutSelectingAttributesIsABadQuery() {
    MonitoringException e =
        catchThrowableOfType(
            MonitoringException.class,
            () -> collector.infrastructureMetrics(ResourceRef.of("vm-1", "vm"), RANGE, STEP));

    assertThat(e.kind()).isEqualTo(MonitoringException.Kind.BAD_QUERY);
    assertThat(e.getMessage())
        .isEqualTo(
            "prometheus: resource vm-1 has none of the attributes [job, instance, namespace,"
                + " service, application] nor promql.selector to select its series by");
    assertThat(fake.queries).isEmpty();
  }

  @Test
  void singleValuedTemplateReturningSeveralSeriesIsABadQuery() {
    ResourceRef node = ResourceRef.of("n", "host", Map.of("instance", "n:9100"));
    fake.range(
        promql("cpu", node, HttpConvention.MICROMETER),
        matrix("\"cpu\":\"0\"", t(0), "1") + "," + matrix("\"cpu\":\"1\"", t(0), "2"));

    MonitoringException e =
        catchThrowableOfType(
            MonitoringException.class, () -> collector.infrastructureMetrics(node, RANGE, STEP));

    assertThat(e.kind()).isEqualTo(MonitoringException.Kind.BAD_QUERY);
    assertThat(e.getMessage()).contains("template cpu returned 2 series for resource n");
  }

  @Test
  void infrastructureJoinsNodeExporterFiguresAndLeavesRestartsNanWithoutPodAttributes() {
    ResourceRef node = ResourceRef.of("n", "host", Map.of("job", "node", "instance", "n:9100"));
    HttpConvention any = HttpConvention.MICROMETER;
    fake.range(promql("cpu", node, any), matrix("", t(0), "12.5", t(1), "50"));
    fake.range(promql("memoryUsed", node, any), matrix("", t(0), "1073741824"));
    fake.range(promql("memoryPercent", node, any), matrix("", t(0), "25"));
    fake.range(promql("networkIn", node, any), matrix("", t(1), "1000"));
    fake.range(promql("diskWrite", node, any), matrix("", t(0), "0"));

    List<InfrastructureMetrics> rows = collector.infrastructureMetrics(node, RANGE, STEP);

    assertThat(rows)
        .containsExactly(
            new InfrastructureMetrics(
                node,
                t(0),
                12.5,
                1073741824.0,
                25,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                0,
                Double.NaN),
            new InfrastructureMetrics(
                node,
                t(1),
                50,
                Double.NaN,
                Double.NaN,
                1000,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN));
    assertThat(fake.queries).hasSize(7).noneMatch(q -> q.contains("kube_pod"));
    assertThat(fake.forms.get(0))
        .containsEntry("start", String.valueOf(t(1).getEpochSecond()))
        .containsEntry("end", String.valueOf(t(5).getEpochSecond()))
        .containsEntry("step", "60");
  }

  @Test
  void containerRestartsUseThePodSelectorAndIncreaseOverTheStep() {
    ResourceRef pod =
        ResourceRef.of("p", "pod", Map.of("namespace", "shop", "pod", "cart-1", "job", "node"));

    assertThat(promql("containerRestarts", pod, HttpConvention.MICROMETER))
        .isEqualTo(
            "sum(increase(kube_pod_container_status_restarts_total{namespace=\"shop\","
                + "pod=\"cart-1\"}[60s]))");
  }

  @Test
  void databaseFiguresComeFromExportersAndFiguresWithoutTemplateAreNanAndNotQueried() {
    ResourceRef db = ResourceRef.of("db", "postgres", Map.of("job", "postgres"));
    HttpConvention any = HttpConvention.MICROMETER;
    fake.range(promql("dbQueries", db, any), matrix("", t(0), "250"));
    fake.range(promql("dbDeadlocks", db, any), matrix("", t(0), "2"));
    fake.range(promql("dbConnections", db, any), matrix("", t(0), "0.4"));

    List<DatabaseMetrics> rows = collector.databaseMetrics(db, RANGE, STEP);

    assertThat(rows)
        .containsExactly(
            new DatabaseMetrics(
                db,
                t(0),
                250,
                Double.NaN,
                Double.NaN,
                2,
                Double.NaN,
                Double.NaN,
                0.4,
                Double.NaN,
                Double.NaN));
    assertThat(fake.queries).hasSize(5);
    assertThat(promql("dbQueries", db, any))
        .contains("pg_stat_database_xact_commit{job=\"postgres\"}")
        .contains("or sum(rate(mysql_global_status_queries{job=\"postgres\"}[60s]))");
  }

  @Test
  void discoveryListsOneResourcePerNodeExporterTarget() {
    fake.instant(
        PromQlTemplates.NODE_EXPORTER_TARGETS,
        "{\"metric\":{\"job\":\"node\",\"instance\":\"b:9100\"},\"value\":[1796378400,\"8\"]},"
            + "{\"metric\":{\"job\":\"node\",\"instance\":\"a:9100\"},\"value\":[1796378400,\"4\"]}");

    assertThat(collector.discoverNodeExporterTargets())
        .containsExactly(
            new ResourceRef(
                "node/a:9100", "host", "a:9100", Map.of("job", "node", "instance", "a:9100")),
            new ResourceRef(
                "node/b:9100", "host", "b:9100", Map.of("job", "node", "instance", "b:9100")));
  }

  /** Answers each PromQL with the series registered for it, else an empty result. */
  private static final class FakePrometheus extends Dispatcher {
    final Map<String, String> instant = new ConcurrentHashMap<>();
    final Map<String, String> range = new ConcurrentHashMap<>();
    final List<String> queries = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> forms = new CopyOnWriteArrayList<>();

    void instant(String promql, String result) {
      instant.put(promql, result);
    }

    void range(String promql, String result) {
      range.put(promql, result);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      Map<String, String> form = form(request);
      String query = form.get("query");
      queries.add(query);
      forms.add(form);
      boolean isRange = request.getUrl().encodedPath().endsWith("/query_range");
      String result = (isRange ? range : instant).getOrDefault(query, "");
      return ok(
          "{\"status\":\"success\",\"data\":{\"resultType\":\""
              + (isRange ? "matrix" : "vector")
              + "\",\"result\":["
              + result
              + "]}}");
    }
  }
}
