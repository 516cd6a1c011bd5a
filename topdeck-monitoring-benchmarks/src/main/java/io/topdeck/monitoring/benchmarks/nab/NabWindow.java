package io.topdeck.monitoring.benchmarks.nab;

/**
 * An anomaly window of one NAB data file, as inclusive row indices.
 *
 * @param start the first row inside the window
 * @param end the last row inside the window (inclusive)
 */
public record NabWindow(int start, int end) {

  /** Validates the bounds. */
  public NabWindow {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("Invalid window rows [" + start + ", " + end + "]");
    }
  }

  /** Returns the number of rows in the window. */
  public int width() {
    return end - start + 1;
  }

  /** Returns whether the row lies inside the window. */
  public boolean contains(int row) {
    return row >= start && row <= end;
  }
}
