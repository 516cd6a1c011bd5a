package io.topdeck.monitoring.benchmarks.nab;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NAB's scoring algorithm (v1.1 sweep scorer): per-row weighted scores, the raw score of a
 * threshold, the corpus-wide threshold sweep and the normalization to 0..100.
 *
 * <p>A row is scorable unless it lies in the file's probation period, the first {@code
 * min(floor(0.15 n), 750)} rows. A detection is a scorable row whose anomaly score is at least the
 * threshold. Each window counts once: the best (earliest) detection inside it, or {@code -A_FN}
 * when it has none; every detection outside windows adds its (negative) row score.
 */
public final class NabScorer {

  /** The threshold of NAB's first sweep record, above every score: nothing is detected. */
  public static final double START_THRESHOLD = 1.1;

  private static final double MAX_TP = scaledSigmoid(-1.0);

  private NabScorer() {}

  /** Returns the number of probationary rows of a file with {@code n} rows. */
  public static int probationLength(int n) {
    return (int) Math.min(Math.floor(0.15 * n), 0.15 * 5000);
  }

  /** Returns NAB's scaled sigmoid: -1 beyond 3, else {@code 2 / (1 + e^(5y)) - 1}. */
  public static double scaledSigmoid(double y) {
    if (y >= 3.0) {
      return -1.0;
    }
    return 2.0 / (1.0 + Math.exp(5.0 * y)) - 1.0;
  }

  /**
   * Returns the weighted score s_i each row would earn if it were a detection.
   *
   * <p>Inside window k: {@code S(-(r_k - i + 1) / w_k) * A_TP / S(-1)}. After a window: {@code S(|i
   * - r| / (w - 1)) * A_FP} for the most recent window (NAB divides by {@code w - 1} here and by
   * {@code w} inside). Before any window: {@code -A_FP}.
   */
  public static double[] sweepScores(int n, List<NabWindow> windows, NabProfile profile) {
    double[] s = new double[n];
    int next = 0;
    NabWindow current = null;
    NabWindow previous = null;
    for (int i = 0; i < n; i++) {
      if (current == null && next < windows.size() && windows.get(next).start() == i) {
        current = windows.get(next++);
      }
      if (current != null) {
        double y = -(current.end() - i + 1) / (double) current.width();
        s[i] = scaledSigmoid(y) * profile.tpWeight() / MAX_TP;
      } else {
        double y = previous == null ? 3.0 : Math.abs(previous.end() - i) / (previous.width() - 1.0);
        s[i] = scaledSigmoid(y) * profile.fpWeight();
      }
      if (current != null && current.end() == i) {
        previous = current;
        current = null;
      }
    }
    return s;
  }

  /**
   * Returns the raw score and row counts of one file at a threshold. A threshold below every score
   * of the file detects every scorable row (NAB itself crashes in that case).
   */
  public static ThresholdScore scoreFile(ScoredFile scored, NabProfile profile, double threshold) {
    return score(scored, profile, threshold, probationLength(scored.file().size()), null);
  }

  /**
   * Returns the raw score and row counts of one file at a threshold with a given probation length
   * (NAB's own tests use other probation lengths than the default).
   */
  public static ThresholdScore scoreFile(
      ScoredFile scored, NabProfile profile, double threshold, int probationRows) {
    if (probationRows < 0) {
      throw new IllegalArgumentException("Negative probation " + probationRows);
    }
    return score(scored, profile, threshold, probationRows, null);
  }

  /**
   * Returns the per-row scores NAB writes into the {@code S(t)_<profile>} column of a results file
   * at a threshold: a detection outside windows gets its row score, the first row of each window
   * gets the window's contribution (its best detection, or {@code -A_FN}), every other row 0.
   */
  public static double[] rowScores(ScoredFile scored, NabProfile profile, double threshold) {
    double[] rows = new double[scored.file().size()];
    score(scored, profile, threshold, probationLength(scored.file().size()), rows);
    return rows;
  }

  private static ThresholdScore score(
      ScoredFile scored, NabProfile profile, double threshold, int probation, double[] rowOut) {
    NabDataFile file = scored.file();
    int n = file.size();
    double[] a = scored.anomalyScores();
    double[] s = sweepScores(n, file.windows(), profile);
    double fpSum = 0;
    long tp = 0;
    long tn = 0;
    long fp = 0;
    long fn = 0;
    int w = 0;
    List<NabWindow> windows = file.windows();
    double[] best = new double[windows.size()];
    Arrays.fill(best, Double.NaN);
    for (int i = probation; i < n; i++) {
      while (w < windows.size() && windows.get(w).end() < i) {
        w++;
      }
      boolean inWindow = w < windows.size() && windows.get(w).contains(i);
      boolean detected = a[i] >= threshold;
      if (inWindow) {
        if (detected) {
          tp++;
          best[w] = Double.isNaN(best[w]) ? s[i] : Math.max(best[w], s[i]);
        } else {
          fn++;
        }
      } else if (detected) {
        fp++;
        fpSum += s[i];
        if (rowOut != null) {
          rowOut[i] = s[i];
        }
      } else {
        tn++;
      }
    }
    double windowSum = 0;
    for (int k = 0; k < windows.size(); k++) {
      if (windows.get(k).end() < probation) {
        continue; // a window with no scorable row does not count
      }
      double contribution = Double.isNaN(best[k]) ? -profile.fnWeight() : best[k];
      windowSum += contribution;
      if (rowOut != null) {
        rowOut[windows.get(k).start()] = contribution;
      }
    }
    return new ThresholdScore(threshold, fpSum + windowSum, tp, tn, fp, fn, n);
  }

