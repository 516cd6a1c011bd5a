package io.topdeck.monitoring.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MetricsCollectorProvider;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.Signal;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PrometheusCollectorProviderTest {

  private static MetricsCollectorProvider provider() {
    return ServiceLoader.load(MetricsCollectorProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.id().equals("prometheus"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no provider with id prometheus"));
  }

  @Test
  void serviceLoaderFindsPrometheus() {
    assertThat(provider().getClass().getName())
        .isEqualTo("io.topdeck.monitoring.prometheus.internal.PrometheusCollectorProvider");
  }

  @Test
  void providerCreatesACollectorWithoutContactingTheServer() {
    try (MetricsCollector collector =
        provider().create(PlatformConfig.of("prometheus", Map.of("url", "http://127.0.0.1:1")))) {
      assertThat(collector.platform()).isEqualTo("prometheus");
      assertThat(collector.supportedSignals())
          .containsExactlyInAnyOrder(Signal.APPLICATION, Signal.DATABASE, Signal.INFRASTRUCTURE);
      assertThat(collector.supports(Signal.TRACES)).isFalse();
    }
  }

  @Test
  void providerRejectsBadConfig() {
    assertThatThrownBy(() -> provider().create(PlatformConfig.of("prometheus", Map.of())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("url is required");
  }
}
