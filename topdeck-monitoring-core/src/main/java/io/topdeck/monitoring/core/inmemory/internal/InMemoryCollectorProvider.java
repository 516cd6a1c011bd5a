package io.topdeck.monitoring.core.inmemory.internal;

import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MetricsCollectorProvider;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.core.inmemory.InMemoryPlatform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates collectors over {@linkplain InMemoryPlatform#register(String) registered} in-memory
 * platforms. Properties: {@code dataset} (required, the registered name) and {@code seed}
 * (optional, a long; defaults to the platform's own seed). No secrets.
 *
 * <p>This class is internal and is not part of the public API; it may change at any time.
 */
public final class InMemoryCollectorProvider implements MetricsCollectorProvider {

  static final String DATASET = "dataset";
  static final String SEED = "seed";
  private static final Set<String> KNOWN = Set.of(DATASET, SEED);

  /** Creates the provider; does no work. */
  public InMemoryCollectorProvider() {}

  @Override
  public String id() {
    return InMemoryPlatform.ID;
  }

  @Override
  public MetricsCollector create(PlatformConfig config) {
    List<String> problems = new ArrayList<>();
    if (!InMemoryPlatform.ID.equals(config.platform())) {
      problems.add(
          "platform must be '" + InMemoryPlatform.ID + "', but was '" + config.platform() + "'");
    }
    for (String key : new TreeSet<>(config.properties().keySet())) {
      if (!KNOWN.contains(key)) {
        problems.add("unknown property '" + key + "' (known: dataset, seed)");
      }
    }
    for (String key : new TreeSet<>(config.secrets().keySet())) {
      problems.add("unknown secret '" + key + "' (the in-memory platform takes no secrets)");
    }
    Optional<InMemoryPlatform> platform = dataset(config.properties().get(DATASET), problems);
    Long seed = seed(config.properties().get(SEED), problems);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    InMemoryPlatform p = platform.orElseThrow();
    return seed == null ? p.collector() : p.collector(seed);
  }

  private static Optional<InMemoryPlatform> dataset(String name, List<String> problems) {
    if (name == null || name.isBlank()) {
      problems.add("dataset is required: the name an InMemoryPlatform was registered under");
      return Optional.empty();
    }
    Optional<InMemoryPlatform> platform = InMemoryPlatform.registered(name);
    if (platform.isEmpty()) {
      Set<String> names = InMemoryPlatform.registeredNames();
      problems.add(
          "dataset '"
              + name
              + "' is not registered (registered: "
              + (names.isEmpty() ? "none" : String.join(", ", names))
              + ")");
    }
    return platform;
  }

  private static Long seed(String value, List<String> problems) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      problems.add("seed must be a whole number, but was '" + value + "'");
      return null;
    }
  }
}