  /**
   * Returns NAB's threshold sweep over a whole corpus: the scorable rows of all files pooled and
   * sorted by anomaly score, descending; one record per distinct score (every row at or above it
   * detected), preceded by the record of {@link #START_THRESHOLD} with no detection.
   *
   * <p>Runs in O(N log N): one sort, then an O(1) update per row, since per window only the best
   * detected row score so far matters.
   */
  public static Sweep sweep(List<ScoredFile> corpus, NabProfile profile) {
    return sweepAll(corpus, List.of(profile)).get(profile.name());
  }

  /** Returns the sweep of every profile, by profile name, sorting the pooled rows only once. */
  public static Map<String, Sweep> sweepAll(
      List<ScoredFile> corpus, Collection<NabProfile> profiles) {
    int total = 0;
    int windowCount = 0;
    for (ScoredFile f : corpus) {
      total += f.file().size() - Math.min(probationLength(f.file().size()), f.file().size());
      windowCount += f.file().windows().size();
    }
    double[] anomaly = new double[total];
    int[] windowId = new int[total];
    boolean[] windowScorable = new boolean[windowCount];
    int pos = 0;
    int windowBase = 0;
    for (ScoredFile f : corpus) {
      NabDataFile file = f.file();
      int w = 0;
      for (int i = probationLength(file.size()); i < file.size(); i++) {
        while (w < file.windows().size() && file.windows().get(w).end() < i) {
          w++;
        }
        boolean inWindow = w < file.windows().size() && file.windows().get(w).contains(i);
        anomaly[pos] = f.anomalyScores()[i];
        windowId[pos] = inWindow ? windowBase + w : -1;
        if (inWindow) {
          windowScorable[windowBase + w] = true;
        }
        pos++;
      }
      windowBase += file.windows().size();
    }
    int[] order = descendingStableOrder(anomaly);
    Map<String, Sweep> sweeps = new LinkedHashMap<>();
    for (NabProfile profile : profiles) {
      double[] rowScore = new double[total];
      pos = 0;
      for (ScoredFile f : corpus) {
        NabDataFile file = f.file();
        double[] s = sweepScores(file.size(), file.windows(), profile);
        for (int i = probationLength(file.size()); i < file.size(); i++) {
          rowScore[pos++] = s[i];
        }
      }
      sweeps.put(profile.name(), walk(anomaly, order, rowScore, windowId, windowScorable, profile));
    }
    return sweeps;
  }

  private static Sweep walk(
      double[] anomaly,
      int[] order,
      double[] rowScore,
      int[] windowId,
      boolean[] windowScorable,
      NabProfile profile) {
    double[] best = new double[windowScorable.length];
    double windowSum = 0;
    for (int k = 0; k < best.length; k++) {
      best[k] = -profile.fnWeight();
      if (windowScorable[k]) {
        windowSum += best[k];
      }
    }
    double fpSum = 0;
    double[] thresholds = new double[anomaly.length + 1];
    double[] scores = new double[anomaly.length + 1];
    int records = 0;
    double threshold = START_THRESHOLD;
    for (int idx : order) {
      if (anomaly[idx] != threshold) {
        thresholds[records] = threshold;
        scores[records++] = fpSum + windowSum;
        threshold = anomaly[idx];
      }
      int k = windowId[idx];
      if (k < 0) {
        fpSum += rowScore[idx];
      } else if (rowScore[idx] > best[k]) {
        windowSum += rowScore[idx] - best[k];
        best[k] = rowScore[idx];
      }
    }
    thresholds[records] = threshold;
    scores[records++] = fpSum + windowSum;
    return new Sweep(Arrays.copyOf(thresholds, records), Arrays.copyOf(scores, records));
  }

  // Python's sorted(reverse=True) is stable: equal scores keep row order.
  private static int[] descendingStableOrder(double[] values) {
    Integer[] boxed = new Integer[values.length];
    for (int i = 0; i < boxed.length; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, (x, y) -> Double.compare(values[y], values[x]));
    int[] order = new int[boxed.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = boxed[i];
    }
    return order;
  }

  /**
   * Returns NAB's normalized score {@code 100 (raw - null) / (perfect - null)} with {@code null =
   * -A_FN * windows} and {@code perfect = A_TP * windows}; NaN when there is no window.
   */
  public static double normalize(double raw, int windows, NabProfile profile) {
    double nullScore = -profile.fnWeight() * windows;
    double perfect = profile.tpWeight() * windows;
    if (perfect == nullScore) {
      return Double.NaN;
    }
    return 100.0 * (raw - nullScore) / (perfect - nullScore);
  }

  /** The result of a threshold sweep: one (threshold, raw score) record per distinct score. */
  public static final class Sweep {
    private final double[] thresholds;
    private final double[] scores;

    Sweep(double[] thresholds, double[] scores) {
      this.thresholds = thresholds;
      this.scores = scores;
    }

    /** Returns the number of records. */
    public int size() {
      return thresholds.length;
    }

    /** Returns the threshold of record {@code i}, descending in {@code i}. */
    public double threshold(int i) {
      return thresholds[i];
    }

    /** Returns the raw score of record {@code i}. */
    public double score(int i) {
      return scores[i];
    }

    /** Returns the index of the best record; ties go to the highest threshold, as in NAB. */
    public int bestIndex() {
      int best = 0;
      for (int i = 1; i < scores.length; i++) {
        if (scores[i] > scores[best]) {
          best = i;
        }
      }
      return best;
    }

    /** Returns the threshold NAB picks in hindsight. */
    public double bestThreshold() {
      return thresholds[bestIndex()];
    }

    /** Returns the raw score at the threshold NAB picks in hindsight. */
    public double bestScore() {
      return scores[bestIndex()];
    }
  }
}
