package io.topdeck.monitoring.core.anomaly;

import java.util.Arrays;

/**
 * The last {@code capacity} finite values of a series, kept both in arrival order (a ring) and in
 * sorted order, so that the median and the median absolute deviation are exact and cheap.
 *
 * <p>Values are clamped to ±{@link Magnitudes#LIMIT}, so that medians, deviations and their
 * differences stay finite. Adding a value costs one binary search and one array shift of at most
 * {@code capacity} elements; the median is O(1) and the MAD O(log capacity). Memory is one {@code
 * double} array of {@code 2 * capacity} elements.
 */
final class RollingWindow {

  /**
   * The held values in sorted order in the first {@code capacity} elements, then the ring of the
   * values in arrival order: one array, so one object header.
   */
  private final double[] values;

  private int size;
  private int next;

  /**
   * Creates an empty window.
   *
   * @param capacity how many of the latest values to keep, at least 3
   */
  RollingWindow(int capacity) {
    if (capacity < 3) {
      throw new IllegalArgumentException("capacity must be at least 3, but was " + capacity);
    }
    values = new double[2 * capacity];
  }

  /** Returns how many values the window holds. */
  int size() {
    return size;
  }

  /** Returns the maximum number of values the window holds. */
  int capacity() {
    return values.length >>> 1;
  }

  /**
   * Adds a finite value, clamped to {@link Magnitudes#LIMIT}, evicting the oldest one when the
   * window is full.
   */
  void add(double value) {
    // Adding 0.0 turns -0.0 into 0.0, so that comparisons and binary searches agree.
    value = Magnitudes.clamp(value) + 0.0;
    int capacity = capacity();
    if (size == capacity) {
      double evicted = values[capacity + next];
      int at = indexOf(evicted);
      System.arraycopy(values, at + 1, values, at, size - at - 1);
      size--;
    }
    values[capacity + next] = value;
    next = next + 1 == capacity ? 0 : next + 1;
    int at = insertionPoint(value);
    System.arraycopy(values, at, values, at + 1, size - at);
    values[at] = value;
    size++;
  }

  /** Removes every value. */
  void clear() {
    size = 0;
    next = 0;
  }

  /** Returns the median of the held values, or NaN when empty. */
  double median() {
    if (size == 0) {
      return Double.NaN;
    }
    int half = size >>> 1;
    if ((size & 1) == 1) {
      return values[half];
    }
    double sum = values[half - 1] + values[half];
    // Halving first only when the sum overflows keeps the exact midpoint of ordinary values.
    return Double.isInfinite(sum) ? 0.5 * values[half - 1] + 0.5 * values[half] : 0.5 * sum;
  }

  /**
   * Returns the value at quantile {@code q} (0 to 1) of the held values, interpolating linearly
   * between order statistics, or NaN when empty.
   */
  double quantile(double q) {
    if (size == 0) {
      return Double.NaN;
    }
    double pos = q * (size - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, size - 1);
    double frac = pos - lo;
    return values[lo] + frac * (values[hi] - values[lo]);
  }

  /** Returns the smallest held value, or NaN when empty. */
  double min() {
    return size == 0 ? Double.NaN : values[0];
  }

  /** Returns the largest held value, or NaN when empty. */
  double max() {
    return size == 0 ? Double.NaN : values[size - 1];
  }

  /**
   * Returns the median absolute deviation from the median (unscaled), or NaN when empty.
   *
   * <p>The distances to the median grow monotonically when walking away from the middle of the
   * sorted array on either side, so the MAD is the k-th smallest of two sorted sequences, found by
   * binary search on the split instead of a sort.
   */
  double mad() {
    if (size == 0) {
      return Double.NaN;
    }
    double m = median();
    // Left distances: m - sorted[lo-1-j] for j = 0.. (ascending); right: sorted[hi+j] - m.
    int hi = size >>> 1; // first index of the right part
    int leftCount = hi;
    int rightCount = size - hi;
    int k = (size + 1) >>> 1; // 1-based rank of the lower median of the distances
    double lower = kthOfTwo(m, hi, leftCount, rightCount, k);
    if ((size & 1) == 1) {
      return lower;
    }
    double upper = kthOfTwo(m, hi, leftCount, rightCount, k + 1);
    return 0.5 * (lower + upper);
  }

  private double left(double m, int hi, int j) {
    return m - values[hi - 1 - j];
  }

  private double right(double m, int hi, int j) {
    return values[hi + j] - m;
  }

  /** Returns the k-th smallest (1-based) of the union of the left and right distance sequences. */
  private double kthOfTwo(double m, int hi, int leftCount, int rightCount, int k) {
    // Number of elements taken from the left sequence, searched in [lo, up].
    int lo = Math.max(0, k - rightCount);
    int up = Math.min(k, leftCount);
    while (lo < up) {
      int a = (lo + up) >>> 1; // take a from left, k - a from right
      int b = k - a;
      // If left[a] < right[b-1], we must take more from the left.
      if (b > 0 && a < leftCount && left(m, hi, a) < right(m, hi, b - 1)) {
        lo = a + 1;
      } else {
        up = a;
      }
    }
    int a = lo;
    int b = k - a;
    double fromLeft = a > 0 ? left(m, hi, a - 1) : Double.NEGATIVE_INFINITY;
    double fromRight = b > 0 ? right(m, hi, b - 1) : Double.NEGATIVE_INFINITY;
    return Math.max(fromLeft, fromRight);
  }

  /** Returns the mean absolute deviation from the median, or NaN when empty. */
  double meanAbsoluteDeviation() {
    if (size == 0) {
      return Double.NaN;
    }
    double m = median();
    double sum = 0;
    for (int i = 0; i < size; i++) {
      sum += Math.abs(values[i] - m);
    }
    if (Double.isInfinite(sum)) {
      // Dividing each term keeps the mean finite for values up to a quarter of the largest double.
      sum = 0;
      for (int i = 0; i < size; i++) {
        sum += Math.abs(values[i] - m) / size;
      }
      return sum;
    }
    return sum / size;
  }

  private int indexOf(double value) {
    int at = Arrays.binarySearch(values, 0, size, value);
    if (at < 0) {
      throw new IllegalStateException("Window lost track of value " + value);
    }
    return at;
  }

  private int insertionPoint(double value) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (values[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
