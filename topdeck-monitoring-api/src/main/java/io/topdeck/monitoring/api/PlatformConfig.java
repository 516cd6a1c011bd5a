package io.topdeck.monitoring.api;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

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

  private static final Pattern SENSITIVE_KEY =
      Pattern.compile("(?i).*(password|passwd|secret|token|key|credential).*");
  private static final Pattern USER_INFO = Pattern.compile("(://)[^/?#@\\s]*@");

  private static String shown(String key, String value) {
    if (value == null) {
      return null;
    }
    if (SENSITIVE_KEY.matcher(key).matches()) {
      return "****";
    }
    return USER_INFO.matcher(value).replaceAll("$1****@");
  }

  /** Returns a config with properties only. */
  public static PlatformConfig of(String platform, Map<String, String> properties) {
    return new PlatformConfig(platform, properties, Map.of());
  }

  /**
   * Shows property values and secret names, never secret values. Since a host may still put a
   * credential in a plain property, the value of a key that names one ({@code password}, {@code
   * secret}, {@code token}, {@code key}, {@code credential}, in any case) shows as {@code ****},
   * and so does the user info of a URL ({@code http://****@host}).
   */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    properties.forEach((key, value) -> shown.put(key, shown(key, value)));
    return "PlatformConfig[platform="
        + platform
        + ", properties="
        + shown
        + ", secrets="
        + new TreeMap<>(secrets).keySet()
        + "]";
  }
}
