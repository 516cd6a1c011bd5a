package io.topdeck.monitoring.core.anomaly;

/**
 * Scores a point by whether its value, or the step from the previous value to it, has ever been
 * seen before in the series, on a grid learned from the series' first points.
 *
 * <p>The first {@code warmup} finite points set the grid: {@code bins} equal cells across their
 * range (a flat warm-up gets cells of 1% of its value). From then on each value falls in a cell
 * (cells beyond the learned range continue the grid outwards), and the detector remembers which
 * cells, and which pairs of consecutive cells, it has seen. A point in a cell never seen scores
 * 0.5, a transition between cells never seen scores 0.5, both score 1. After the grid is set, a
 * further {@code learning} points are remembered without being scored, so the cells that the
 * warm-up visited are known before anything is reported.
 *
 * <p>This catches what most operational anomalies look like: a level the series has never been at,
 * or a jump it has never made, whatever the noise. It does not forget: a level seen once, long ago,
 * is never novel again, and a series that drifts for ever (a counter, a growing queue) keeps
 * reaching new cells; feed such series as a rate or use the trend detector. Memory: 64 bytes of
 * cell bits (512 cells; values further out share the outermost cells) and 128 bytes of hashed
 * transition bits, so a transition may rarely be taken as seen when it collides with another.
 */
public final class NoveltyDetector implements StreamingDetector {

  private static final int CELL_OFFSET = 128;
  private static final int CELLS = 512;
  private static final int PAIR_BITS = 1024;

  private final int warmup;
  private final int bins;
  private final int learning;
  private final long[] cellSeen = new long[CELLS / 64];
  private final long[] pairSeen = new long[PAIR_BITS / 64];
  private long count;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double width;
  private int previousCell = Integer.MIN_VALUE;

  /** Creates a detector with 256 warm-up points, 16 cells and no further learning. */
  public NoveltyDetector() {
    this(256, 16, 0);
  }

  /**
   * Creates a detector.
   *
   * @param warmup how many finite points set the grid, at least 2
   * @param bins how many cells span the warm-up range, 2 to 64
   * @param learning how many points after the warm-up are learned without scoring, at least 0
   */
  public NoveltyDetector(int warmup, int bins, int learning) {
    if (warmup < 2) {
      throw new IllegalArgumentException("warmup must be at least 2, but was " + warmup);
    }
    if (bins < 2 || bins > 64) {
      throw new IllegalArgumentException("bins must be in [2, 64], but was " + bins);
    }
    if (learning < 0) {
      throw new IllegalArgumentException("learning must be at least 0, but was " + learning);
    }
    this.warmup = warmup;
    this.bins = bins;
    this.learning = learning;
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
    if (count <= warmup + learning) {
      return 0;
    }
    return newCell ? 1 : newPair ? 0.5 : 0;
  }

  private int cellOf(double value) {
    double c = Math.floor((value - min) / width);
    return (int) Math.max(-CELL_OFFSET, Math.min(CELLS - CELL_OFFSET - 1, c));
  }

  /** Marks the cell as seen and returns whether it was new. */
  private boolean markCell(int cell) {
    int i = cell + CELL_OFFSET;
    long mask = 1L << (i & 63);
    boolean isNew = (cellSeen[i >>> 6] & mask) == 0;
    cellSeen[i >>> 6] |= mask;
    return isNew;
  }

  /** Marks the transition as seen and returns whether it was new. */
  private boolean markPair(int from, int to) {
    long h = (from + CELL_OFFSET) * (long) CELLS + to + CELL_OFFSET;
    h *= 0x9E3779B97F4A7C15L;
    int i = (int) (h >>> 53) & (PAIR_BITS - 1);
    int j = (int) (h >>> 37) & (PAIR_BITS - 1);
    long maskI = 1L << (i & 63);
    long maskJ = 1L << (j & 63);
    boolean isNew = (pairSeen[i >>> 6] & maskI) == 0 || (pairSeen[j >>> 6] & maskJ) == 0;
    pairSeen[i >>> 6] |= maskI;
    pairSeen[j >>> 6] |= maskJ;
    return isNew;
  }
}
