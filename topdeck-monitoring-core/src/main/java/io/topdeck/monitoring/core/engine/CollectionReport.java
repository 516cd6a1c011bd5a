package io.topdeck.monitoring.core.engine;

import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one collection run got: an outcome per (platform, resource, signal), so that nothing is lost
 * silently. Messages are masked.
 *
 * @param range the range collected
 * @param step the step collected
 * @param outcomes one per (platform, resource, signal) of the plan that the platform supports
 * @param elapsed how long the run took
 */
public record CollectionReport(
    TimeRange range, Duration step, List<Outcome> outcomes, Duration elapsed) {

  public CollectionReport {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(elapsed, "elapsed");
    outcomes = List.copyOf(outcomes);
  }

  /** Returns whether every outcome is {@link Status#COMPLETE}. */
  public boolean isComplete() {
    return outcomes.stream().allMatch(o -> o.status() == Status.COMPLETE);
  }

  /** Returns the outcomes that failed. */
  public List<Outcome> failures() {
    return outcomes.stream().filter(o -> o.status() == Status.FAILED).toList();
  }

  /** Returns the outcomes of {@code platform}. */
  public List<Outcome> outcomes(String platform) {
    return outcomes.stream().filter(o -> o.platform().equals(platform)).toList();
  }

  /** Returns the outcome of one (platform, resource, signal), if the plan had it. */
  public Optional<Outcome> outcome(String platform, String resourceId, Signal signal) {
    return outcomes.stream()
        .filter(
            o ->
                o.platform().equals(platform)
                    && o.resourceId().equals(resourceId)
                    && o.signal() == signal)
        .findFirst();
  }

  /** How complete an outcome is. */
  public enum Status {
    /** Every expected step (or the whole event list) arrived. */
    COMPLETE,
    /** The call succeeded but some expected steps are missing; see {@link Outcome#coverage()}. */
    PARTIAL,
    /** The call failed; see {@link Outcome#failure()}. */
    FAILED
  }

  /**
   * The outcome of one (platform, resource, signal).
   *
   * @param platform the platform id
   * @param resourceId the resource id
   * @param signal the signal
   * @param status how complete it is
   * @param coverage the fraction of expected steps present, from 0 to 1; 1 for a complete event
   *     signal and 0 for a failure
   * @param failure why it failed, when it did
   */
  public record Outcome(
      String platform,
      String resourceId,
      Signal signal,
      Status status,
      double coverage,
      Optional<Failure> failure) {

    public Outcome {
      Objects.requireNonNull(platform, "platform");
      Objects.requireNonNull(resourceId, "resourceId");
      Objects.requireNonNull(signal, "signal");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(failure, "failure");
      if (!(coverage >= 0 && coverage <= 1)) {
        throw new IllegalArgumentException("coverage must be in [0, 1], but was " + coverage);
      }
      if ((status == Status.FAILED) != failure.isPresent()) {
        throw new IllegalArgumentException("a failure is given exactly when the status is FAILED");
      }
    }
  }

  /**
   * Why an outcome failed.
   *
   * @param kind what went wrong
   * @param message what happened, masked
   * @param retryAfter the wait the platform asked for, when it gave one
   */
  public record Failure(
      MonitoringException.Kind kind, String message, Optional<Duration> retryAfter) {

    public Failure {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }
}
