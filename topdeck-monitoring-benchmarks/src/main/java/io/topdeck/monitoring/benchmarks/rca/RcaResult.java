package io.topdeck.monitoring.benchmarks.rca;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link RcaMethod} concluded about one incident.
 *
 * @param ranking the suspected root resources, most likely first; empty when the method names none
 * @param blamedChange the id of the change the method blames, if any
 * @param detectedAt when the first anomaly the method used was detected, if it reports one
 */
public record RcaResult(
    List<Ranked> ranking, Optional<String> blamedChange, Optional<Instant> detectedAt) {

  /** Validates and copies. */
  public RcaResult {
    ranking = List.copyOf(ranking);
    Objects.requireNonNull(blamedChange, "blamedChange");
    Objects.requireNonNull(detectedAt, "detectedAt");
  }

  /** Returns a result that names nothing. */
  public static RcaResult none() {
    return new RcaResult(List.of(), Optional.empty(), Optional.empty());
  }

  /** Returns the top confidence, or 0 when the ranking is empty. */
  public double topConfidence() {
    return ranking.isEmpty() ? 0 : ranking.get(0).confidence();
  }

  /**
   * One ranked resource.
   *
   * @param resourceId the resource
   * @param score the method's score; higher ranks first
   * @param confidence the method's confidence that this is a root, from 0 to 1 (1 for methods that
   *     do not estimate one)
   */
  public record Ranked(String resourceId, double score, double confidence) {

    /** Validates the id and the confidence. */
    public Ranked {
      Objects.requireNonNull(resourceId, "resourceId");
      if (!(confidence >= 0 && confidence <= 1)) {
        throw new IllegalArgumentException("confidence must be in [0, 1], but was " + confidence);
      }
    }
  }
}
