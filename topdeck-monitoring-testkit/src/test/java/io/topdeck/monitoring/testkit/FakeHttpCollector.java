package io.topdeck.monitoring.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.MonitoringException.Kind;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Secret;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny HTTP collector: {@code GET /api/v1/series?resource=&from=&to=&step=} with a bearer token,
 * answering {@code {"points": [[epochSeconds, value], ...]}}.
 */
final class FakeHttpCollector implements MetricsCollector {

  private static final Logger logger = LoggerFactory.getLogger(FakeHttpCollector.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final Duration timeout;
  private final Secret token;
  private final HttpClient client;

  FakeHttpCollector(URI base, Duration timeout, Secret token) {
    this.base = base;
    this.timeout = timeout;
    this.token = token;
    // HTTP/1.1: the JDK client's h2c upgrade makes Jetty see an upgraded request twice.
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
  }

  @Override
  public String platform() {
    return FakeHttpProvider.ID;
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
    logger.debug("Querying {}", uri);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", "Bearer " + token.reveal())
            .GET()
            .build();
    String body = send(request);
    List<ApplicationMetrics> out = new ArrayList<>();
    try {
      JsonNode points = JSON.readTree(body).get("points");
      if (points == null || !points.isArray()) {
        throw new MonitoringException(Kind.MALFORMED_RESPONSE, platform(), "no points array");
      }
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
    } catch (IOException e) {
      throw new MonitoringException(
          Kind.MALFORMED_RESPONSE, platform(), "unreadable body", null, e);
    }
    return out;
  }

  private String send(HttpRequest request) {
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new MonitoringException(Kind.TIMEOUT, platform(), "no answer in " + timeout, null, e);
    } catch (IOException e) {
      throw new MonitoringException(Kind.UNAVAILABLE, platform(), "connection failed", null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MonitoringException(Kind.TIMEOUT, platform(), "interrupted", null, e);
    }
    int status = response.statusCode();
    if (status == 200) {
      return response.body();
    }
    logger.warn("Platform answered HTTP {} to {}", status, request.uri());
    Duration retryAfter =
        response
            .headers()
            .firstValue("Retry-After")
            .map(s -> Duration.ofSeconds(Long.parseLong(s.trim())))
            .orElse(null);
    Kind kind =
        switch (status) {
          case 429 -> Kind.THROTTLED;
          case 401, 403 -> Kind.UNAUTHORIZED;
          case 404 -> Kind.NOT_FOUND;
          case 400, 422 -> Kind.BAD_QUERY;
          default -> Kind.UNAVAILABLE;
        };
    throw new MonitoringException(kind, platform(), "HTTP " + status, retryAfter, null);
  }

  @Override
  public String toString() {
    return "FakeHttpCollector[" + base + ", token=" + token + "]";
  }
}
