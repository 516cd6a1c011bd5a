package io.topdeck.monitoring.prometheus;

import io.topdeck.monitoring.api.MetricsCollectorProvider;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Secret;
import io.topdeck.monitoring.prometheus.internal.PrometheusCollectorProvider;
import io.topdeck.monitoring.testkit.Capability;
import io.topdeck.monitoring.testkit.MetricsCollectorContractTest;
import io.topdeck.monitoring.testkit.PlatformStub;
import io.topdeck.monitoring.testkit.ReadOnlyRule;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds the Prometheus collector to the platform contract, against {@link PrometheusPlatformStub}
 * with every capability declared. The only calls allowed are the API's read endpoints: form-encoded
 * {@code POST /api/v1/query} and {@code /api/v1/query_range} carrying nothing but their query
 * parameters, and {@code GET /api/v1/status/buildinfo}.
 */
class PrometheusCollectorContractTest extends MetricsCollectorContractTest {

  private static final String TOKEN = "prom-contract-token-8d41e7";
  private static final String FORM_VALUE = "[A-Za-z0-9%+._~*-]*";

  @Override
  protected Class<? extends MetricsCollectorProvider> providerClass() {
    return PrometheusCollectorProvider.class;
  }

  @Override
  protected String platformId() {
    return PrometheusConfig.PLATFORM;
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }

  @Override
  protected PlatformStub createStub() {
    return new PrometheusPlatformStub(Duration.ofSeconds(3));
  }

  @Override
  protected PlatformConfig validConfig(PlatformStub stub) {
    return new PlatformConfig(
        PrometheusConfig.PLATFORM,
        Map.of(
            "url",
            stub.endpoint().orElseThrow().toString(),
            "connectTimeout",
            "1s",
            "readTimeout",
            "1s"),
        Map.of("bearerToken", Secret.of(TOKEN)));
  }

  @Override
  protected PlatformConfig invalidConfig() {
    return PlatformConfig.of(
        PrometheusConfig.PLATFORM,
        Map.of("url", "ftp://prometheus:9090", "readTimeout", "soon", "colour", "blue"));
  }

  @Override
  protected int invalidConfigProblems() {
    return 3;
  }

  @Override
  protected ResourceRef resource() {
    return ResourceRef.of("checkout", "web_app", Map.of("job", "checkout"));
  }

  @Override
  protected List<ReadOnlyRule> readOnlyRules() {
    return List.of(
        ReadOnlyRule.post("/api/v1/query", "query=" + FORM_VALUE + "&time=" + FORM_VALUE),
        ReadOnlyRule.post(
            "/api/v1/query_range",
            "query="
                + FORM_VALUE
                + "&start="
                + FORM_VALUE
                + "&end="
                + FORM_VALUE
                + "&step="
                + FORM_VALUE),
        ReadOnlyRule.get("/api/v1/status/buildinfo"));
  }
}
