package io.topdeck.monitoring.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TimeRange;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link PlatformStub} over a WireMock server on a free 127.0.0.1 port. Subclasses stub their
 * platform's data endpoint in {@link #serve}; faults apply to every request, at a priority above
 * any data stub, and may be overridden per platform through {@link #faultResponse(Fault)}.
 */
public abstract class WireMockPlatformStub implements PlatformStub {

  private static final String FAULTS = "contract-kit-faults";

  private final WireMockServer server;
  private final Duration slowResponse;

  /**
   * Starts the stub.
   *
   * @param slowResponse how long a {@link Fault#SLOW} answer takes; longer than the timeout the
   *     collector is configured with
   */
  protected WireMockPlatformStub(Duration slowResponse) {
    this.slowResponse = slowResponse;
    this.server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
  }

  /** Starts the stub with a slow answer of 3 s. */
  protected WireMockPlatformStub() {
    this(Duration.ofSeconds(3));
  }

  /** Returns the WireMock server, for the subclass's data stubs. */
  protected final WireMockServer server() {
    return server;
  }

  @Override
  public Optional<URI> endpoint() {
    return Optional.of(URI.create(server.baseUrl()));
  }

  @Override
  public abstract void serve(
      ResourceRef resource, TimeRange range, Duration step, Set<Integer> missingSteps);

  @Override
  public void fail(Fault fault, int times) {
    if (times == Integer.MAX_VALUE) {
      server.stubFor(any(anyUrl()).atPriority(1).willReturn(faultResponse(fault)));
      return;
    }
    String state = Scenario.STARTED;
    for (int i = 1; i <= times; i++) {
      String next = "fault " + i;
      server.stubFor(
          any(anyUrl())
              .atPriority(1)
              .inScenario(FAULTS)
              .whenScenarioStateIs(state)
              .willSetStateTo(next)
              .willReturn(faultResponse(fault)));
      state = next;
    }
  }

  /** Returns the answer that makes {@code fault}; override where a platform answers otherwise. */
  protected ResponseDefinitionBuilder faultResponse(Fault fault) {
    return switch (fault) {
      case SLOW ->
          aResponse()
              .withStatus(200)
              .withHeader("Content-Type", "application/json")
              .withBody("{}")
              .withFixedDelay((int) slowResponse.toMillis());
      case THROTTLED ->
          aResponse()
              .withStatus(429)
              .withHeader("Retry-After", Long.toString(Fault.RETRY_AFTER.toSeconds()))
              .withBody("rate limited");
      case SERVER_ERROR -> aResponse().withStatus(503).withBody("unavailable");
      case CLIENT_ERROR ->
          aResponse()
              .withStatus(400)
              .withHeader("Content-Type", "application/json")
              .withBody("{\"error\":\"bad query\"}");
      case MALFORMED_BODY ->
          aResponse()
              .withStatus(200)
              .withHeader("Content-Type", "application/json")
              .withBody("{\"unexpected\": [1, 2,");
    };
  }

  @Override
  public List<RecordedCall> calls() {
    List<RecordedCall> calls = new ArrayList<>();
    for (ServeEvent event : server.getAllServeEvents()) {
      calls.add(
          new RecordedCall(
              event.getRequest().getMethod().getName(),
              event.getRequest().getUrl(),
              event.getRequest().getBodyAsString()));
    }
    // WireMock lists the newest first.
    java.util.Collections.reverse(calls);
    return calls;
  }

  @Override
  public void reset() {
    server.resetAll();
  }

  @Override
  public void close() {
    server.stop();
  }
}
