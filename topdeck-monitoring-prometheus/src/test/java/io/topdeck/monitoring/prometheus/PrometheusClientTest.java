package io.topdeck.monitoring.prometheus;

import static io.topdeck.monitoring.prometheus.MockPrometheus.form;
import static io.topdeck.monitoring.prometheus.MockPrometheus.json;
import static io.topdeck.monitoring.prometheus.MockPrometheus.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.MetricSeries;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.MonitoringException.Kind;
import io.topdeck.monitoring.api.Secret;
import io.topdeck.monitoring.api.TimeRange;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrometheusClientTest {

  private static final String TOKEN = "tok-3f9a-very-secret";
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  private final MockWebServer server = new MockWebServer();
  private PrometheusClient client;

  @BeforeEach
  void start() throws Exception {
    server.start(InetAddress.getLoopbackAddress(), 0);
    client = client(PrometheusConfig.builder(server.url("/").toString()));
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private static PrometheusClient client(PrometheusConfig.Builder builder) {
    return new PrometheusClient(
        builder.bearerToken(Secret.of(TOKEN)).readTimeout(Duration.ofSeconds(2)).build(),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private MonitoringException failure(ThrowingCallable call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(thrown).isInstanceOf(MonitoringException.class);
    MonitoringException e = (MonitoringException) thrown;
    assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain("Bearer");
    assertThat(e.platform()).isEqualTo("prometheus");
    return e;
  }

  private MonitoringException queryFailure() {
    return failure(() -> client.query("up", NOW));
  }

  @Test
  void queryPostsFormWithPromqlTimeAndBearerHeader() throws Exception {
    server.enqueue(ok(Payloads.read("vector.json")));

    QueryResult result = client.query("sum by (job) (rate(x{a=\"b&c\"}[5m]))", NOW.plusMillis(781));

    assertThat(result.series()).hasSize(2);
    RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v1/query");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/x-www-form");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(form(request))
        .containsEntry("query", "sum by (job) (rate(x{a=\"b&c\"}[5m]))")
        .containsEntry("time", "1796385600.781");
  }

  @Test
  void basicAuthAndPathPrefixAreHonoured() throws Exception {
    client.close();
    client =
        new PrometheusClient(
            PrometheusConfig.builder(server.url("/prom/").toString())
                .basicAuth("reader", Secret.of("pw-123"))
                .build());
    server.enqueue(ok(Payloads.read("empty-vector.json")));

    assertThat(client.query("up", NOW).isEmpty()).isTrue();

    RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request.getUrl().encodedPath()).isEqualTo("/prom/api/v1/query");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Basic cmVhZGVyOnB3LTEyMw==");
  }

  @Test
  void buildInfoReturnsTheDataFields() throws Exception {
    server.enqueue(
        ok("{\"status\":\"success\",\"data\":{\"version\":\"2.42.0\",\"revision\":\"abc\"}}"));

    assertThat(client.buildInfo())
        .containsEntry("version", "2.42.0")
        .containsEntry("revision", "abc");
    assertThat(server.takeRequest(1, TimeUnit.SECONDS).getTarget())
        .isEqualTo("/api/v1/status/buildinfo");
  }

  @Test
  void bodyThatIsNotJsonIsMalformedResponse() {
    server.enqueue(ok("this is not json"));

    MonitoringException e = queryFailure();

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(e.getMessage()).contains("HTTP 200", "/api/v1/query", "not valid JSON");
  }

  @Test
  void truncatedJsonIsMalformedResponse() {
    String full = Payloads.read("matrix.json");
    server.enqueue(ok(full.substring(0, full.length() / 2)));

    MonitoringException e = queryFailure();

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(e.getMessage()).contains("not valid JSON");
  }

  @Test
  void successWithoutDataIsMalformedResponse() {
    server.enqueue(ok(Payloads.read("success-without-data.json")));

    MonitoringException e = queryFailure();

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(e.getMessage()).contains("status is success but data is missing");
  }

  @Test
  void http400WithBadDataIsBadQueryWithErrorTypeAndText() {
    server.enqueue(json(400, Payloads.read("error-bad-data.json")));

    MonitoringException e = queryFailure();

    assertThat(e.kind()).isEqualTo(Kind.BAD_QUERY);
    assertThat(e.getMessage())
        .isEqualTo(
            "prometheus: HTTP 400 from POST /api/v1/query (errorType bad_data): invalid parameter"
                + " \"query\": 1:8: parse error: unexpected \"}\"");
  }

  @Test
  void http422WithExecutionErrorIsBadQuery() {
    server.enqueue(json(422, Payloads.read("error-execution.json")));

    MonitoringException e = queryFailure();

    assertThat(e.kind()).isEqualTo(Kind.BAD_QUERY);
    assertThat(e.getMessage()).contains("HTTP 422", "errorType execution", "duplicate series");
  }

  @Test
  void http503WithTimeoutErrorIsTimeoutWithRetryAfter() {
    server.enqueue(
        json(503, Payloads.read("error-timeout.json"))
            .newBuilder()
            .addHeader("Retry-After", "7")
            .build());

    MonitoringException e = queryFailure();

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(e.getMessage()).contains("HTTP 503", "errorType timeout", "query timed out");
  }

  @Test
  void http500WithInternalErrorIsUnavailable() {
    server.enqueue(json(500, "{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"x\"}"));

    assertThat(queryFailure().kind()).isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void http500WithHtmlBodyIsUnavailableAndQuotesTheBody() {
    server.enqueue(
        new MockResponse(
            500, Headers.of("Content-Type", "text/html"), Payloads.read("error-page.html")));

    MonitoringException e = queryFailure();

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.getMessage()).contains("HTTP 500 from POST /api/v1/query: <html>");
  }

  @Test
  void http200WithHtmlBodyIsMalformedResponse() {
    server.enqueue(
        new MockResponse(
            200, Headers.of("Content-Type", "text/html"), Payloads.read("error-page.html")));

    assertThat(queryFailure().kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void errorTextIsCutToAboutOneKilobyte() {
    String longText = "y".repeat(5000);
    server.enqueue(
        json(
            400,
            "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"" + longText + "\"}"));

    MonitoringException e = queryFailure();

    assertThat(e.getMessage()).hasSizeLessThan(1200).contains("(5000 chars)");
  }

  @Test
  void errorTypesMapToKindsWhenTheStatusCodeDoesNotDecide() {
    Map<String, Kind> expected =
        Map.of(
            "bad_data", Kind.BAD_QUERY,
            "execution", Kind.UNAVAILABLE,
            "internal", Kind.UNAVAILABLE,
            "unavailable", Kind.UNAVAILABLE,
            "timeout", Kind.TIMEOUT,
            "canceled", Kind.UNAVAILABLE,
            "not_found", Kind.NOT_FOUND);
    expected.forEach(
        (errorType, kind) -> {
          assertThat(PrometheusClient.kind(503, errorType)).as(errorType).isEqualTo(kind);
          assertThat(PrometheusClient.kind(200, errorType)).as(errorType).isEqualTo(kind);
        });
    assertThat(PrometheusClient.kind(422, "execution")).isEqualTo(Kind.BAD_QUERY);
    assertThat(PrometheusClient.kind(502, "")).isEqualTo(Kind.UNAVAILABLE);
    assertThat(PrometheusClient.kind(418, "")).isEqualTo(Kind.BAD_QUERY);
    assertThat(PrometheusClient.kind(200, "")).isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void http401And403AreUnauthorizedAnd404IsNotFound() {
    server.enqueue(json(401, "Unauthorized"));
    server.enqueue(json(403, "Forbidden"));
    server.enqueue(json(404, "404 page not found"));

    assertThat(queryFailure().kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(queryFailure().kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(queryFailure().kind()).isEqualTo(Kind.NOT_FOUND);
  }

  @Test
  void errorBodyThatEchoesTheBearerTokenIsQuotedWithTheTokenObfuscated() {
    server.enqueue(json(401, "invalid credentials: token " + TOKEN + " has expired"));

    MonitoringException e = queryFailure();

    assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(e.getMessage()).contains("invalid credentials: token **** has expired");
  }

  @Test
  void unreadableBodyThatEchoesTheTokenKeepsItOutOfTheParserMessage() {
    // A token of letters and digits only, which the JSON parser quotes whole as a bad token.
    String plain = "plainToken0123456789";
    client.close();
    client =
        new PrometheusClient(
            PrometheusConfig.builder(server.url("/").toString())
                .bearerToken(Secret.of(plain))
                .build());
    server.enqueue(ok(plain + " is not allowed here"));

    Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> client.query("up", NOW));

    assertThat(e).isInstanceOf(MonitoringException.class);
    assertThat(((MonitoringException) e).kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(e.getMessage()).contains("not valid JSON", "****").doesNotContain(plain);
  }

  @Test
  void errorBodyThatEchoesBasicCredentialsHasThePasswordAndTheHeaderObfuscated() {
    client.close();
    client =
        new PrometheusClient(
            PrometheusConfig.builder(server.url("/").toString())
                .basicAuth("reader", Secret.of("pw-echoed-123"))
                .build());
    server.enqueue(json(403, "denied reader:pw-echoed-123 (Basic cmVhZGVyOnB3LWVjaG9lZC0xMjM=)"));

    MonitoringException e = queryFailure();

    assertThat(e.getMessage())
        .doesNotContain("pw-echoed-123")
        .doesNotContain("cmVhZGVyOnB3LWVjaG9lZC0xMjM=")
        .contains("denied reader:**** (Basic ****)");
  }

  @Test
  void http429IsThrottledWithRetryAfterInSeconds() {
    server.enqueue(json(429, "slow down").newBuilder().addHeader("Retry-After", "120").build());

    MonitoringException e = queryFailure();

    assertThat(e.kind()).isEqualTo(Kind.THROTTLED);
    assertThat(e.retryAfter()).contains(Duration.ofMinutes(2));
  }

  @Test
  void http429IsThrottledWithRetryAfterAsHttpDate() {
    server.enqueue(
        json(429, "slow down")
            .newBuilder()
            .addHeader("Retry-After", "Fri, 04 Dec 2026 12:00:30 GMT")
            .build());

    MonitoringException e = queryFailure();

    assertThat(e.kind()).isEqualTo(Kind.THROTTLED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void tsdbNotReadyErrorIsUnavailable() {
    server.enqueue(
        json(
            503, "{\"error\":\"TSDB not ready\",\"errorType\":\"internal\",\"status\":\"error\"}"));

    MonitoringException e = queryFailure();

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e.getMessage()).contains("TSDB not ready");
  }

  @Test
  void responseLargerThanTheLimitIsMalformedResponse() {
    client.close();
    client = client(PrometheusConfig.builder(server.url("/").toString()).maxResponseBytes(2048));
    server.enqueue(ok("{\"status\":\"success\",\"pad\":\"" + "z".repeat(4096) + "\"}"));

    MonitoringException e = queryFailure();

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(e.getMessage()).contains("response larger than 2048 bytes");
  }

  @Test
  void chunkedResponseLargerThanTheLimitIsMalformedResponse() {
    client.close();
    client = client(PrometheusConfig.builder(server.url("/").toString()).maxResponseBytes(2048));
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .chunkedBody("{\"status\":\"success\",\"pad\":\"" + "z".repeat(8192) + "\"}", 512)
            .build());

    MonitoringException e = queryFailure();

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(e.getMessage()).contains("response larger than 2048 bytes").doesNotContain("zzz");
  }

  @Test
  void connectionRefusedIsUnavailable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    client.close();
    client = client(PrometheusConfig.builder("http://127.0.0.1:" + port));

    MonitoringException e = queryFailure();

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.getMessage()).contains("cannot connect to http://127.0.0.1:" + port);
  }

  @Test
  void slowServerIsTimeout() {
    server.enqueue(
        ok(Payloads.read("empty-vector.json"))
            .newBuilder()
            .headersDelay(5, TimeUnit.SECONDS)
            .build());

    MonitoringException e = queryFailure();

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void closedClientRefusesCalls() {
    client.close();

    assertThatThrownBy(() -> client.query("up", NOW))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the Prometheus client is closed");
  }

  @Test
  void queryRangeSendsStepAlignedStartEndAndStep() throws Exception {
    server.enqueue(ok(Payloads.read("matrix.json")));
    TimeRange range = new TimeRange(NOW, NOW.plusSeconds(180));

    client.queryRange("up", range, Duration.ofMinutes(1));

    Map<String, String> form = form(server.takeRequest(1, TimeUnit.SECONDS));
    assertThat(form)
        .containsEntry("start", "1796385600")
        .containsEntry("end", "1796385720")
        .containsEntry("step", "60");
  }

  @Test
  void longRangeIsSplitIntoChunksAndMergedWithoutDuplicates() throws Exception {
    client.close();
    client = client(PrometheusConfig.builder(server.url("/").toString()).maxPointsPerRequest(10));
    server.setDispatcher(new RangeDispatcher());
    Instant from = Instant.ofEpochSecond(1_000_000);
    TimeRange range = new TimeRange(from, from.plusSeconds(25 * 15));

    QueryResult result = client.queryRange("up", range, Duration.ofSeconds(15));

    List<Map<String, String>> chunks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      chunks.add(form(server.takeRequest(1, TimeUnit.SECONDS)));
    }
    assertThat(chunks)
        .extracting(f -> f.get("start") + ".." + f.get("end"))
        .containsExactly("1000000..1000135", "1000150..1000285", "1000300..1000360");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(result.series()).hasSize(2);
    MetricSeries always = result.series().get(0);
    assertThat(always.labels()).containsEntry("series", "always");
    assertThat(always.points()).hasSize(25);
    for (int k = 0; k < 25; k++) {
      assertThat(always.points().get(k)).isEqualTo(new MetricPoint(from.plusSeconds(15L * k), k));
    }
    MetricSeries late = result.series().get(1);
    assertThat(late.labels()).containsEntry("series", "late");
    assertThat(late.points())
        .extracting(MetricPoint::value)
        .containsExactly(20.0, 21.0, 22.0, 23.0, 24.0);
  }

  /**
   * Answers a range query with a series "always" holding value k at from + 15k, plus the point just
   * before the chunk (as an overlapping store might), and a series "late" from k = 20 on.
   */
  private static final class RangeDispatcher extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      Map<String, String> form = form(request);
      long start = Long.parseLong(form.get("start"));
      long end = Long.parseLong(form.get("end"));
      long first = start == 1_000_000 ? start : start - 15;
      StringBuilder always = new StringBuilder();
      StringBuilder late = new StringBuilder();
      for (long t = first; t <= end; t += 15) {
        long k = (t - 1_000_000) / 15;
        String point = "[" + t + ",\"" + k + "\"]";
        always.append(always.length() == 0 ? "" : ",").append(point);
        if (k >= 20) {
          late.append(late.length() == 0 ? "" : ",").append(point);
        }
      }
      String result =
          "{\"metric\":{\"series\":\"always\"},\"values\":["
              + always
              + "]}"
              + (late.length() == 0
                  ? ""
                  : ",{\"metric\":{\"series\":\"late\"},\"values\":[" + late + "]}");
      return ok(
          "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
              + result
              + "]}}");
    }
  }
}
