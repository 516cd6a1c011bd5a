package io.topdeck.monitoring.core.engine;

import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Signal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which platform serves which signals of which resource. A resource may be served by several
 * platforms (metrics from one, errors from another, or the same metric from two); the order of
 * entries is the order of preference when the aggregator merges figures of the same step.
 *
 * @param entries the assignments, in order of preference
 */
public record CollectionPlan(List<Entry> entries) {

  public CollectionPlan {
    entries = List.copyOf(entries);
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the platform ids the plan uses, in order of first use. */
  public Set<String> platforms() {
    Set<String> platforms = new LinkedHashSet<>();
    entries.forEach(e -> platforms.add(e.platform()));
    return platforms;
  }

  /** Returns the part of this plan served by {@code platforms}. */
  public CollectionPlan restrictedTo(Collection<String> platforms) {
    return new CollectionPlan(
        entries.stream().filter(e -> platforms.contains(e.platform())).toList());
  }

  /**
   * One assignment: {@code platform} supplies {@code signals} of {@code resource}.
   *
   * @param platform the platform id
   * @param resource the resource
   * @param signals the signals to collect, at least one
   */
  public record Entry(String platform, ResourceRef resource, Set<Signal> signals) {

    public Entry {
      Objects.requireNonNull(platform, "platform");
      Objects.requireNonNull(resource, "resource");
      signals = Set.copyOf(signals);
      if (signals.isEmpty()) {
        throw new IllegalArgumentException("signals must not be empty for " + resource.id());
      }
    }
  }

  /** Builds a {@link CollectionPlan}. */
  public static final class Builder {

    private final List<Entry> entries = new ArrayList<>();

    private Builder() {}

    /** Adds that {@code platform} supplies {@code signals} of {@code resource}. */
    public Builder add(String platform, ResourceRef resource, Signal first, Signal... more) {
      entries.add(new Entry(platform, resource, EnumSet.of(first, more)));
      return this;
    }

    /** Adds that {@code platform} supplies {@code signals} of each of {@code resources}. */
    public Builder addAll(String platform, Collection<ResourceRef> resources, Set<Signal> signals) {
      resources.forEach(r -> entries.add(new Entry(platform, r, signals)));
      return this;
    }

    /** Returns the plan. */
    public CollectionPlan build() {
      return new CollectionPlan(entries);
    }
  }
}
