package io.topdeck.monitoring.core.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.topdeck.monitoring.api.MonitoringException.Kind;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.engine.CollectionReport.Failure;
import io.topdeck.monitoring.core.engine.CollectionReport.Outcome;
import io.topdeck.monitoring.core.engine.CollectionReport.Status;
import io.topdeck.monitoring.core.engine.resilience.ResilienceConfig;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three HTTP platforms at once, two of them misbehaving in every way the engine must absorb. */
class ChaosTest {

  private static final TimeRange RANGE =
      TimeRange.of(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMinutes(10));
  private static final Duration STEP = Duration.ofMinutes(1);
  private static final Duration DEADLINE = Duration.ofSeconds(4);
  private static final List<String> RESOURCES = List.of("r1", "r2", "r3", "r4");

  private final WireMockServer healthy = server();
  private final WireMockServer flaky = server();
  private final WireMockServer broken = server();
  private final Map<String, AtomicInteger> kinds = new ConcurrentHashMap<>();
  private CollectionEngine engine;

  private static WireMockServer server() {
    return new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
  }

  @BeforeEach
  void start() {
    List.of(healthy, flaky, broken).forEach(WireMockServer::start);
  }

  @AfterEach
  void stop() {
    if (engine != null) {
      engine.close();
    }
    List.of(healthy, flaky, broken).forEach(WireMockServer::stop);
  }

  private static MappingBuilder series(String resource) {
    return get(urlPathEqualTo("/api/v1/series")).withQueryParam("resource", equalTo(resource));
  }

  private static ResponseDefinitionBuilder data() {
    return okJson(HttpTestCollector.body(RANGE, STEP, 1.5));
  }

  /** Answers {@code failure} {@code times} times, then data. */
  private static void failThenServe(
      WireMockServer server, String resource, ResponseDefinitionBuilder failure, int times) {
    String state = Scenario.STARTED;
    for (int i = 1; i <= times; i++) {
      server.stubFor(
          series(resource)
              .inScenario(resource)
              .whenScenarioStateIs(state)
              .willSetStateTo("after " + i)
              .willReturn(failure));
      state = "after " + i;
    }
    server.stubFor(
        series(resource).inScenario(resource).whenScenarioStateIs(state).willReturn(data()));
  }

  private static HttpTestCollector collector(String platform, WireMockServer server) {
    return new HttpTestCollector(platform, URI.create(server.baseUrl()), Duration.ofSeconds(10));
  }

  @Test
  void theRunEndsByItsDeadlineHealthyDataIsCompleteAndEveryFailureIsNamed() {
    RESOURCES.forEach(r -> healthy.stubFor(series(r).willReturn(data().withFixedDelay(20))));
    failThenServe(flaky, "r1", aResponse().withStatus(503), 2);
    failThenServe(flaky, "r2", aResponse().withStatus(429).withHeader("Retry-After", "0"), 3);
    flaky.stubFor(series("r3").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    flaky.stubFor(
        series("r4").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
    broken.stubFor(series("r1").willReturn(data().withFixedDelay(5_000)));
    broken.stubFor(series("r2").willReturn(okJson("{\"points\": [[1, 2],")));
    broken.stubFor(series("r3").willReturn(aResponse().withStatus(400)));
    broken.stubFor(series("r4").willReturn(data()));
    engine =
        CollectionEngine.builder()
            .collector(collector("healthy", healthy))
            .collector(collector("flaky", flaky))
            .collector(collector("broken", broken))
            .runDeadline(DEADLINE)
            .resilience(
                ResilienceConfig.builder()
                    .callTimeout(Duration.ofSeconds(1))
                    .maxAttempts(4)
                    .backoff(Duration.ofMillis(50), 2, Duration.ofMillis(400))
                    // Circuits are tested on their own; here they must not hide the kinds.
                    .circuitBreaker(50, 100, 100, Duration.ofSeconds(30), 3)
                    .build())
            .random(new SplittableRandom(11))
            .listener(
                new EngineListener() {
                  @Override
                  public void onFailure(
                      String platform, String endpoint, Kind kind, Duration latency) {
                    kinds
                        .computeIfAbsent(platform + "/" + kind, k -> new AtomicInteger())
                        .incrementAndGet();
                  }
                })
            .build();
    CollectionPlan.Builder plan = CollectionPlan.builder();
    for (String platform : List.of("healthy", "flaky", "broken")) {
      RESOURCES.forEach(r -> plan.add(platform, ResourceRef.of(r, "web_app"), Signal.APPLICATION));
    }
    long start = System.nanoTime();

    CollectionReport report = engine.collect(plan.build(), RANGE, STEP).report();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE.plusSeconds(1));
    assertThat(report.outcomes("healthy"))
        .hasSize(4)
        .allSatisfy(o -> assertThat(o.status()).isEqualTo(Status.COMPLETE));
    assertThat(status(report, "flaky", "r1")).isEqualTo(Status.COMPLETE);
    assertThat(status(report, "flaky", "r2"))
        .as("%s", report.failures())
        .isEqualTo(Status.COMPLETE);
    assertThat(failure(report, "flaky", "r3").kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure(report, "flaky", "r4").kind())
        .as("%s", report.failures())
        .isEqualTo(Kind.THROTTLED);
    assertThat(failure(report, "flaky", "r4").retryAfter()).contains(Duration.ofHours(1));
    assertThat(failure(report, "broken", "r1").kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(failure(report, "broken", "r2").kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
    assertThat(failure(report, "broken", "r3").kind()).isEqualTo(Kind.BAD_QUERY);
    assertThat(status(report, "broken", "r4")).isEqualTo(Status.COMPLETE);
    assertThat(report.failures()).hasSize(5);
    assertThat(kinds.get("broken/" + Kind.BAD_QUERY).get())
        .as("400 answers, never retried")
        .isEqualTo(1);
    assertThat(kinds.get("flaky/" + Kind.UNAVAILABLE).get())
        .as("503 and reset answers")
        .isGreaterThan(2);
  }

  private static Status status(CollectionReport report, String platform, String resource) {
    return outcome(report, platform, resource).status();
  }

  private static Failure failure(CollectionReport report, String platform, String resource) {
    return outcome(report, platform, resource).failure().orElseThrow();
  }

  private static Outcome outcome(CollectionReport report, String platform, String resource) {
    return report.outcome(platform, resource, Signal.APPLICATION).orElseThrow();
  }
}
