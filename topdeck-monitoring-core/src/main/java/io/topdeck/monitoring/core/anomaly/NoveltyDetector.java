package io.topdeck.monitoring.core.anomaly;

import java.util.Arrays;

/**
 * Scores a point by whether its value, or the step from the previous value to it, has been seen
 * recently in the series, on a grid learned from the series' first points.
 *
 * <p>The first {@code warmup} finite points set the grid: {@code bins} equal cells across their
 * range (a flat warm-up gets cells of 1% of its value). From then on each value falls in a cell,
 * and the detector remembers which cells, and which pairs of consecutive cells, it has seen. A
 * point in a cell not remembered scores 0.5, a transition between cells not remembered scores 0.5,
 * both score 1. After the grid is set, a further {@code learning} points are remembered without
 * being scored, so the cells that the warm-up visited are known before anything is reported.
 *
 * <p>The grid continues beyond the learned range: 64 cells below it and 128 above (counted from the
 * low end of the range) keep the width of the learned cells; further out, 32 cells on each side
 * grow geometrically, four per doubling of the distance, so that an excursion twice as large as any
 * seen before still reaches a new cell. Only values more than 256 times that far share the
 * outermost cells.
 *
 * <p>The memory forgets: it is kept in two generations of {@code memory} points each. A cell or a
 * transition is remembered while the current or the previous generation has seen it, so one seen
 * last between {@code memory} and {@code 2 * memory} points ago is novel again. A repeat of an
 * earlier incident after a quiet spell therefore scores like the first one did, and so do the rare
 * extremes of plain noise: callers gate the score by how far out the point is. With {@code memory}
 * 0 nothing is forgotten. A series that drifts for ever (a counter, a growing queue) keeps reaching
 * new cells; feed such series as a rate or use the trend detector.
 *
 * <p>Memory: two generations of 32 bytes of cell bits (256 cells) and of 64 bytes of hashed
 * transition bits, so a transition may rarely be taken as seen when it collides with another.
 */
public final class NoveltyDetector implements StreamingDetector {

  private static final int LINEAR_LOW = -64;
  private static final int LINEAR_HIGH = 128;
  private static final int GEOMETRIC_CELLS = 32;
  private static final int PER_DOUBLING = 4;
  private static final int CELL_OFFSET = GEOMETRIC_CELLS - LINEAR_LOW;
  private static final int CELL_WORDS = (LINEAR_HIGH - LINEAR_LOW + 2 * GEOMETRIC_CELLS) / 64;
  private static final int PAIR_BITS = 512;
  private static final int PAIR_WORDS = PAIR_BITS / 64;
  private static final int CELLS = 0;
  private static final int PAIRS = 2 * CELL_WORDS;

  private final int warmup;
  private final int bins;
  private final int learning;
  private final int memory;

  /**
   * The cell bits at {@link #CELLS}, then the transition bits at {@link #PAIRS}: each the current
   * generation first, the previous one after it. One array, so one object header.
   */
  private final long[] seen = new long[2 * CELL_WORDS + 2 * PAIR_WORDS];

  private long count;
  private int age;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double width;
  private int previousCell = Integer.MIN_VALUE;

  /**
   * Creates a detector with 256 warm-up points, 16 cells, no further learning and generations of
   * 1,000 points.
   */
  public NoveltyDetector() {
    this(256, 16, 0, 1000);
  }

  /**
   * Creates a detector that never forgets.
   *
   * @param warmup how many finite points set the grid, at least 2
   * @param bins how many cells span the warm-up range, 2 to 64
   * @param learning how many points after the warm-up are learned without scoring, at least 0
   */
  public NoveltyDetector(int warmup, int bins, int learning) {
    this(warmup, bins, learning, 0);
  }

  /**
   * Creates a detector.
   *
   * @param warmup how many finite points set the grid, at least 2
   * @param bins how many cells span the warm-up range, 2 to 64
   * @param learning how many points after the warm-up are learned without scoring, at least 0
   * @param memory how many points one generation of the memory spans, or 0 to never forget
   */
  public NoveltyDetector(int warmup, int bins, int learning, int memory) {
    if (warmup < 2) {
      throw new IllegalArgumentException("warmup must be at least 2, but was " + warmup);
    }
    if (bins < 2 || bins > 64) {
      throw new IllegalArgumentException("bins must be in [2, 64], but was " + bins);
    }
    if (learning < 0 || memory < 0) {
      throw new IllegalArgumentException(
          "learning and memory must be at least 0, but were " + learning + " and " + memory);
    }
    this.warmup = warmup;
    this.bins = bins;
    this.learning = learning;
    this.memory = memory;
  }

