package io.topdeck.monitoring.benchmarks.nab;

/**
 * The raw NAB score of a file or corpus at one threshold, with NAB's row counts.
 *
 * <p>TP/TN/FP/FN cover scorable rows only (probation excluded): TP and FN are detected and
 * undetected rows inside windows, FP and TN detected and undetected rows outside windows. As in
 * NAB's score tables, {@code totalCount} counts every row, probation included.
 *
 * @param threshold the threshold; rows with anomaly score {@code >= threshold} are detections
 * @param score the raw score
 * @param tp detected rows inside windows
 * @param tn undetected rows outside windows
 * @param fp detected rows outside windows
 * @param fn undetected rows inside windows
 * @param totalCount all rows, probation included
 */
public record ThresholdScore(
    double threshold, double score, long tp, long tn, long fp, long fn, long totalCount) {

  /** Validates that the counts are consistent. */
  public ThresholdScore {
    if (tp < 0 || tn < 0 || fp < 0 || fn < 0 || tp + tn + fp + fn > totalCount) {
      throw new IllegalArgumentException("Inconsistent row counts");
    }
  }

  /** Returns the sum of this and another score (same threshold), as NAB's Totals row. */
  public ThresholdScore plus(ThresholdScore other) {
    return new ThresholdScore(
        threshold,
        score + other.score,
        tp + other.tp,
        tn + other.tn,
        fp + other.fp,
        fn + other.fn,
        totalCount + other.totalCount);
  }
}
