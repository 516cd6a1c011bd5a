package io.topdeck.monitoring.prometheus;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.testkit.Fault;
import io.topdeck.monitoring.testkit.WireMockPlatformStub;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A fake Prometheus for the contract kit, answering in the shapes of the real HTTP API.
 *
 * <p>{@link #serve} holds one sample per step for the series of the resource's {@code job}: an
 * instant query ({@code /api/v1/query}) that selects the job answers a vector naming Micrometer's
 * request counter (which is what the collector's convention probe asks), and a range query ({@code
 * /api/v1/query_range}) that selects the job over the evaluation window of the served range answers
 * a matrix. Prometheus evaluates a range query at {@code start, start + step, ..., end}; the
 * collector reports the value at a step's end for the step, so the window of {@code [from, to)} is
 * {@code start = from + step}, {@code end = to}, and the sample of step {@code i} is at {@code from
 * + (i + 1) × step}. A missing step has no sample, as when a series has no data in its lookback. A
 * {@code sum by (status)} query answers one series labelled with a status. A request that matches
 * none of these gets WireMock's 404, which the collector reports as a failure.
 *
 * <p>Faults answer as Prometheus does, or the query frontend in front of it: 503 and 400 with the
 * API's error envelope, a plain-text 429 with {@code Retry-After} (Prometheus itself never
 * throttles), and a body cut off mid-matrix.
 */
final class PrometheusPlatformStub extends WireMockPlatformStub {

  private static final String QUERY = "/api/v1/query";
  private static final String QUERY_RANGE = "/api/v1/query_range";
  private static final double VALUE = 12.5;

  PrometheusPlatformStub(Duration slowResponse) {
    super(slowResponse);
  }

  @Override
  public void serve(ResourceRef resource, TimeRange range, Duration step, Set<Integer> missing) {
    String job = "job=\"" + resource.attribute("job") + "\"";
    server()
        .stubFor(
            post(urlPathEqualTo(QUERY))
                .atPriority(5)
                .withFormParam("query", containing(job))
                .willReturn(okJson(probeAnswer(range.to()))));
    server()
        .stubFor(
            post(urlPathEqualTo(QUERY_RANGE))
                .atPriority(6)
                .withFormParam("query", containing(job))
                .withFormParam("start", seconds(range.from().plus(step)))
                .withFormParam("end", seconds(range.to()))
                .withFormParam("step", seconds(Instant.EPOCH.plus(step)))
                .willReturn(okJson(matrix("{}", range, step, missing))));
    server()
        .stubFor(
            post(urlPathEqualTo(QUERY_RANGE))
                .atPriority(5)
                .withFormParam("query", containing(job))
                .withFormParam("query", containing("sum by (status)"))
                .withFormParam("start", seconds(range.from().plus(step)))
                .withFormParam("end", seconds(range.to()))
                .withFormParam("step", seconds(Instant.EPOCH.plus(step)))
                .willReturn(okJson(matrix("{\"status\":\"200\"}", range, step, missing))));
  }

  @Override
  protected ResponseDefinitionBuilder faultResponse(Fault fault) {
    return switch (fault) {
      case SLOW -> super.faultResponse(fault);
      case THROTTLED ->
          aResponse()
              .withStatus(429)
              .withHeader("Content-Type", "text/plain; charset=utf-8")
              .withHeader("Retry-After", Long.toString(Fault.RETRY_AFTER.toSeconds()))
              .withBody("too many outstanding requests");
      case SERVER_ERROR -> json(503, error("unavailable", "TSDB not ready"));
      case CLIENT_ERROR ->
          json(
              400,
              error(
                  "bad_data",
                  "invalid parameter \\\"query\\\": 1:9: parse error: unexpected \\\"}\\\""));
      case MALFORMED_BODY ->
          json(
              200,
              "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
                  + "[{\"metric\":{},\"values\":[[1767225660,\"12");
    };
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static String error(String errorType, String error) {
    return "{\"status\":\"error\",\"errorType\":\"" + errorType + "\",\"error\":\"" + error + "\"}";
  }

  private static String probeAnswer(Instant time) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + "{\"metric\":{\"__name__\":\"http_server_requests_seconds_count\"},\"value\":["
        + time.getEpochSecond()
        + ",\"1\"]}]}}";
  }

  private static String matrix(
      String labels, TimeRange range, Duration step, Set<Integer> missing) {
    StringBuilder values = new StringBuilder();
    int index = 0;
    for (Instant t = range.from(); t.isBefore(range.to()); t = t.plus(step), index++) {
      if (!missing.contains(index)) {
        values.append(values.isEmpty() ? "" : ",");
        values.append('[').append(t.plus(step).getEpochSecond()).append(",\"").append(VALUE);
        values.append("\"]");
      }
    }
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
        + "{\"metric\":"
        + labels
        + ",\"values\":["
        + values
        + "]}]}}";
  }

  /** Matches a Unix time in seconds as Prometheus reads it, with or without a fraction. */
  private static com.github.tomakehurst.wiremock.matching.StringValuePattern seconds(Instant t) {
    return matching(Pattern.quote(Long.toString(t.getEpochSecond())) + "(\\.0*)?");
  }
}