  @Override
  public double update(long epochMillis, double value) {
    if (!Double.isFinite(value)) {
      return 0;
    }
    count++;
    if (count <= warmup) {
      min = Math.min(min, value);
      max = Math.max(max, value);
      if (count < warmup) {
        return 0;
      }
      width = (max - min) / bins;
      if (!(width > 0) || Double.isInfinite(width)) {
        width = Math.max(Math.abs(max) * 0.01, 1e-9);
      }
      markCell(cellOf(min));
      markCell(cellOf(max));
    }
    int cell = cellOf(value);
    boolean newCell = markCell(cell);
    boolean newPair = previousCell != Integer.MIN_VALUE && markPair(previousCell, cell);
    previousCell = cell;
    if (memory > 0 && ++age >= memory) {
      age = 0;
      nextGeneration(CELLS, CELL_WORDS);
      nextGeneration(PAIRS, PAIR_WORDS);
    }
    if (count <= warmup + learning) {
      return 0;
    }
    return newCell ? 1 : newPair ? 0.5 : 0;
  }

  /** Returns the cell of the value, 0 to 255, or -1 before the grid is set or for a non-finite. */
  int cell(double value) {
    return count < warmup || !Double.isFinite(value) ? -1 : cellOf(value);
  }

  /**
   * Returns the upper edge of the highest cell remembered apart from the cell of {@code value}, or
   * NaN before the grid is set or when no other cell is remembered. Meant for a point that has just
   * scored 1 (a new cell), whose own cell the update has marked: it then bounds from above every
   * value the memory holds.
   */
  double rememberedTop(double value) {
    int cell = rememberedEnd(value, true);
    return cell < 0 ? Double.NaN : min + upperEdge(cell - CELL_OFFSET) * width;
  }

  /**
   * Returns the lower edge of the lowest cell remembered apart from the cell of {@code value}, or
   * NaN as {@link #rememberedTop}: for a point that has just scored 1, a bound from below of every
   * value the memory holds.
   */
  double rememberedBottom(double value) {
    int cell = rememberedEnd(value, false);
    return cell < 0 ? Double.NaN : min + upperEdge(cell - CELL_OFFSET - 1) * width;
  }

  /**
   * Returns the highest (or lowest) remembered cell other than that of {@code value}, or -1 before
   * the grid is set or when there is none.
   */
  private int rememberedEnd(double value, boolean highest) {
    if (count < warmup || !Double.isFinite(value)) {
      return -1;
    }
    int own = cellOf(value);
    int cells = CELL_WORDS * 64;
    for (int i = 0; i < cells; i++) {
      int cell = highest ? cells - 1 - i : i;
      int w = CELLS + (cell >>> 6);
      long mask = 1L << (cell & 63);
      if (cell != own && ((seen[w] | seen[w + CELL_WORDS]) & mask) != 0) {
        return cell;
      }
    }
    return -1;
  }

  /**
   * Returns the upper edge of grid cell {@code c} (counted from the low end of the range, in cell
   * widths), which is also the lower edge of cell {@code c + 1}.
   */
  private static double upperEdge(int c) {
    if (c >= LINEAR_HIGH) {
      return LINEAR_HIGH * Math.pow(2, (c - LINEAR_HIGH + 1.0) / PER_DOUBLING);
    } else if (c < LINEAR_LOW) {
      return LINEAR_LOW * Math.pow(2, (LINEAR_LOW - 1.0 - c) / PER_DOUBLING);
    }
    return c + 1;
  }

  private void nextGeneration(int from, int words) {
    System.arraycopy(seen, from, seen, from + words, words);
    Arrays.fill(seen, from, from + words, 0);
  }

  /** Returns the cell of the value, from 0 to 255. */
  private int cellOf(double value) {
    double c = Math.floor((value - min) / width);
    if (c >= LINEAR_HIGH) {
      double steps = Math.floor(PER_DOUBLING * log2(c / LINEAR_HIGH));
      c = LINEAR_HIGH + Math.min(GEOMETRIC_CELLS - 1, steps);
    } else if (c < LINEAR_LOW) {
      double steps = Math.floor(PER_DOUBLING * log2(c / LINEAR_LOW));
      c = LINEAR_LOW - 1 - Math.min(GEOMETRIC_CELLS - 1, steps);
    }
    return (int) c + CELL_OFFSET;
  }

  private static double log2(double x) {
    return Math.log(x) * 1.4426950408889634;
  }

  /** Marks the cell as seen in the current generation and returns whether it was new to both. */
  private boolean markCell(int cell) {
    return mark(CELLS, CELL_WORDS, cell);
  }

  /** Marks the transition as seen and returns whether it was new. */
  private boolean markPair(int from, int to) {
    long h = from * 256L + to;
    h *= 0x9E3779B97F4A7C15L;
    int i = (int) (h >>> 53) & (PAIR_BITS - 1);
    int j = (int) (h >>> 37) & (PAIR_BITS - 1);
    boolean newI = mark(PAIRS, PAIR_WORDS, i);
    boolean newJ = mark(PAIRS, PAIR_WORDS, j);
    return newI || newJ;
  }

  private boolean mark(int from, int words, int bit) {
    int w = from + (bit >>> 6);
    long mask = 1L << (bit & 63);
    boolean isNew = ((seen[w] | seen[w + words]) & mask) == 0;
    seen[w] |= mask;
    return isNew;
  }
}
