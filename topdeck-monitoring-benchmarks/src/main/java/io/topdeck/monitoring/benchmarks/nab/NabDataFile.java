package io.topdeck.monitoring.benchmarks.nab;

import java.util.List;
import java.util.Objects;

/**
 * One data file of a NAB corpus, in row order, with its anomaly windows as row indices.
 *
 * <p>The arrays are shared, not copied, because the corpus holds ~365k rows and every consumer only
 * reads them; callers must not modify them.
 *
 * @param category the category folder, e.g. {@code realKnownCause}
 * @param name the file name without {@code .csv}
 * @param timestamps the timestamp text of each row, exactly as in the file
 * @param epochMillis each row's timestamp as UTC milliseconds (may repeat or step back)
 * @param values each row's value
 * @param windows the anomaly windows, ordered and not overlapping
 */
public record NabDataFile(
    String category,
    String name,
    List<String> timestamps,
    long[] epochMillis,
    double[] values,
    List<NabWindow> windows) {

  /** Validates that all columns have the same length and that the windows are ordered. */
  public NabDataFile {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(name, "name");
    timestamps = List.copyOf(timestamps);
    windows = List.copyOf(windows);
    int n = timestamps.size();
    if (epochMillis.length != n || values.length != n) {
      throw new IllegalArgumentException(category + "/" + name + ": columns differ in length");
    }
    int previousEnd = -1;
    for (NabWindow window : windows) {
      if (window.start() <= previousEnd || window.end() >= n) {
        throw new IllegalArgumentException(
            category + "/" + name + ": window " + window + " overlaps or exceeds " + n + " rows");
      }
      previousEnd = window.end();
    }
  }

  /** Returns the key NAB uses for this file, {@code <category>/<name>.csv}. */
  public String key() {
    return category + "/" + name + ".csv";
  }

  /** Returns the number of rows. */
  public int size() {
    return values.length;
  }
}
