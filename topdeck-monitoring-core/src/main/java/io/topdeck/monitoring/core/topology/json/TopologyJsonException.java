package io.topdeck.monitoring.core.topology.json;

import java.util.List;

/**
 * A topology file that cannot be read: bad JSON, or a field with a missing or wrong value. Each
 * problem names the line and the field, for example {@code line 14, dependencies[2].strength: must
 * be a number in [0, 1], but was 7}.
 */
public final class TopologyJsonException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The most problems the message lists; {@link #problems()} holds them all. */
  static final int LISTED = 20;

  private final String source;
  private final List<String> problems;

  TopologyJsonException(String source, List<String> problems) {
    super(message(source, problems));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  /** Returns what was read: a file name, or {@code <stream>}. */
  public String source() {
    return source;
  }

  /** Returns each problem found, in the order of the input. */
  public List<String> problems() {
    return problems;
  }

  private static String message(String source, List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    if (problems.size() == 1) {
      return source + ": " + problems.get(0);
    }
    StringBuilder s =
        new StringBuilder(source).append(": ").append(problems.size()).append(" problems: ");
    s.append(String.join("; ", problems.subList(0, Math.min(LISTED, problems.size()))));
    if (problems.size() > LISTED) {
      s.append("; and ").append(problems.size() - LISTED).append(" more");
    }
    return s.toString();
  }
}
