package io.topdeck.monitoring.api;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The configuration of one platform as a host writes it: plain properties and secrets, keyed by
 * property name. Each platform's provider turns it into its own typed config, reporting every
 * problem at once and rejecting keys it does not know.
 *
 * @param platform the platform id, for example {@code prometheus}
 * @param properties plain settings, for example {@code url} or {@code timeout}
 * @param secrets credentials, for example {@code bearerToken}
 */
public record PlatformConfig(
    String platform, Map<String, String> properties, Map<String, Secret> secrets) {

  public PlatformConfig {
    Objects.requireNonNull(platform, "platform");
    properties = Map.copyOf(properties);
    secrets = Map.copyOf(secrets);
  }

  /** Returns a config with properties only. */
  public static PlatformConfig of(String platform, Map<String, String> properties) {
    return new PlatformConfig(platform, properties, Map.of());
  }

  /** Shows property values and secret names, never secret values. */
  @Override
  public String toString() {
    return "PlatformConfig[platform="
        + platform
        + ", properties="
        + new TreeMap<>(properties)
        + ", secrets="
        + new TreeMap<>(secrets).keySet()
        + "]";
  }
}
