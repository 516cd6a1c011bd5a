package io.topdeck.monitoring.api;

import java.util.List;

/**
 * Bad configuration, found when a collector or engine is configured rather than when it runs. The
 * message lists every problem found, and never holds a secret's value.
 */
public final class ConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigurationException(String problem) {
    this(List.of(problem));
  }

  public ConfigurationException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** Returns each problem found, in the order found. */
  public List<String> problems() {
    return problems;
  }

  private static String message(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    if (problems.size() == 1) {
      return problems.get(0);
    }
    return problems.size() + " configuration problems: " + String.join("; ", problems);
  }
}
