package io.topdeck.monitoring.benchmarks.nab;

import java.util.Objects;

/**
 * A data file together with a detector's anomaly score for each of its rows.
 *
 * @param file the data file
 * @param anomalyScores one score in [0, 1] per row, in row order (shared, not copied)
 */
public record ScoredFile(NabDataFile file, double[] anomalyScores) {

  /** Validates that there is one finite score in [0, 1] per row. */
  public ScoredFile {
    Objects.requireNonNull(file, "file");
    if (anomalyScores.length != file.size()) {
      throw new IllegalArgumentException(
          file.key() + ": " + anomalyScores.length + " scores for " + file.size() + " rows");
    }
    for (int i = 0; i < anomalyScores.length; i++) {
      double s = anomalyScores[i];
      if (!(s >= 0.0 && s <= 1.0)) {
        throw new IllegalArgumentException(
            file.key() + " row " + i + ": anomaly score " + s + " is not in [0, 1]");
      }
    }
  }
}
