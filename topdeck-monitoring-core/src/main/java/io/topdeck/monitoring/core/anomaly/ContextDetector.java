package io.topdeck.monitoring.core.anomaly;

import java.util.Arrays;

/**
 * Scores a point by how much of its recent context, the coarse levels of the last few points, has
 * never been seen before in the series.
 *
 * <p>The first {@code warmup} finite points set a grid of {@code bins} equal cells across their
 * range; the grid continues for {@code bins} cells below and above it. Each point falls in a cell,
 * and its contexts are the sequences of cells of the last 1, 2, ... {@code order} points ending
 * with it. The score is the share of those contexts never seen before: 1 when the point's own cell
 * is new, 0 when even the longest context has been seen, and in between when only the longer ones
 * are new, that is when known levels come in an unusual order. With {@code order} 1 it is plain
 * novelty on a coarse grid: a level the series has not been at since the grid was set. The warm-up
 * points are not remembered (only their range is), so the first visit of each cell after the
 * warm-up counts as new; a caller that wants no such reports skips the first points after it.
 *
 * <p>After a point scores {@code alert} or more, the next {@code rest} points score 0 (they are
 * still learned), so one event reports once. When {@code order} points in a row fall beyond the
 * extended grid, the series has moved to another range: the grid and the memory are dropped, and a
 * new warm-up starts with the last of those points. The point that first left the grid is scored as
 * usual; the others score 0.
 *
 * <p>Memory is bounded: contexts are bits in two sets of {@code memoryBits} bits. A single cell is
 * its own bit (cells never collide when {@code memoryBits} is at least {@code 3 * bins}); a longer
 * context is hashed, so it may rarely be taken as seen when it collides with another. When the
 * current set is half full, it becomes the old one and an empty set starts, so a context not seen
 * for a long time is eventually forgotten.
 */
public final class ContextDetector implements StreamingDetector {

  private static final int MAX_ORDER = 8;
  private static final int NO_CELL = 0xFF;

  private final int warmup;
  private final int bins;
  private final int order;
  private final double alert;
  private final int rest;
  private final int wordsPerSet;

  /** The current set in the first {@code wordsPerSet} words, the old one in the rest. */
  private final long[] seen;

  /** The last {@code order} cells, offset by {@code bins}, one per byte, newest lowest. */
  private long history = -1L;

  private int currentBits;
  private int warmupCount;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double width;
  private int outside;
  private int resting;

  /**
   * Creates a detector.
   *
   * @param warmup how many finite points set the grid, at least 2
   * @param bins how many cells span the warm-up range, 2 to 64
   * @param order the longest context, in points, 1 to 8
   * @param alert the score from which the rest period starts, in (0, 1]
   * @param rest how many points score 0 after an alert, at least 0
   * @param memoryBits the size of each of the two context sets, a multiple of 64, 64 to 65536
   */
  public ContextDetector(int warmup, int bins, int order, double alert, int rest, int memoryBits) {
    if (warmup < 2) {
      throw new IllegalArgumentException("warmup must be at least 2, but was " + warmup);
    }
    if (bins < 2 || bins > 64) {
      throw new IllegalArgumentException("bins must be in [2, 64], but was " + bins);
    }
    if (order < 1 || order > MAX_ORDER) {
      throw new IllegalArgumentException("order must be in [1, 8], but was " + order);
    }
    if (!(alert > 0 && alert <= 1) || rest < 0) {
      throw new IllegalArgumentException(
          "alert must be in (0, 1] and rest at least 0, but were " + alert + " and " + rest);
    }
    if (memoryBits < 64 || memoryBits > 65536 || Integer.bitCount(memoryBits) != 1) {
      throw new IllegalArgumentException(
          "memoryBits must be a power of two in [64, 65536], but was " + memoryBits);
    }
    this.warmup = warmup;
    this.bins = bins;
    this.order = order;
    this.alert = alert;
    this.rest = rest;
    this.wordsPerSet = memoryBits / 64;
    this.seen = new long[2 * wordsPerSet];
  }

  @Override
  public double update(long epochMillis, double value) {
    if (!Double.isFinite(value)) {
      return 0;
    }
    if (width == 0) {
      warmUp(value);
      return 0;
    }
    double c = Math.floor((value - min) / width);
    if (c < -bins || c >= 2 * bins) {
      if (++outside >= order) {
        restart(value);
        return 0;
      }
      c = c < 0 ? -bins : 2 * bins - 1;
    } else {
      outside = 0;
    }
    history = (history << 8) | ((int) c + bins);
    double score = learn();
    if (resting > 0) {
      resting--;
      return 0;
    }
    if (score >= alert) {
      resting = rest;
    }
    return score;
  }

  private void warmUp(double value) {
    min = Math.min(min, value);
    max = Math.max(max, value);
    if (++warmupCount < warmup) {
      return;
    }
    width = (max - min) / bins;
    if (!(width > 0) || Double.isInfinite(width)) {
      // A flat (or absurdly wide) warm-up: cells of 1% of its value, as the novelty grid does.
      width = Math.max(Math.abs(max) * 0.01, 1e-9);
    }
  }

  /** Drops the grid and the memory; {@code value} is the first point of the new warm-up. */
  private void restart(double value) {
    Arrays.fill(seen, 0);
    currentBits = 0;
    history = -1L;
    width = 0;
    outside = 0;
    resting = 0;
    warmupCount = 0;
    min = Double.POSITIVE_INFINITY;
    max = Double.NEGATIVE_INFINITY;
    warmUp(value);
  }

  /** Marks the point's contexts as seen and returns the share that were new. */
  private double learn() {
    int mask = wordsPerSet * 64 - 1;
    long h = 0x632BE59BD9B4E019L;
    int fresh = 0;
    for (int k = 0; k < order; k++) {
      int cell = (int) (history >>> (8 * k)) & 0xFF;
      if (cell == NO_CELL) {
        break;
      }
      h = (h ^ cell ^ ((long) k << 32)) * 0x9E3779B97F4A7C15L;
      h ^= h >>> 29;
      int bit = k == 0 ? cell & mask : (int) (h >>> 35) & mask;
      if (!testAndSet(bit)) {
        fresh++;
      }
    }
    if (currentBits >= wordsPerSet * 32) {
      System.arraycopy(seen, 0, seen, wordsPerSet, wordsPerSet);
      Arrays.fill(seen, 0, wordsPerSet, 0);
      currentBits = 0;
    }
    return (double) fresh / order;
  }

  /** Sets the bit in the current set and returns whether either set had it already. */
  private boolean testAndSet(int bit) {
    int word = bit >>> 6;
    long m = 1L << (bit & 63);
    boolean known = (seen[word] & m) != 0 || (seen[word + wordsPerSet] & m) != 0;
    if ((seen[word] & m) == 0) {
      seen[word] |= m;
      currentBits++;
    }
    return known;
  }
}
