package io.topdeck.monitoring.core.engine.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.engine.EngineListener;
import io.topdeck.monitoring.core.engine.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Answers repeated identical queries without calling the platform again. The cache is bounded by
 * the total number of items (records, events) it holds. An entry lives by its window: a window that
 * closed more than {@code recentWindow} ago holds historical data that no longer changes and lives
 * {@code closedTtl}; a window ending later may still receive late data and lives {@code openTtl}.
 * Failures are never cached. Concurrent identical queries wait for one platform call.
 */
public final class QueryCache {

  private final Cache<Query, List<?>> cache;
  private final EngineListener listener;

  private QueryCache(Builder b) {
    this.listener = b.listener;
    TimeSource time = b.time;
    Duration recent = b.recentWindow;
    long closedNanos = b.closedTtl.toNanos();
    long openNanos = b.openTtl.toNanos();
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(b.maximumItems)
            .weigher((Query q, List<?> items) -> items.size() + 1)
            .expireAfter(
                new Expiry<Query, List<?>>() {
                  @Override
                  public long expireAfterCreate(Query query, List<?> items, long currentTime) {
                    Instant closedBefore = time.now().minus(recent);
                    return query.range().to().isAfter(closedBefore) ? openNanos : closedNanos;
                  }

                  @Override
                  public long expireAfterUpdate(
                      Query query, List<?> items, long currentTime, long currentDuration) {
                    return expireAfterCreate(query, items, currentTime);
                  }

                  @Override
                  public long expireAfterRead(
                      Query query, List<?> items, long currentTime, long currentDuration) {
                    return currentDuration;
                  }
                })
            .ticker(time::nanoTime)
            // Maintenance on the calling thread keeps eviction deterministic under a fake time.
            .executor(Runnable::run)
            .recordStats()
            .build();
  }

  /** Returns a builder with the defaults: 100,000 items, 1 h closed, 30 s open, 10 min recent. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the cached answer to {@code query}, or loads, caches and returns it. A failure of
   * {@code loader} propagates and caches nothing.
   */
  public List<?> get(Query query, Supplier<? extends List<?>> loader) {
    boolean[] loaded = {false};
    List<?> items =
        cache.get(
            query,
            q -> {
              loaded[0] = true;
              return List.copyOf(loader.get());
            });
    String endpoint = query.signal().name().toLowerCase(java.util.Locale.ROOT);
    if (loaded[0]) {
      listener.onCacheMiss(query.platform(), endpoint);
    } else {
      listener.onCacheHit(query.platform(), endpoint);
    }
    return items;
  }

  /** Returns the hit, miss, load and eviction counts so far. */
  public CacheStats stats() {
    return cache.stats();
  }

  /** Returns the approximate number of cached answers. */
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** Forgets every cached answer. */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  /**
   * One query: a signal of a resource on a platform, for a range and step (the step is {@link
   * Duration#ZERO} for event signals).
   */
  public record Query(
      String platform, Signal signal, ResourceRef resource, TimeRange range, Duration step) {

    public Query {
      Objects.requireNonNull(platform, "platform");
      Objects.requireNonNull(signal, "signal");
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(range, "range");
      Objects.requireNonNull(step, "step");
    }
  }

  /** Builds a {@link QueryCache}. */
  public static final class Builder {

    private long maximumItems = 100_000;
    private Duration closedTtl = Duration.ofHours(1);
    private Duration openTtl = Duration.ofSeconds(30);
    private Duration recentWindow = Duration.ofMinutes(10);
    private TimeSource time = TimeSource.system();
    private EngineListener listener = EngineListener.noop();

    private Builder() {}

    /** Sets the most items (records and events, over all answers) held. */
    public Builder maximumItems(long items) {
      if (items < 1) {
        throw new IllegalArgumentException("maximumItems must be at least 1, but was " + items);
      }
      this.maximumItems = items;
      return this;
    }

    /**
     * Sets the lifetimes: {@code closedTtl} for windows that ended more than {@code recentWindow}
     * ago, {@code openTtl} for the others.
     */
    public Builder lifetimes(Duration closedTtl, Duration openTtl, Duration recentWindow) {
      this.closedTtl = Objects.requireNonNull(closedTtl, "closedTtl");
      this.openTtl = Objects.requireNonNull(openTtl, "openTtl");
      this.recentWindow = Objects.requireNonNull(recentWindow, "recentWindow");
      return this;
    }

    /** Sets the time source. */
    public Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /** Sets the listener told of hits and misses. */
    public Builder listener(EngineListener listener) {
      this.listener = EngineListener.composite(listener);
      return this;
    }

    /** Returns the cache. */
    public QueryCache build() {
      return new QueryCache(this);
    }
  }
}
