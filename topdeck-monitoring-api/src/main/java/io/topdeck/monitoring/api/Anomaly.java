package io.topdeck.monitoring.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An unusual stretch of one series, as a detector saw it.
 *
 * @param metricName the series' metric name
 * @param resourceId the resource the series belongs to
 * @param detectedAt when the detector first flagged it (the timestamp of that point)
 * @param onset when the deviation began, at or before {@code detectedAt}
 * @param severity how urgent it is
 * @param baselineValue the value the detector expected
 * @param currentValue the value observed
 * @param deviation how far the value is from the baseline, in robust standard deviations
 * @param score the detector's anomaly score, from 0 to 1
 * @param description a sentence a person can act on
 * @param lastSeenAt when the detector last flagged a point of this stretch, at or after {@code
 *     detectedAt}; empty when unknown (a streaming detector reports an anomaly as it opens and
 *     knows no more then); see {@link #persistence}
 * @param peakValue the value furthest from the baseline, on the side of {@code currentValue}, among
 *     the points the detector flagged up to {@code lastSeenAt}; empty when unknown (as {@code
 *     lastSeenAt}). A resource whose usage climbs steadily is flagged early, well below the level
 *     it goes on to reach; see {@link #reached}
 */
public record Anomaly(
    String metricName,
    String resourceId,
    Instant detectedAt,
    Instant onset,
    Severity severity,
    double baselineValue,
    double currentValue,
    double deviation,
    double score,
    String description,
    Optional<Instant> lastSeenAt,
    OptionalDouble peakValue) {

  /**
   * Creates an anomaly known only as it opened: {@code lastSeenAt} is empty. The parameters are
   * those of the canonical constructor.
   */
  public Anomaly(
      String metricName,
      String resourceId,
      Instant detectedAt,
      Instant onset,
      Severity severity,
      double baselineValue,
      double currentValue,
      double deviation,
      double score,
      String description) {
    this(
        metricName,
        resourceId,
        detectedAt,
        onset,
        severity,
        baselineValue,
        currentValue,
        deviation,
        score,
        description,
        Optional.empty(),
        OptionalDouble.empty());
  }

  /**
   * Creates an anomaly whose peak is unknown: {@code peakValue} is empty. The parameters are those
   * of the canonical constructor.
   */
  public Anomaly(
      String metricName,
      String resourceId,
      Instant detectedAt,
      Instant onset,
      Severity severity,
      double baselineValue,
      double currentValue,
      double deviation,
      double score,
      String description,
      Optional<Instant> lastSeenAt) {
    this(
        metricName,
        resourceId,
        detectedAt,
        onset,
        severity,
        baselineValue,
        currentValue,
        deviation,
        score,
        description,
        lastSeenAt,
        OptionalDouble.empty());
  }

  public Anomaly {
    Objects.requireNonNull(metricName, "metricName");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(detectedAt, "detectedAt");
    Objects.requireNonNull(onset, "onset");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(lastSeenAt, "lastSeenAt");
    Objects.requireNonNull(peakValue, "peakValue");
    if (peakValue.isPresent() && !Double.isFinite(peakValue.getAsDouble())) {
      throw new IllegalArgumentException("peakValue must be finite, but was " + peakValue);
    }
    if (onset.isAfter(detectedAt)) {
      throw new IllegalArgumentException(
          "onset must not be after detectedAt, but was " + onset + " > " + detectedAt);
    }
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1], but was " + score);
    }
    if (lastSeenAt.isPresent() && lastSeenAt.get().isBefore(detectedAt)) {
      throw new IllegalArgumentException(
          "lastSeenAt must not be before detectedAt, but was "
              + lastSeenAt.get()
              + " < "
              + detectedAt);
    }
  }

  /**
   * Returns how long the deviation lasted, from its onset to the last point the detector flagged;
   * empty when {@code lastSeenAt} is unknown. A fault persists until it is fixed; a noise spike
   * passes within a point or two.
   */
  public Optional<Duration> persistence() {
    return lastSeenAt.map(last -> Duration.between(onset, last));
  }

  /** Returns this anomaly with {@code lastSeenAt} replaced, for a detector that saw it go on. */
  public Anomaly seenUntil(Instant lastSeenAt) {
    return new Anomaly(
        metricName,
        resourceId,
        detectedAt,
        onset,
        severity,
        baselineValue,
        currentValue,
        deviation,
        score,
        description,
        Optional.of(lastSeenAt),
        peakValue);
  }

  /**
   * Returns this anomaly with {@code lastSeenAt} and {@code peakValue} replaced, for a detector
   * that saw it go on and reach {@code peakValue}.
   */
  public Anomaly seenUntil(Instant lastSeenAt, double peakValue) {
    return new Anomaly(
        metricName,
        resourceId,
        detectedAt,
        onset,
        severity,
        baselineValue,
        currentValue,
        deviation,
        score,
        description,
        Optional.of(lastSeenAt),
        OptionalDouble.of(peakValue));
  }

  /**
   * Returns the furthest the series went from its baseline while flagged: {@code peakValue} when
   * known and further out than {@code currentValue}, else {@code currentValue}.
   */
  public double reached() {
    if (peakValue.isEmpty()) {
      return currentValue;
    }
    double peak = peakValue.getAsDouble();
    return currentValue >= baselineValue
        ? Math.max(currentValue, peak)
        : Math.min(currentValue, peak);
  }
}
