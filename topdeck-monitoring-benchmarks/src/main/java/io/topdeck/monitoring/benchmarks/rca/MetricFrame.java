package io.topdeck.monitoring.benchmarks.rca;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The metrics of one incident on a common time grid: one row of values per series, {@code NaN}
 * where a series has no point.
 *
 * <p>The arrays are shared, not copied, because a large incident holds about ten thousand series
 * and every consumer only reads them; callers must not modify them.
 */
public final class MetricFrame {

  private final long[] times;
  private final Map<SeriesKey, double[]> series;

  /**
   * Creates a frame.
   *
   * @param times the grid, in epoch seconds, strictly ascending
   * @param series the values of each series, one per grid time ({@code NaN} when missing)
   * @throws IllegalArgumentException if the grid is not ascending or a series has another length
   */
  public MetricFrame(long[] times, Map<SeriesKey, double[]> series) {
    Objects.requireNonNull(times, "times");
    for (int i = 1; i < times.length; i++) {
      if (times[i] <= times[i - 1]) {
        throw new IllegalArgumentException(
            "times must be strictly ascending, but " + times[i] + " follows " + times[i - 1]);
      }
    }
    for (Map.Entry<SeriesKey, double[]> e : series.entrySet()) {
      if (e.getValue().length != times.length) {
        throw new IllegalArgumentException(
            "Series "
                + e.getKey()
                + " has "
                + e.getValue().length
                + " values for "
                + times.length
                + " times");
      }
    }
    this.times = times;
    this.series = Collections.unmodifiableMap(new LinkedHashMap<>(series));
  }

  /** Returns the grid in epoch seconds; callers must not modify it. */
  public long[] times() {
    return times;
  }

  /** Returns the series keys, in insertion order. */
  public Set<SeriesKey> keys() {
    return series.keySet();
  }

  /** Returns every series. */
  public Map<SeriesKey, double[]> series() {
    return series;
  }

  /** Returns the values of {@code key}, or {@code null} when the frame has no such series. */
  public double[] values(SeriesKey key) {
    return series.get(key);
  }

  /** Returns the index of the first grid time at or after {@code epochSecond}. */
  public int indexAtOrAfter(long epochSecond) {
    int i = Arrays.binarySearch(times, epochSecond);
    return i >= 0 ? i : -i - 1;
  }

  /** Returns the number of grid times. */
  public int length() {
    return times.length;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MetricFrame other)) {
      return false;
    }
    if (!Arrays.equals(times, other.times) || !series.keySet().equals(other.series.keySet())) {
      return false;
    }
    for (Map.Entry<SeriesKey, double[]> e : series.entrySet()) {
      if (!Arrays.equals(e.getValue(), other.series.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(times) * 31 + series.keySet().hashCode();
  }

  @Override
  public String toString() {
    return "MetricFrame[times=" + times.length + ", series=" + series.size() + "]";
  }
}
