package io.topdeck.monitoring.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A half-open interval of time {@code [from, to)} in UTC.
 *
 * @param from the first instant included
 * @param to the first instant after the range; must be after {@code from}
 */
public record TimeRange(Instant from, Instant to) {

  public TimeRange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("to must be after from, but was " + from + " .. " + to);
    }
  }

  /** Returns the range {@code [from, from + length)}. */
  public static TimeRange of(Instant from, Duration length) {
    return new TimeRange(from, from.plus(length));
  }

  /** Returns the range of the given length that ends (exclusively) at {@code to}. */
  public static TimeRange ending(Instant to, Duration length) {
    return new TimeRange(to.minus(length), to);
  }

  /** Returns the length of this range. */
  public Duration duration() {
    return Duration.between(from, to);
  }

  /** Returns whether {@code instant} lies in {@code [from, to)}. */
  public boolean contains(Instant instant) {
    return !instant.isBefore(from) && instant.isBefore(to);
  }

  /** Returns whether the two ranges share at least one instant. */
  public boolean overlaps(TimeRange other) {
    return from.isBefore(other.to) && other.from.isBefore(to);
  }

  @Override
  public String toString() {
    return "[" + from + ", " + to + ")";
  }
}
