package io.topdeck.monitoring.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import io.topdeck.monitoring.api.MetricsCollectorProvider;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Secret;
import io.topdeck.monitoring.api.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Proves the kit on a tiny HTTP platform served by WireMock, with every capability declared. */
class FakeHttpContractTest extends MetricsCollectorContractTest {

  static final String TOKEN = "tdk-contract-token-5f3a9c";

  @Override
  protected Class<? extends MetricsCollectorProvider> providerClass() {
    return FakeHttpProvider.class;
  }

  @Override
  protected String platformId() {
    return "fakehttp";
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  @Override
  protected PlatformStub createStub() {
    return new WireMockPlatformStub(Duration.ofSeconds(4)) {
      @Override
      public void serve(
          ResourceRef resource, TimeRange range, Duration step, Set<Integer> missing) {
        StringBuilder json = new StringBuilder("{\"points\":[");
        int index = 0;
        String separator = "";
        for (Instant t = range.from(); t.isBefore(range.to()); t = t.plus(step), index++) {
          if (!missing.contains(index)) {
            json.append(separator).append('[').append(t.getEpochSecond()).append(",1.5]");
            separator = ",";
          }
        }
        server()
            .stubFor(
                get(urlPathEqualTo("/api/v1/series"))
                    .withQueryParam("resource", equalTo(resource.id()))
                    .willReturn(okJson(json.append("]}").toString())));
      }
    };
  }

  @Override
  protected PlatformConfig validConfig(PlatformStub stub) {
    return new PlatformConfig(
        "fakehttp",
        Map.of("url", stub.endpoint().orElseThrow().toString(), "timeoutMillis", "1500"),
        Map.of("token", Secret.of(TOKEN)));
  }

  @Override
  protected PlatformConfig invalidConfig() {
    return PlatformConfig.of(
        "fakehttp", Map.of("url", "http://metrics.example.com", "timeoutMillis", "soon"));
  }

  @Override
  protected int invalidConfigProblems() {
    return 3;
  }

  @Override
  protected ResourceRef resource() {
    return ResourceRef.of("checkout", "web_app");
  }

  @Override
  protected List<ReadOnlyRule> readOnlyRules() {
    return List.of(ReadOnlyRule.get("/api/v1/series\\?.*"));
  }
}
