package io.topdeck.monitoring.core.engine.resilience;

import java.util.function.LongSupplier;

/**
 * A rate limit of {@code permits} per period, refilled at the start of each period (periods count
 * from the bucket's creation), on which a caller reserves a permit only when its wait fits the time
 * it has. A refused caller takes nothing, so refusals never push later callers' waits further out,
 * and no reservation reaches past the longest wait a caller accepted.
 */
final class PermitBucket {

  private final int permits;
  private final long periodNanos;
  private final LongSupplier nanoTime;
  private final long origin;
  private long cycle;
  // Permits left in the current cycle; negative when permits of later cycles are reserved.
  private long available;

  PermitBucket(int permits, long periodNanos, LongSupplier nanoTime) {
    if (permits < 1 || periodNanos < 1) {
      throw new IllegalArgumentException("permits and period must be positive");
    }
    this.permits = permits;
    this.periodNanos = periodNanos;
    this.nanoTime = nanoTime;
    this.origin = nanoTime.getAsLong();
    this.available = permits;
  }

  /** The outcome of a reservation: whether the permit was taken, and the wait before it is free. */
  record Reservation(boolean granted, long waitNanos) {}

  /**
   * Reserves a permit if it is free within {@code maxWaitNanos}; when the wait would be longer,
   * reserves nothing. Either way the reservation tells the wait until the permit is free.
   */
  synchronized Reservation reserve(long maxWaitNanos) {
    long elapsed = nanoTime.getAsLong() - origin;
    long now = Math.max(0, elapsed);
    long current = now / periodNanos;
    if (current > cycle) {
      long refill = saturatedMultiply(current - cycle, permits);
      available = Math.min(permits, saturatedAdd(available, refill));
      cycle = current;
    }
    long wait;
    if (available > 0) {
      wait = 0;
    } else {
      // The permit comes in the cycle after those already promised to earlier reservations.
      long cyclesAhead = 1 + (-available) / permits;
      long freeAt = saturatedMultiply(saturatedAdd(cycle, cyclesAhead), periodNanos);
      wait = freeAt - now;
    }
    if (wait > maxWaitNanos) {
      return new Reservation(false, wait);
    }
    available--;
    return new Reservation(true, wait);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  private static long saturatedMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
  }
}
