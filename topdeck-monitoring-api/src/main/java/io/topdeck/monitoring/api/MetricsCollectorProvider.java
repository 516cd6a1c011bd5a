package io.topdeck.monitoring.api;

/**
 * Creates a platform's {@link MetricsCollector}. Implementations are found through {@link
 * java.util.ServiceLoader}: each platform module lists its provider in {@code
 * META-INF/services/io.topdeck.monitoring.api.MetricsCollectorProvider}.
 *
 * <p>A provider has a public no-argument constructor and does no I/O, starts no thread and opens no
 * connection when constructed.
 */
public interface MetricsCollectorProvider {

  /**
   * Returns the platform id: lowercase, stable across releases, unique among providers, and used
   * verbatim in configuration, for example {@code prometheus}.
   */
  String id();

  /**
   * Creates a collector from {@code config}.
   *
   * @throws ConfigurationException listing every problem in {@code config}, including keys the
   *     platform does not know
   */
  MetricsCollector create(PlatformConfig config);
}
