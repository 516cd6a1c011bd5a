package io.topdeck.monitoring.prometheus;

import io.topdeck.monitoring.api.MetricSeries;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The parsed {@code data} of a successful Prometheus query.
 *
 * <p>A {@code vector} gives one series of one point per label set, a {@code matrix} one series per
 * label set, a {@code scalar} one series with no labels and one point, and a {@code string} no
 * series but one {@link StringSample}. Each series is named after its {@code __name__} label (empty
 * when absent) and keeps all labels, {@code __name__} included. An empty result has no series.
 *
 * @param type the result type Prometheus gave
 * @param series the numeric series
 * @param strings the sample of a {@code string} result, else empty
 * @param warnings the warnings Prometheus attached, in order
 * @since 0.1.0
 */
public record QueryResult(
    Type type, List<MetricSeries> series, List<StringSample> strings, List<String> warnings) {

  public QueryResult {
    Objects.requireNonNull(type, "type");
    series = List.copyOf(series);
    strings = List.copyOf(strings);
    warnings = List.copyOf(warnings);
  }

  /** Returns whether the result holds no series and no string sample. */
  public boolean isEmpty() {
    return series.isEmpty() && strings.isEmpty();
  }

  /** The result types of the Prometheus HTTP API. */
  public enum Type {
    VECTOR("vector"),
    MATRIX("matrix"),
    SCALAR("scalar"),
    STRING("string");

    private final String wireName;

    Type(String wireName) {
      this.wireName = wireName;
    }

    /** Returns the name used in the {@code resultType} field, for example {@code vector}. */
    public String wireName() {
      return wireName;
    }
  }

  /**
   * The value of a {@code string} result.
   *
   * @param timestamp the evaluation time
   * @param value the string
   */
  public record StringSample(Instant timestamp, String value) {
    public StringSample {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(value, "value");
    }
  }
}
