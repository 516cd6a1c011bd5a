package io.topdeck.monitoring.testkit;

import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.EndpointPolicy;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MetricsCollectorProvider;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The provider of the kit's own fake HTTP platform: keys {@code url}, {@code timeoutMillis}, secret
 * {@code token}.
 */
public final class FakeHttpProvider implements MetricsCollectorProvider {

  static final String ID = "fakehttp";
  private static final Set<String> KEYS = Set.of("url", "timeoutMillis");
  private static final Set<String> SECRETS = Set.of("token");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public MetricsCollector create(PlatformConfig config) {
    List<String> problems = new ArrayList<>();
    config.properties().keySet().stream()
        .filter(k -> !KEYS.contains(k))
        .sorted()
        .forEach(k -> problems.add("unknown property " + k));
    config.secrets().keySet().stream()
        .filter(k -> !SECRETS.contains(k))
        .sorted()
        .forEach(k -> problems.add("unknown secret " + k));
    URI url = null;
    try {
      url = EndpointPolicy.secure().check("url", config.properties().get("url"));
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    Duration timeout = Duration.ofSeconds(2);
    String millis = config.properties().get("timeoutMillis");
    if (millis != null) {
      try {
        timeout = Duration.ofMillis(Long.parseLong(millis));
      } catch (NumberFormatException e) {
        problems.add("timeoutMillis must be a whole number of milliseconds, but was " + millis);
      }
    }
    Secret token = config.secrets().get("token");
    if (token == null) {
      problems.add("secret token must be set");
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new FakeHttpCollector(url, timeout, token);
  }
}
