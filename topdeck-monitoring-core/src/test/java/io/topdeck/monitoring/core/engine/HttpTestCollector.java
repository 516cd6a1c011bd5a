package io.topdeck.monitoring.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.MonitoringException.Kind;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tiny HTTP platform for tests: {@code GET /api/v1/series?resource=&from=&to=&step=} answers
 * {@code {"points": [[epochSeconds, value], ...]}}, mapped to request rates.
 */
public final class HttpTestCollector implements MetricsCollector {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String platform;
  private final URI base;
  private final Duration timeout;
  private final HttpClient client;

  public HttpTestCollector(String platform, URI base, Duration timeout) {
    this.platform = platform;
    this.base = base;
    this.timeout = timeout;
    // HTTP/1.1: the JDK client's h2c upgrade makes Jetty see an upgraded request twice.
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
  }

  @Override
  public String platform() {
    return platform;
  }

  @Override
  public Set<Signal> supportedSignals() {
    return EnumSet.of(Signal.APPLICATION);
  }

  @Override
  public List<ApplicationMetrics> applicationMetrics(
      ResourceRef resource, TimeRange range, Duration step) {
    URI uri =
        base.resolve(
            "/api/v1/series?resource="
                + resource.id()
                + "&from="
                + range.from().getEpochSecond()
                + "&to="
                + range.to().getEpochSecond()
                + "&step="
                + step.toSeconds());
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build());
    JsonNode points;
    try {
      points = JSON.readTree(response.body()).get("points");
    } catch (IOException e) {
      throw new MonitoringException(Kind.MALFORMED_RESPONSE, platform, "unreadable body", null, e);
    }
    if (points == null || !points.isArray()) {
      throw new MonitoringException(Kind.MALFORMED_RESPONSE, platform, "no points array");
    }
    List<ApplicationMetrics> out = new ArrayList<>();
    for (JsonNode point : points) {
      out.add(
          new ApplicationMetrics(
              resource,
              Instant.ofEpochSecond(point.get(0).asLong()),
              point.get(1).asDouble(),
              Double.NaN,
              Double.NaN,
              Double.NaN,
              Double.NaN,
              Map.of()));
    }
    return out;
  }

  private HttpResponse<String> send(HttpRequest request) {
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new MonitoringException(Kind.TIMEOUT, platform, "no answer in time", null, e);
    } catch (IOException e) {
      throw new MonitoringException(Kind.UNAVAILABLE, platform, "connection failed", null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MonitoringException(Kind.TIMEOUT, platform, "interrupted", null, e);
    }
    int status = response.statusCode();
    if (status == 200) {
      return response;
    }
    Duration retryAfter =
        response
            .headers()
            .firstValue("Retry-After")
            .map(s -> Duration.ofSeconds(Long.parseLong(s)))
            .orElse(null);
    Kind kind =
        switch (status) {
          case 429 -> Kind.THROTTLED;
          case 401, 403 -> Kind.UNAUTHORIZED;
          case 404 -> Kind.NOT_FOUND;
          case 400, 422 -> Kind.BAD_QUERY;
          default -> Kind.UNAVAILABLE;
        };
    throw new MonitoringException(kind, platform, "HTTP " + status, retryAfter, null);
  }

  /** Returns a body with one point per step of {@code range}, all of {@code value}. */
  public static String body(TimeRange range, Duration step, double value) {
    StringBuilder json = new StringBuilder("{\"points\":[");
    for (Instant t = range.from(); t.isBefore(range.to()); t = t.plus(step)) {
      if (t.isAfter(range.from())) {
        json.append(',');
      }
      json.append('[').append(t.getEpochSecond()).append(',').append(value).append(']');
    }
    return json.append("]}").toString();
  }
}
