package io.topdeck.monitoring.core;

import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MetricsCollectorProvider;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.PlatformConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The monitoring platforms available to a host: one {@link MetricsCollectorProvider} per platform
 * id, found through {@link ServiceLoader} or given explicitly. Instances are immutable and safe for
 * use by several threads.
 *
 * @since 0.1.0
 */
public final class CollectorRegistry {

  private final Map<String, MetricsCollectorProvider> providers;

  private CollectorRegistry(Map<String, MetricsCollectorProvider> providers) {
    this.providers = providers;
  }

  /**
   * Returns the providers visible to the current thread's context class loader, or to this class's
   * loader when the thread has none.
   *
   * @throws ConfigurationException if two providers declare the same id or a provider cannot be
   *     loaded
   */
  public static CollectorRegistry load() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return load(loader != null ? loader : CollectorRegistry.class.getClassLoader());
  }

  /**
   * Returns the providers visible to {@code classLoader}.
   *
   * @throws ConfigurationException if two providers declare the same id or a provider cannot be
   *     loaded
   */
  public static CollectorRegistry load(ClassLoader classLoader) {
    Objects.requireNonNull(classLoader, "classLoader");
    List<MetricsCollectorProvider> found = new ArrayList<>();
    Iterator<MetricsCollectorProvider> it =
        ServiceLoader.load(MetricsCollectorProvider.class, classLoader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError e) {
        ConfigurationException failure =
            new ConfigurationException(
                "Failed to load a MetricsCollectorProvider: " + e.getMessage());
        failure.initCause(e);
        throw failure;
      }
    }
    return of(found);
  }

  /**
   * Returns a registry of exactly {@code providers}.
   *
   * @throws ConfigurationException if two providers declare the same id, an id is blank or not
   *     lowercase, or a provider fails to tell its id
   */
  public static CollectorRegistry of(List<? extends MetricsCollectorProvider> providers) {
    Map<String, MetricsCollectorProvider> byId = new TreeMap<>();
    for (MetricsCollectorProvider provider : providers) {
      Objects.requireNonNull(provider, "provider");
      String id;
      try {
        id = provider.id();
      } catch (RuntimeException | LinkageError e) {
        throw configurationError(
            "Provider "
                + provider.getClass().getName()
                + " failed to declare its platform id: "
                + e,
            e);
      }
      if (id == null || id.isBlank() || !id.equals(id.toLowerCase(java.util.Locale.ROOT))) {
        throw new ConfigurationException(
            "Provider "
                + provider.getClass().getName()
                + " must declare a non-blank lowercase platform id, but declared '"
                + id
                + "'");
      }
      MetricsCollectorProvider previous = byId.putIfAbsent(id, provider);
      if (previous != null) {
        throw new ConfigurationException(
            "Two providers declare the platform id '"
                + id
                + "': "
                + previous.getClass().getName()
                + " and "
                + provider.getClass().getName()
                + ". Keep only one of their artifacts on the classpath.");
      }
    }
    return new CollectorRegistry(java.util.Collections.unmodifiableMap(byId));
  }

  /** Returns the known platform ids, sorted. */
  public List<String> ids() {
    return List.copyOf(providers.keySet());
  }

  /** Returns the provider of platform {@code id}, if one is known. */
  public Optional<MetricsCollectorProvider> provider(String id) {
    Objects.requireNonNull(id, "id");
    return Optional.ofNullable(providers.get(id));
  }

  /**
   * Creates the collector of {@code config.platform()} from {@code config}.
   *
   * <p>A {@link ConfigurationException} or {@link MonitoringException} of the provider passes
   * unchanged; any other runtime exception it throws is wrapped in a ConfigurationException naming
   * the platform and the provider, with the original as cause (its message is not copied, since a
   * careless provider may have put a credential in it).
   *
   * @throws ConfigurationException if the platform is unknown, naming the artifact to add, if its
   *     provider rejects the config, fails, or returns no collector
   */
  public MetricsCollector create(PlatformConfig config) {
    Objects.requireNonNull(config, "config");
    MetricsCollectorProvider provider = providers.get(config.platform());
    if (provider == null) {
      throw new ConfigurationException(unknownPlatformMessage(config.platform()));
    }
    MetricsCollector collector;
    try {
      collector = provider.create(config);
    } catch (ConfigurationException | MonitoringException e) {
      throw e;
    } catch (RuntimeException e) {
      throw configurationError(
          "Provider "
              + provider.getClass().getName()
              + " failed to create the collector of platform '"
              + config.platform()
              + "': "
              + e.getClass().getName(),
          e);
    }
    if (collector == null) {
      throw new ConfigurationException(
          "Provider "
              + provider.getClass().getName()
              + " returned no collector for platform '"
              + config.platform()
              + "'");
    }
    return collector;
  }

  private static ConfigurationException configurationError(String message, Throwable cause) {
    ConfigurationException failure = new ConfigurationException(message);
    failure.initCause(cause);
    return failure;
  }

  private String unknownPlatformMessage(String id) {
    return "Unknown monitoring platform '"
        + id
        + "'. Known platforms: "
        + (providers.isEmpty() ? "none" : String.join(", ", providers.keySet()))
        + ". Add the artifact io.topdeck:topdeck-monitoring-"
        + id
        + " to the classpath, or use one of the known platform ids.";
  }

  @Override
  public String toString() {
    return "CollectorRegistry" + providers.keySet();
  }
}
