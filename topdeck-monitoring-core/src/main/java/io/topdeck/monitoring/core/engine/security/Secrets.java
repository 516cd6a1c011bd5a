package io.topdeck.monitoring.core.engine.security;

import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads credentials from where hosts keep them. Every failure is a {@link ConfigurationException}
 * that names where the value was looked for and never holds the value; a value with a control
 * character is rejected by {@link Secret#of}.
 */
public final class Secrets {

  private Secrets() {}

  /**
   * Returns the secret held by environment variable {@code name}.
   *
   * @throws ConfigurationException if the variable is unset or empty, or holds a control character
   */
  public static Secret fromEnvironment(String name) {
    return fromEnvironment(name, System.getenv());
  }

  /** Returns the secret held by {@code name} in {@code environment}; for tests and hosts. */
  public static Secret fromEnvironment(String name, Map<String, String> environment) {
    Objects.requireNonNull(name, "name");
    String value = environment.get(name);
    if (value == null || value.isEmpty()) {
      throw new ConfigurationException("environment variable " + name + " is not set");
    }
    return named(value, "environment variable " + name);
  }

  /**
   * Returns the secret held by the file at {@code path}, read as UTF-8.
   *
   * <p>A leading byte order mark (U+FEFF, which some Windows editors write) and exactly one
   * trailing line break ({@code "\n"} or {@code "\r\n"}) are removed, since editors and {@code
   * echo} add them; nothing else is trimmed. Any other control character, a second trailing line
   * break included, is rejected, so that a value is never silently altered.
   *
   * @throws ConfigurationException if the file cannot be read, is empty, or holds a control
   *     character
   */
  public static Secret fromFile(Path path) {
    Objects.requireNonNull(path, "path");
    String value;
    try {
      value = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new ConfigurationException(
          "cannot read secret file " + path + ": " + e.getClass().getSimpleName());
    }
    if (value.startsWith("\uFEFF")) {
      value = value.substring(1);
    }
    if (value.endsWith("\r\n")) {
      value = value.substring(0, value.length() - 2);
    } else if (value.endsWith("\n")) {
      value = value.substring(0, value.length() - 1);
    }
    if (value.isEmpty()) {
      throw new ConfigurationException("secret file " + path + " is empty");
    }
    return named(value, "secret file " + path);
  }

  /**
   * Returns the first secret one of {@code sources} supplies, trying them in order: the hook for a
   * platform's credential chain (explicit value, environment, file, instance metadata).
   *
   * @param what what the secret is for, used in the message when no source has one
   * @throws ConfigurationException if no source supplies a secret; a source's own {@link
   *     ConfigurationException} is collected and reported with the others
   */
  public static Secret firstOf(String what, List<Supplier<Optional<Secret>>> sources) {
    Objects.requireNonNull(what, "what");
    List<String> problems = new ArrayList<>();
    for (Supplier<Optional<Secret>> source : sources) {
      try {
        Optional<Secret> secret = source.get();
        if (secret.isPresent()) {
          return secret.get();
        }
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    problems.add(0, "no credential found for " + what + " in " + sources.size() + " sources");
    throw new ConfigurationException(problems);
  }

  private static Secret named(String value, String where) {
    try {
      return Secret.of(value);
    } catch (ConfigurationException e) {
      throw new ConfigurationException(where + ": " + e.getMessage());
    }
  }
}
