package io.topdeck.monitoring.core.anomaly;

/**
 * Remembers the last few excursions of a series (runs of points far from what was expected) by
 * their time and their range of novelty cells, so that one that comes back a whole number of days
 * later, at the same time of day and on the same cells, is known: a nightly or weekly batch job.
 *
 * <p>An excursion starts at a far point and goes on while far points follow within {@link
 * #GAP_MINUTES} of each other; it records the minutes it spans and the lowest and highest cells its
 * far points reached. When it ends (at the next far point after a longer pause), it is merged into
 * the record of an earlier excursion that it repeats, or else takes the place of the record least
 * worth keeping: one never repeated before the others, then the one whose last visit lies farthest
 * from now. An excursion longer than {@link #MAX_SPAN_MINUTES} (a level shift, not a job) is not
 * kept.
 *
 * <p>A far point is known when a record that has itself been repeated at least {@link #KNOWN_AFTER}
 * time reaches its cell, give or take one cell, and lies a whole number of days before it, 1 to
 * {@link #MAX_DAYS}, give or take {@link #TOLERANCE_MINUTES} around the record's span, that is a
 * multiple of the interval at which the record last repeated. For the rest of an excursion found to
 * repeat a record, every far point on the cells of that record (give or take one) is known, however
 * long the excursion runs. So a job reports on its first two runs and is known from its third; a
 * larger excursion than the one remembered (a cell beyond the record's range) or one at another
 * time of day is not known, and neither are two spikes that happen to come back at the same time on
 * a different interval. Time is counted in whole minutes of the points' own timestamps: a series
 * stamped back in time or far ahead matches nothing, which reports as if it had no memory.
 *
 * <p>State: four packed longs (three records and the current excursion) and a byte, 48 bytes by the
 * HotSpot layout. Each long holds the last minute (32 bits), the span in minutes (8 bits), how many
 * times the excursion was repeated (4 bits, saturating), the days between its last two runs (4
 * bits) and the lowest and highest cell (8 bits each).
 */
final class RecurrenceMemory {

  /** The longest pause between two far points of one excursion. */
  static final int GAP_MINUTES = 15;

  /** How far the time of a repeat may lie outside the span of the remembered excursion. */
  static final int TOLERANCE_MINUTES = 10;

  /** The longest excursion that is remembered; longer ones are level shifts, not jobs. */
  static final int MAX_SPAN_MINUTES = 240;

  /** The longest period of a job that is recognised, in days: a weekly job and a day of slack. */
  static final int MAX_DAYS = 8;

  /** How many repeats an excursion needs before the next one is known. */
  static final int KNOWN_AFTER = 1;

  private static final long MINUTES_PER_DAY = 1440;
  private static final long MILLIS_PER_MINUTE = 60_000;
  private static final int NONE = -1;

  private long first;
  private long second;
  private long third;

  /** The current excursion, or 0 before the first far point. */
  private long current;

  /** The record the current excursion was found to repeat, or NONE. */
  private byte repeated = NONE;

  /**
   * Learns the point and returns whether it is a far point that repeats a remembered excursion.
   *
   * @param epochMillis the point's timestamp
   * @param cell the point's novelty cell, 0 to 255, or negative before the grid is set
   * @param far whether the point is far from what was expected
   */
  boolean repeats(long epochMillis, int cell, boolean far) {
    if (!far || cell < 0 || cell > 255) {
      return false;
    }
    long minute = Math.floorDiv(epochMillis, MILLIS_PER_MINUTE);
    if (!(minute > 0 && minute <= Integer.MAX_VALUE)) {
      return false;
    }
    long pause = minute - end(current);
    if (current != 0 && pause >= 0 && pause <= GAP_MINUTES) {
      current = extend(current, minute, cell);
      if (repeated != NONE) {
        return covers(record(repeated), cell);
      }
    } else {
      if (current != 0) {
        keep(current, minute);
      }
      current = pack(minute, 0, 0, 1, cell, cell);
      repeated = NONE;
    }
    for (int i = 0; i < 3; i++) {
      long r = record(i);
      if (r != 0 && hits(r) >= KNOWN_AFTER && covers(r, cell) && onPeriod(r, minute)) {
        repeated = (byte) i;
        return true;
      }
    }
    return false;
  }

  /**
   * Returns whether the minute follows the record's span by a whole number of days that is a
   * multiple of the interval at which the record last repeated: a job that ran nightly is known the
   * next night (or the one after a skipped night), one that ran weekly only a week later, so that a
   * chance coincidence of two spikes some days apart does not make a third one known.
   */
  private static boolean onPeriod(long record, long minute) {
    int days = dayOffset(record, minute, minute);
    return days > 0 && days % period(record) == 0;
  }

