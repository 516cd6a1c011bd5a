package io.topdeck.monitoring.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a root-cause analysis of one incident.
 *
 * @param symptomResourceId the resource where the incident was noticed
 * @param window the time range analysed
 * @param analyzedAt when the analysis ran
 * @param candidates the explanations, best first; empty when nothing stood out
 * @param steps the analysis in the order it was made, one line each, for people to read
 */
public record RootCauseAnalysis(
    String symptomResourceId,
    TimeRange window,
    Instant analyzedAt,
    List<RootCauseCandidate> candidates,
    List<String> steps) {

  public RootCauseAnalysis {
    Objects.requireNonNull(symptomResourceId, "symptomResourceId");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(analyzedAt, "analyzedAt");
    candidates = List.copyOf(candidates);
    steps = List.copyOf(steps);
  }

  /** Returns the best candidate, if any. */
  public Optional<RootCauseCandidate> rootCause() {
    return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(0));
  }
}
