package io.topdeck.monitoring.core.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A time source that only moves when advanced or slept on; records every sleep. */
public final class FakeTime implements TimeSource {

  private final Instant origin;
  private final AtomicLong nanos = new AtomicLong();
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  public FakeTime(Instant origin) {
    this.origin = origin;
  }

  @Override
  public Instant now() {
    return origin.plusNanos(nanos.get());
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    advance(duration);
  }

  /** Moves time forward by {@code duration}. */
  public void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  /** Moves time to {@code instant}. */
  public void set(Instant instant) {
    nanos.set(Duration.between(origin, instant).toNanos());
  }

  /** Returns the sleeps asked for so far, in order. */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }
}
