package io.topdeck.monitoring.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One ranked explanation of an incident.
 *
 * @param resource the resource at fault
 * @param change the change blamed, when a change is part of the explanation
 * @param score the ranking score; higher ranks first
 * @param confidence the probability that this candidate is the root cause, from 0 to 1
 * @param summary the explanation in one sentence
 * @param evidence the facts behind the score
 * @param recommendation what to do about it
 */
public record RootCauseCandidate(
    ResourceRef resource,
    Optional<ChangeEvent> change,
    double score,
    double confidence,
    String summary,
    List<Evidence> evidence,
    String recommendation) {

  public RootCauseCandidate {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(recommendation, "recommendation");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be in [0, 1], but was " + confidence);
    }
    evidence = List.copyOf(evidence);
  }
}
