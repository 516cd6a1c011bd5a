package io.topdeck.monitoring.api;

import java.time.Instant;
import java.util.Objects;

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
    String description) {

  public Anomaly {
    Objects.requireNonNull(metricName, "metricName");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(detectedAt, "detectedAt");
    Objects.requireNonNull(onset, "onset");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(description, "description");
    if (onset.isAfter(detectedAt)) {
      throw new IllegalArgumentException(
          "onset must not be after detectedAt, but was " + onset + " > " + detectedAt);
    }
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1], but was " + score);
    }
  }
}