  /**
   * Returns whether the point lies within an excursion found to repeat a remembered one: at most
   * {@link #GAP_MINUTES} after its last far point.
   */
  boolean withinRepeat(long epochMillis) {
    long pause = Math.floorDiv(epochMillis, MILLIS_PER_MINUTE) - end(current);
    return repeated != NONE && current != 0 && pause >= 0 && pause <= GAP_MINUTES;
  }

  /** Merges the ended excursion into the record it repeats, or makes it a record of its own. */
  private void keep(long excursion, long now) {
    if (span(excursion) >= MAX_SPAN_MINUTES) {
      return;
    }
    long start = end(excursion) - span(excursion);
    for (int i = 0; i < 3; i++) {
      long r = record(i);
      int days = r == 0 ? 0 : dayOffset(r, start, end(excursion));
      if (days > 0 && overlaps(r, excursion)) {
        long shift = days * MINUTES_PER_DAY;
        long from = Math.min(start, end(r) - span(r) + shift);
        long to = Math.max(end(excursion), end(r) + shift);
        long merged =
            to - from < MAX_SPAN_MINUTES
                ? pack(
                    to,
                    (int) (to - from),
                    Math.min(hits(r) + 1, 15),
                    days,
                    Math.min(low(r), low(excursion)),
                    Math.max(high(r), high(excursion)))
                : excursion;
        setRecord(i, merged);
        return;
      }
    }
    int victim = 0;
    for (int i = 1; i < 3; i++) {
      if (worse(record(i), record(victim), now)) {
        victim = i;
      }
    }
    setRecord(victim, excursion);
  }

  /** Returns whether record {@code a} is less worth keeping than record {@code b}. */
  private static boolean worse(long a, long b, long now) {
    if (a == 0 || b == 0) {
      return a == 0 && b != 0;
    }
    boolean aRepeated = hits(a) > 0;
    if (aRepeated != (hits(b) > 0)) {
      return !aRepeated;
    }
    return Math.abs(now - end(a)) > Math.abs(now - end(b));
  }

  /**
   * Returns the whole number of days, 1 to {@link #MAX_DAYS}, by which the minutes {@code from} to
   * {@code to} follow the record's span (widened by the tolerance), or 0 when they follow it by
   * none.
   */
  private static int dayOffset(long record, long from, long to) {
    long start = end(record) - span(record) - TOLERANCE_MINUTES;
    long stop = end(record) + TOLERANCE_MINUTES;
    for (int days = 1; days <= MAX_DAYS; days++) {
      long shift = days * MINUTES_PER_DAY;
      if (from <= stop + shift && to >= start + shift) {
        return days;
      }
    }
    return 0;
  }

  private static boolean covers(long record, int cell) {
    return cell >= low(record) - 1 && cell <= high(record) + 1;
  }

  private static boolean overlaps(long record, long excursion) {
    return low(excursion) <= high(record) + 1 && high(excursion) >= low(record) - 1;
  }

  private static long extend(long excursion, long minute, int cell) {
    long start = end(excursion) - span(excursion);
    int span = (int) Math.min(minute - start, MAX_SPAN_MINUTES);
    return pack(
        minute,
        span,
        hits(excursion),
        period(excursion),
        Math.min(low(excursion), cell),
        Math.max(high(excursion), cell));
  }

  private long record(int i) {
    return i == 0 ? first : i == 1 ? second : third;
  }

  private void setRecord(int i, long value) {
    if (i == 0) {
      first = value;
    } else if (i == 1) {
      second = value;
    } else {
      third = value;
    }
    if (repeated == i) {
      repeated = NONE;
    }
  }

  private static long pack(long end, int span, int hits, int period, int low, int high) {
    return (end & 0xFFFF_FFFFL)
        | (long) (span & 0xFF) << 32
        | (long) (hits & 0xF) << 40
        | (long) (period & 0xF) << 44
        | (long) (low & 0xFF) << 48
        | (long) (high & 0xFF) << 56;
  }

  private static long end(long packed) {
    return packed & 0xFFFF_FFFFL;
  }

  private static int span(long packed) {
    return (int) (packed >>> 32) & 0xFF;
  }

  private static int hits(long packed) {
    return (int) (packed >>> 40) & 0xF;
  }

  /** Returns the days between the last two runs of the excursion, 1 to 8 (1 before a repeat). */
  private static int period(long packed) {
    return Math.max(1, (int) (packed >>> 44) & 0xF);
  }

  private static int low(long packed) {
    return (int) (packed >>> 48) & 0xFF;
  }

  private static int high(long packed) {
    return (int) (packed >>> 56) & 0xFF;
  }
}
