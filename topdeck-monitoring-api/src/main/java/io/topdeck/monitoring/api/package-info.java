/**
 * Data model and service-provider interfaces of TopDeck Monitoring.
 *
 * <p>Every type here is immutable and validates its arguments when constructed. Times are {@link
 * java.time.Instant}s in UTC; ranges are half-open ({@link io.topdeck.monitoring.api.TimeRange}). A
 * value that a platform did not report stays missing: {@code NaN} for a {@code double}, an empty
 * {@code Optional}, or an absent map entry. It never becomes 0.
 */
package io.topdeck.monitoring.api;
