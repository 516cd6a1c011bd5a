package io.topdeck.monitoring.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import io.topdeck.monitoring.api.Masker;
import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.MetricSeries;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.MonitoringException.Kind;
import io.topdeck.monitoring.api.Secret;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.prometheus.ResponseParser.MalformedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A low-level client of the Prometheus HTTP API ({@code /api/v1}). Thread-safe; close it to release
 * its connections.
 *
 * <p>Queries are sent as form-encoded POSTs, so long PromQL fits. Credentials go in the {@code
 * Authorization} header only. Every failure is a {@link MonitoringException} whose message names
 * the HTTP status, Prometheus' {@code errorType} and error text (cut to 1 KiB) and the request path
 * without its query; never a credential: the token, the password and the encoded basic credentials
 * are replaced by {@code OBFUSCATED} wherever the server's text echoes them. The kind follows these
 * rules, in order:
 *
 * <ol>
 *   <li>connection refused or reset: {@code UNAVAILABLE}; socket or call timeout: {@code TIMEOUT}
 *   <li>HTTP 400 and 422: {@code BAD_QUERY} (Prometheus answers 422 for an {@code execution} error
 *       of the query itself); 401 and 403: {@code UNAUTHORIZED}; 404: {@code NOT_FOUND}; 429:
 *       {@code THROTTLED}
 *   <li>otherwise an error body's {@code errorType}: {@code bad_data} gives {@code BAD_QUERY},
 *       {@code timeout} {@code TIMEOUT}, {@code not_found} {@code NOT_FOUND}, and {@code
 *       execution}, {@code internal}, {@code unavailable} and {@code canceled} {@code UNAVAILABLE}
 *   <li>any other 5xx, including one with an HTML or other non-JSON body: {@code UNAVAILABLE}; any
 *       other 4xx: {@code BAD_QUERY}
 *   <li>a 2xx body that is not JSON, is truncated, is larger than {@link
 *       PrometheusConfig#maxResponseBytes()}, or says {@code success} without {@code data}: {@code
 *       MALFORMED_RESPONSE}
 * </ol>
 *
 * <p>Text that comes from the server (an error body, {@code error}, {@code warnings}) is masked
 * before it is logged or put in an exception: each occurrence of the configured bearer token,
 * password or {@code Authorization} value, and anything after {@code Bearer} or {@code Basic},
 * reads {@code ****}.
 *
 * <p>{@code Retry-After} (seconds or an HTTP date) of a 429 or 503 becomes {@link
 * MonitoringException#retryAfter()}, capped at {@link #MAX_RETRY_AFTER}. Failures are logged at
 * WARN at most once a minute per client and at DEBUG otherwise; successful calls at DEBUG,
 * Prometheus' {@code warnings} at DEBUG.
 *
 * <p>A response is read whole into memory (up to {@code maxResponseBytes}) and then parsed as a
 * JSON tree, which takes a few times the body size in heap; lower {@code maxResponseBytes} or split
 * the query when that matters.
 *
 * @since 0.1.0
 */
public final class PrometheusClient implements AutoCloseable {

  /** The longest {@code Retry-After} passed on, 1 hour; a longer one is cut to this. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  private static final Logger logger = LoggerFactory.getLogger(PrometheusClient.class);
  private static final int MAX_ERROR_TEXT = 1024;
  private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final PrometheusConfig config;
  private final OkHttpClient http;
  private final HttpUrl base;
  private final String authorization;
  private final Masker masker;
  private final Clock clock;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

  /** Creates a client for {@code config}; opens no connection yet. */
  public PrometheusClient(PrometheusConfig config) {
    this(config, Clock.systemUTC());
  }

  PrometheusClient(PrometheusConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.base = HttpUrl.get(config.url());
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(config.connectTimeout())
            .readTimeout(config.readTimeout())
            .writeTimeout(config.readTimeout())
            .callTimeout(config.callTimeout())
            .followRedirects(false)
            .build();
    if (config.bearerToken() != null) {
      authorization = "Bearer " + config.bearerToken().reveal();
    } else if (config.username() != null) {
      authorization =
          Credentials.basic(config.username(), config.password().reveal(), StandardCharsets.UTF_8);
    } else {
      authorization = null;
    }
    List<String> known = new ArrayList<>();
    if (authorization != null) {
      // The credential part only, so that "Bearer <token>" reads "Bearer ****".
      known.add(authorization.substring(authorization.indexOf(' ') + 1));
    }
    if (config.bearerToken() != null) {
      known.add(config.bearerToken().reveal());
    }
    if (config.password() != null) {
      known.add(config.password().reveal());
    }
    known.removeIf(String::isEmpty);
    // Longest first, so that a secret containing another is masked whole.
    known.sort(Comparator.comparingInt(String::length).reversed());
    Masker.Builder masks = Masker.builder();
    for (String secret : known) {
      masks.secret(Secret.of(secret));
    }
    this.masker = masks.build();
  }

  /** Returns the configuration this client uses. */
  public PrometheusConfig config() {
    return config;
  }

  /**
   * Evaluates {@code promql} at {@code time} ({@code /api/v1/query}), to the millisecond.
   *
   * @throws MonitoringException when the call fails, see the class documentation
   */
  public QueryResult query(String promql, Instant time) {
    Objects.requireNonNull(promql, "promql");
    Objects.requireNonNull(time, "time");
    FormBody form = new FormBody.Builder().add("query", promql).add("time", seconds(time)).build();
    return post("api/v1/query", form);
  }

  /**
   * Evaluates {@code promql} at {@code range.from() + k × step} for every such instant in the
   * half-open {@code range} ({@code /api/v1/query_range}), to the millisecond.
   *
   * <p>When that is more than {@link PrometheusConfig#maxPointsPerRequest()} points, the range is
   * split into requests of at most that many points on step boundaries, and each series (by label
   * set) is merged back in time order with no duplicate timestamp. A range that would need more
   * than {@link PrometheusConfig#maxRequestsPerRange()} requests is not sent: it fails with {@code
   * BAD_QUERY} naming the step that would fit.
   *
   * @throws IllegalArgumentException if {@code step} is shorter than a millisecond
   * @throws MonitoringException when a call fails, see the class documentation, or with {@code
   *     BAD_QUERY} when the range needs too many requests or lies outside epoch milliseconds
   */
  public QueryResult queryRange(String promql, TimeRange range, Duration step) {
    Objects.requireNonNull(promql, "promql");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(step, "step");
    long stepMillis = step.toMillis();
    if (stepMillis < 1) {
      throw new IllegalArgumentException("step must be at least 1 ms, but was " + step);
    }
    long from;
    long span;
    try {
      from = range.from().toEpochMilli();
      span = Math.subtractExact(range.to().toEpochMilli(), from);
    } catch (ArithmeticException e) {
      throw new MonitoringException(
          Kind.BAD_QUERY,
          PrometheusConfig.PLATFORM,
          "range " + range + " does not fit in epoch milliseconds");
    }
    long points = Math.max(1, span / stepMillis + (span % stepMillis == 0 ? 0 : 1));
    long perRequest = config.maxPointsPerRequest();
    long requests = points / perRequest + (points % perRequest == 0 ? 0 : 1);
    if (requests > config.maxRequestsPerRange()) {
      long budget = perRequest * config.maxRequestsPerRange();
      long fittingStep = span / budget + (span % budget == 0 ? 0 : 1);
      throw new MonitoringException(
          Kind.BAD_QUERY,
          PrometheusConfig.PLATFORM,
          "range of "
              + Duration.ofMillis(span)
              + " at step "
              + step
              + " needs "
              + requests
              + " requests of at most "
              + perRequest
              + " points, more than maxRequestsPerRange "
              + config.maxRequestsPerRange()
              + "; use a step of at least "
              + Duration.ofMillis(fittingStep)
              + ", a shorter range, or raise maxRequestsPerRange");
    }
    List<QueryResult> chunks = new ArrayList<>();
    for (long first = 0; first < points; first += perRequest) {
      long last = Math.min(points, first + perRequest) - 1;
      FormBody form =
          new FormBody.Builder()
              .add("query", promql)
              .add("start", seconds(Instant.ofEpochMilli(from + first * stepMillis)))
              .add("end", seconds(Instant.ofEpochMilli(from + last * stepMillis)))
              .add("step", seconds(Instant.ofEpochMilli(stepMillis)))
              .build();
      chunks.add(post("api/v1/query_range", form));
    }
    return chunks.size() == 1 ? chunks.get(0) : merge(chunks);
  }

  /**
   * Returns the server's build information ({@code /api/v1/status/buildinfo}), for example {@code
   * version} and {@code revision}.
   *
   * @throws MonitoringException when the call fails
   */
  public Map<String, String> buildInfo() {
    Request request =
        request(base.newBuilder().addPathSegments("api/v1/status/buildinfo").build()).get().build();
    JsonNode data = execute(request, envelope -> envelope.get("data"));
    Map<String, String> info = new TreeMap<>();
    data.properties().forEach(e -> info.put(e.getKey(), e.getValue().asText()));
    return info;
  }

  /** Releases the connections and threads; later calls fail with IllegalStateException. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private QueryResult post(String path, FormBody form) {
    Request request = request(base.newBuilder().addPathSegments(path).build()).post(form).build();
    return execute(
        request,
        envelope -> {
          List<String> warnings = ResponseParser.warnings(envelope);
          if (!warnings.isEmpty() && logger.isDebugEnabled()) {
            logger.debug(
                "Prometheus warned on {}: {}",
                request.url().encodedPath(),
                mask(String.valueOf(warnings)));
          }
          return ResponseParser.parseData(envelope.get("data"), warnings);
        });
  }

  private Request.Builder request(HttpUrl url) {
    Request.Builder builder = new Request.Builder().url(url).header("Accept", "application/json");
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  private <T> T execute(Request request, DataReader<T> reader) {
    if (closed.get()) {
      throw new IllegalStateException("the Prometheus client is closed");
    }
    String where = request.method() + " " + request.url().encodedPath();
    try (Response response = http.newCall(request).execute()) {
      int code = response.code();
      byte[] body;
      try {
        body = readBody(response.body());
      } catch (MalformedException e) {
        throw failure(
            code >= 500 ? Kind.UNAVAILABLE : Kind.MALFORMED_RESPONSE,
            code,
            where,
            null,
            e.getMessage(),
            response);
      }
      JsonNode envelope = null;
      String malformed = null;
      try {
        envelope = ResponseParser.readTree(body);
      } catch (MalformedException e) {
        malformed = e.getMessage();
      }
      String status = envelope == null ? null : envelope.path("status").asText(null);
      if (code / 100 == 2 && "success".equals(status)) {
        T value = reader.read(envelope);
        if (value == null) {
          throw new MalformedException("status is success but data is missing");
        }
        logger.debug("Prometheus answered {} with HTTP {}", where, code);
        return value;
      }
      if (envelope != null && "error".equals(status)) {
        String errorType = envelope.path("errorType").asText("");
        String error = envelope.path("error").asText("");
        throw failure(kind(code, errorType), code, where, errorType, error, response);
      }
      if (code / 100 == 2) {
        throw failure(
            Kind.MALFORMED_RESPONSE,
            code,
            where,
            null,
            malformed != null ? malformed : "status is '" + status + "', not success or error",
            response);
      }
      String text = new String(body, StandardCharsets.UTF_8);
      throw failure(kind(code, ""), code, where, null, text, response);
    } catch (MalformedException e) {
      throw new MonitoringException(
          Kind.MALFORMED_RESPONSE,
          PrometheusConfig.PLATFORM,
          "malformed response from " + where + ": " + mask(e.getMessage()));
    } catch (SocketTimeoutException e) {
      warn("Prometheus call {} timed out", where, e);
      throw new MonitoringException(
          Kind.TIMEOUT,
          PrometheusConfig.PLATFORM,
          where + " timed out: " + e.getMessage(),
          null,
          e);
    } catch (InterruptedIOException e) {
      if ("timeout".equals(e.getMessage())) {
        // OkHttp's whole-call timeout (callTimeout) cancels the call this way.
        warn("Prometheus call {} exceeded the call timeout", where, e);
        throw new MonitoringException(
            Kind.TIMEOUT,
            PrometheusConfig.PLATFORM,
            where + " took longer than the call timeout of " + config.callTimeout(),
            null,
            e);
      }
      // OkHttp reports an interrupted calling thread this way; keep the interrupt visible.
      Thread.currentThread().interrupt();
      warn("Prometheus call {} was interrupted or timed out", where, e);
      throw new MonitoringException(
          Kind.TIMEOUT,
          PrometheusConfig.PLATFORM,
          where + " timed out or was interrupted: " + e.getMessage(),
          null,
          e);
    } catch (ConnectException e) {
      warn("Prometheus at {} refused the connection", endpoint(), e);
      throw new MonitoringException(
          Kind.UNAVAILABLE,
          PrometheusConfig.PLATFORM,
          "cannot connect to " + endpoint() + " for " + where + ": " + e.getMessage(),
          null,
          e);
    } catch (IOException e) {
      warn("Prometheus call {} failed", where, e);
      throw new MonitoringException(
          Kind.UNAVAILABLE,
          PrometheusConfig.PLATFORM,
          where + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
          null,
          e);
    }
  }

  private byte[] readBody(ResponseBody body) throws IOException, MalformedException {
    long max = config.maxResponseBytes();
    if (body.contentLength() > max) {
      throw new MalformedException(
          "response larger than " + max + " bytes (Content-Length " + body.contentLength() + ")");
    }
    BufferedSource source = body.source();
    if (source.request(max + 1)) {
      throw new MalformedException("response larger than " + max + " bytes");
    }
    return source.readByteArray();
  }

  private MonitoringException failure(
      Kind kind, int code, String where, String errorType, String text, Response response) {
    String message =
        "HTTP "
            + code
            + " from "
            + where
            + (errorType == null || errorType.isEmpty() ? "" : " (errorType " + errorType + ")")
            + ": "
            + ResponseParser.cut(mask(text.strip()), MAX_ERROR_TEXT);
    Duration retryAfter =
        code == 429 || code == 503 ? retryAfter(response.header("Retry-After")) : null;
    warn("Prometheus call failed: {}", message, null);
    return new MonitoringException(kind, PrometheusConfig.PLATFORM, message, retryAfter, null);
  }

  static Kind kind(int code, String errorType) {
    switch (code) {
      case 400:
      case 422:
        return Kind.BAD_QUERY;
      case 401:
      case 403:
        return Kind.UNAUTHORIZED;
      case 404:
        return Kind.NOT_FOUND;
      case 429:
        return Kind.THROTTLED;
      default:
        break;
    }
    switch (errorType) {
      case "bad_data":
        return Kind.BAD_QUERY;
      case "timeout":
        return Kind.TIMEOUT;
      case "not_found":
        return Kind.NOT_FOUND;
      case "execution":
      case "internal":
      case "unavailable":
      case "canceled":
        return Kind.UNAVAILABLE;
      default:
        if (code >= 500) {
          return Kind.UNAVAILABLE;
        }
        return code >= 400 ? Kind.BAD_QUERY : Kind.MALFORMED_RESPONSE;
    }
  }

  private Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    if (value.matches("\\d{1,30}")) {
      // More digits than a long holds is still "very long": cap it like any other.
      return value.length() > 18
          ? MAX_RETRY_AFTER
          : capped(Duration.ofSeconds(Long.parseLong(value)));
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(clock.instant(), at);
        return wait.isNegative() ? Duration.ZERO : capped(wait);
      } catch (DateTimeParseException notDate) {
        logger.debug(
            "Prometheus sent an unreadable Retry-After: {}", ResponseParser.cut(value, 64));
        return null;
      }
    }
  }

  private static Duration capped(Duration wait) {
    return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
  }

  /**
   * Returns {@code text} through the library's {@link Masker}, which also knows this client's
   * credentials: servers and proxies echo credentials in error text.
   */
  String mask(String text) {
    return text == null ? null : masker.mask(text);
  }

  /**
   * Logs a failure at WARN at most once a minute per client, and at DEBUG in between, so that a
   * scheduler retrying against a down server does not flood the log.
   */
  private void warn(String format, Object arg, Throwable error) {
    long now = System.nanoTime();
    long last = lastWarnNanos.get();
    if (now - last >= WARN_INTERVAL_NANOS && lastWarnNanos.compareAndSet(last, now)) {
      // The stack trace goes to DEBUG only: the caller gets the exception itself.
      logger.warn(
          format + "{} (further failures within a minute are logged at DEBUG)",
          arg,
          error == null ? "" : ": " + error);
      if (error != null) {
        logger.debug(format, arg, error);
      }
    } else {
      logger.debug(format, arg, error);
    }
  }

  private String endpoint() {
    return base.scheme() + "://" + base.host() + ":" + base.port();
  }

  private static String seconds(Instant time) {
    return BigDecimal.valueOf(time.toEpochMilli(), 3).stripTrailingZeros().toPlainString();
  }

  private static QueryResult merge(List<QueryResult> chunks) {
    Map<Map<String, String>, TreeMap<Instant, MetricPoint>> merged = new LinkedHashMap<>();
    Map<Map<String, String>, String> names = new LinkedHashMap<>();
    LinkedHashSet<String> warnings = new LinkedHashSet<>();
    for (QueryResult chunk : chunks) {
      warnings.addAll(chunk.warnings());
      for (MetricSeries series : chunk.series()) {
        names.putIfAbsent(series.labels(), series.name());
        TreeMap<Instant, MetricPoint> points =
            merged.computeIfAbsent(series.labels(), k -> new TreeMap<>());
        series.points().forEach(p -> points.putIfAbsent(p.timestamp(), p));
      }
    }
    List<MetricSeries> series = new ArrayList<>(merged.size());
    merged.forEach(
        (labels, points) ->
            series.add(
                new MetricSeries(names.get(labels), "", labels, new ArrayList<>(points.values()))));
    return new QueryResult(QueryResult.Type.MATRIX, series, List.of(), new ArrayList<>(warnings));
  }

  @FunctionalInterface
  private interface DataReader<T> {
    T read(JsonNode envelope) throws MalformedException;
  }
}
