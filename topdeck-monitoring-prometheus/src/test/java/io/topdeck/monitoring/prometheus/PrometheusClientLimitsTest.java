package io.topdeck.monitoring.prometheus;

import static io.topdeck.monitoring.prometheus.MockPrometheus.json;
import static io.topdeck.monitoring.prometheus.MockPrometheus.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.MonitoringException.Kind;
import io.topdeck.monitoring.api.Secret;
import io.topdeck.monitoring.api.TimeRange;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's defences against hostile or broken servers. */
class PrometheusClientLimitsTest {

  private static final String TOKEN = "tok-7c1e-do-not-leak";
  private static final String PASSWORD = "pw-93b1-do-not-leak";
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final String EMPTY_VECTOR =
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";
  private static final String EMPTY_MATRIX =
      "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private PrometheusConfig.Builder config() {
    return PrometheusConfig.builder(server.url("/").toString())
        .bearerToken(Secret.of(TOKEN))
        .readTimeout(Duration.ofSeconds(2));
  }

  private static PrometheusClient client(PrometheusConfig.Builder builder) {
    return new PrometheusClient(builder.build(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static MonitoringException failure(ThrowingCallable call) {
    return catchThrowableOfType(MonitoringException.class, call);
  }

  @Test
  void bodyTricklingWithinTheReadTimeoutFailsWithTimeoutAtTheCallTimeout() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread trickler = new Thread(() -> trickle(socket, EMPTY_VECTOR), "trickler");
      trickler.setDaemon(true);
      trickler.start();
      PrometheusConfig.Builder builder =
          PrometheusConfig.builder("http://127.0.0.1:" + socket.getLocalPort())
              .readTimeout(Duration.ofSeconds(1))
              .callTimeout(Duration.ofMillis(700));

      MonitoringException e;
      try (PrometheusClient client = client(builder)) {
        e = failure(() -> client.query("up", NOW));
      }

      assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
      assertThat(e.getMessage())
          .isEqualTo("prometheus: POST /api/v1/query took longer than the call timeout of PT0.7S");
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
      trickler.interrupt();
    }
  }

  /** Answers one request with {@code body}, one byte every 100 ms: each read is quick. */
  private static void trickle(ServerSocket socket, String body) {
    try (Socket s = socket.accept()) {
      InputStream in = s.getInputStream();
      in.read(new byte[16 * 1024]);
      OutputStream out = s.getOutputStream();
      out.write(
          ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length()
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (byte b : body.getBytes(StandardCharsets.US_ASCII)) {
        out.write(b);
        out.flush();
        Thread.sleep(100);
      }
    } catch (Exception closedByTheClientOrTheTest) {
      // The client hangs up at its call timeout; nothing is left to do.
    }
  }

  @Test
  void bodyOfTimestampsWithHugeExponentsIsMalformedResponse() {
    StringBuilder body =
        new StringBuilder(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
    for (int i = 0; i < 200; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"metric\":{\"i\":\"")
          .append(i)
          .append("\"},\"value\":[1e-5000000,\"1\"]}");
    }
    server.enqueue(ok(body.append("]}}").toString()));

    MonitoringException e;
    try (PrometheusClient client = client(config())) {
      e = failure(() -> client.query("up", NOW));
    }

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(e.getMessage())
        .isEqualTo(
            "prometheus: malformed response from POST /api/v1/query:"
                + " timestamp is out of range: 1E-5000000");
  }

  @Test
  void rangeNeedingMoreRequestsThanAllowedIsBadQueryNamingAStepThatFits() {
    MonitoringException e;
    try (PrometheusClient client = client(config())) {
      e =
          failure(
              () ->
                  client.queryRange(
                      "up", TimeRange.ending(NOW, Duration.ofDays(365)), Duration.ofMillis(1)));
    }

    assertThat(e.kind()).isEqualTo(Kind.BAD_QUERY);
    assertThat(e.getMessage())
        .isEqualTo(
            "prometheus: range of PT8760H at step PT0.001S needs 2866910 requests of at most 11000"
                + " points, more than maxRequestsPerRange 100; use a step of at least PT28.67S,"
                + " a shorter range, or raise maxRequestsPerRange");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void rangeNeedingExactlyMaxRequestsIsSentAndOneMoreIsRefused() {
    AtomicInteger calls = new AtomicInteger();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            calls.incrementAndGet();
            return ok(EMPTY_MATRIX);
          }
        });
    Instant from = Instant.ofEpochSecond(1_000_000);
    try (PrometheusClient client = client(config().maxPointsPerRequest(2).maxRequestsPerRange(3))) {
      client.queryRange("up", new TimeRange(from, from.plusSeconds(60)), Duration.ofSeconds(10));
      assertThat(calls.get()).isEqualTo(3);

      MonitoringException e =
          failure(
              () ->
                  client.queryRange(
                      "up", new TimeRange(from, from.plusSeconds(61)), Duration.ofSeconds(10)));

      assertThat(e.kind()).isEqualTo(Kind.BAD_QUERY);
      assertThat(e.getMessage()).contains("needs 4 requests of at most 2 points");
      assertThat(calls.get()).isEqualTo(3);
    }
  }

  @Test
  void rangeOutsideEpochMillisecondsIsBadQuery() {
    MonitoringException e;
    try (PrometheusClient client = client(config())) {
      e =
          failure(
              () ->
                  client.queryRange(
                      "up", new TimeRange(Instant.MIN, Instant.MAX), Duration.ofDays(365)));
    }

    assertThat(e.kind()).isEqualTo(Kind.BAD_QUERY);
    assertThat(e.getMessage()).contains("does not fit in epoch milliseconds");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void tokenEchoedInAPlainErrorBodyIsMaskedInTheExceptionAndTheLog() {
    server.enqueue(json(401, "invalid credentials: Bearer " + TOKEN));

    MonitoringException e;
    String log;
    try (PrometheusClient client = client(config());
        StderrCapture capture = new StderrCapture()) {
      e = failure(() -> client.query("up", NOW));
      log = capture.text();
    }

    assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(e.getMessage())
        .isEqualTo(
            "prometheus: HTTP 401 from POST /api/v1/query: invalid credentials: Bearer ****");
    assertThat(log)
        .contains("WARN")
        .contains("invalid credentials: Bearer ****")
        .doesNotContain(TOKEN);
  }

  @Test
  void tokenEchoedInAJsonErrorIsMaskedInTheExceptionAndTheLog() {
    server.enqueue(
        json(
            400,
            "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"token "
                + TOKEN
                + " rejected\"}"));

    MonitoringException e;
    String log;
    try (PrometheusClient client = client(config());
        StderrCapture capture = new StderrCapture()) {
      e = failure(() -> client.query("up", NOW));
      log = capture.text();
    }

    assertThat(e.kind()).isEqualTo(Kind.BAD_QUERY);
    assertThat(e.getMessage())
        .isEqualTo(
            "prometheus: HTTP 400 from POST /api/v1/query (errorType bad_data): token **** rejected");
    assertThat(log).contains("token **** rejected").doesNotContain(TOKEN);
  }

  @Test
  void passwordAndBasicHeaderEchoedInAnErrorAreMasked() {
    String header =
        okhttp3.Credentials.basic("reader", PASSWORD, StandardCharsets.UTF_8).substring(6);
    server.enqueue(json(403, "user reader with " + PASSWORD + " sent " + header + " - denied"));

    MonitoringException e;
    try (PrometheusClient client =
        client(
            PrometheusConfig.builder(server.url("/").toString())
                .basicAuth("reader", Secret.of(PASSWORD)))) {
      e = failure(() -> client.query("up", NOW));
    }

    assertThat(e.getMessage())
        .isEqualTo(
            "prometheus: HTTP 403 from POST /api/v1/query: user reader with **** sent ****"
                + " - denied");
  }

  @Test
  void twoSeriesWithOneLabelSetAreMalformedWithAndWithoutChunking() {
    server.setDispatcher(new DuplicateSeriesDispatcher());
    Instant from = Instant.ofEpochSecond(1_000_000);
    TimeRange range = new TimeRange(from, from.plusSeconds(100));

    for (int perRequest : new int[] {100, 5}) {
      MonitoringException e;
      try (PrometheusClient client = client(config().maxPointsPerRequest(perRequest))) {
        e = failure(() -> client.queryRange("up", range, Duration.ofSeconds(10)));
      }

      assertThat(e.kind())
          .as("maxPointsPerRequest %d", perRequest)
          .isEqualTo(Kind.MALFORMED_RESPONSE);
      assertThat(e.getMessage())
          .isEqualTo(
              "prometheus: malformed response from POST /api/v1/query_range:"
                  + " two series have the same label set {job=x}; ambiguous");
    }
  }

  /** Answers each range request with two series that share the label set {job="x"}. */
  private static final class DuplicateSeriesDispatcher extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      var form = MockPrometheus.form(request);
      long start = Long.parseLong(form.get("start"));
      long end = Long.parseLong(form.get("end"));
      StringBuilder low = new StringBuilder();
      StringBuilder high = new StringBuilder();
      for (long t = start; t <= end; t += 10) {
        String sep = low.length() == 0 ? "" : ",";
        low.append(sep).append('[').append(t).append(",\"1\"]");
        high.append(sep).append('[').append(t).append(",\"500\"]");
      }
      return ok(
          "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
              + "{\"metric\":{\"job\":\"x\"},\"values\":["
              + low
              + "]},{\"metric\":{\"job\":\"x\"},\"values\":["
              + high
              + "]}]}}");
    }
  }

  @Test
  void retryAfterLongerThanAnHourIsCappedAtAnHour() {
    try (PrometheusClient client = client(config())) {
      for (String header :
          new String[] {
            "9223372036854775807", "99999999999999999999", "7200", "Wed, 21 Oct 2099 07:28:00 GMT"
          }) {
        server.enqueue(
            json(429, "slow down").newBuilder().addHeader("Retry-After", header).build());

        MonitoringException e = failure(() -> client.query("up", NOW));

        assertThat(e.retryAfter()).as(header).contains(Duration.ofHours(1));
      }
    }
    assertThat(PrometheusClient.MAX_RETRY_AFTER).isEqualTo(Duration.ofHours(1));
  }

  /**
   * Captures what slf4j-simple writes: it prints each line to the {@code System.err} of the moment.
   */
  private static final class StderrCapture implements AutoCloseable {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream original = System.err;

    StderrCapture() {
      System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    String text() {
      System.err.flush();
      return buffer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      System.setErr(original);
      original.print(text());
    }
  }
}
