package io.topdeck.monitoring.prometheus.internal;

import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MetricsCollectorProvider;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.prometheus.PrometheusCollector;
import io.topdeck.monitoring.prometheus.PrometheusConfig;

/**
 * The {@link MetricsCollectorProvider} of platform {@code prometheus}. This class is internal and
 * not API: find it through {@link java.util.ServiceLoader}.
 */
public final class PrometheusCollectorProvider implements MetricsCollectorProvider {

  /** Creates the provider; does no I/O. */
  public PrometheusCollectorProvider() {}

  @Override
  public String id() {
    return PrometheusConfig.PLATFORM;
  }

  /** Returns a collector for {@code config}, see {@link PrometheusConfig#from(PlatformConfig)}. */
  @Override
  public MetricsCollector create(PlatformConfig config) {
    return new PrometheusCollector(PrometheusConfig.from(config));
  }
}
