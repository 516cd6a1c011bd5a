package io.topdeck.monitoring.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A credential: an API key, token or password. Its value never appears in {@link #toString()}, and
 * this library never writes it to a log or an exception message.
 *
 * <p>A value that is empty or holds a control character (a trailing newline from a file, say) is
 * rejected when the secret is made, with a message that does not contain the value.
 */
public final class Secret {

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Returns a secret holding {@code value}.
   *
   * @throws ConfigurationException if the value is empty or holds a control character
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new ConfigurationException("secret must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        throw new ConfigurationException(
            "secret must not contain control characters, but has U+"
                + String.format("%04X", (int) c)
                + " at position "
                + i
                + " of "
                + value.length()
                + (i == value.length() - 1 ? " (a trailing newline from a file?)" : ""));
      }
    }
    return new Secret(value);
  }

  /** Returns the value, for the one place that sends it. Never log or print it. */
  public String reveal() {
    return value;
  }

  /** Compares in constant time. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0;
  }

  @Override
  public String toString() {
    return "Secret[****]";
  }
}
