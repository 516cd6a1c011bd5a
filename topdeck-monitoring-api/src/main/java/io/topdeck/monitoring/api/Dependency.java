package io.topdeck.monitoring.api;

import java.util.Objects;

/**
 * A directed edge of the topology: {@code fromId} depends on (calls, reads from) {@code toId}.
 *
 * @param fromId the dependant resource
 * @param toId the resource it depends on
 * @param type the edge type
 * @param category what the dependency is for, for example {@code database}, {@code http}, {@code
 *     cache}, {@code external}
 * @param strength how much {@code fromId} relies on {@code toId}, from 0 (optional) to 1 (hard)
 */
public record Dependency(String fromId, String toId, Type type, String category, double strength) {

  public Dependency {
    Objects.requireNonNull(fromId, "fromId");
    Objects.requireNonNull(toId, "toId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(category, "category");
    if (fromId.equals(toId)) {
      throw new IllegalArgumentException("a resource cannot depend on itself: " + fromId);
    }
    if (!(strength >= 0 && strength <= 1)) {
      throw new IllegalArgumentException("strength must be in [0, 1], but was " + strength);
    }
  }

  /** The edge types of TopDeck's topology model. */
  public enum Type {
    /** A hard runtime dependency. */
    DEPENDS_ON,
    /** A network connection that may or may not be a runtime dependency. */
    CONNECTS_TO
  }
}
