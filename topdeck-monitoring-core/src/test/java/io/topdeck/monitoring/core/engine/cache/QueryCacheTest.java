package io.topdeck.monitoring.core.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.engine.FakeCollector;
import io.topdeck.monitoring.core.engine.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QueryCacheTest {

  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final ResourceRef WEB = ResourceRef.of("web", "web_app");
  private static final Duration STEP = Duration.ofMinutes(1);

  private final FakeTime time = new FakeTime(NOW);
  private final QueryCache cache =
      QueryCache.builder()
          .timeSource(time)
          .lifetimes(Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofMinutes(10))
          .maximumItems(100)
          .build();
  private final AtomicInteger loads = new AtomicInteger();

  private List<?> get(TimeRange range) {
    return cache.get(
        new QueryCache.Query("p", Signal.APPLICATION, WEB, range, STEP),
        () -> List.of("answer " + loads.incrementAndGet()));
  }

  @Test
  void aClosedHistoricalWindowLivesTheLongLifetime() {
    TimeRange old = TimeRange.ending(NOW.minus(Duration.ofHours(2)), Duration.ofMinutes(5));
    get(old);

    time.advance(Duration.ofMinutes(59));
    get(old);
    time.advance(Duration.ofMinutes(2));
    get(old);

    assertThat(loads).hasValue(2);
  }

  @Test
  void aWindowEndingNearNowLivesTheShortLifetime() {
    TimeRange recent = TimeRange.ending(NOW, Duration.ofMinutes(5));
    get(recent);

    time.advance(Duration.ofSeconds(29));
    get(recent);
    time.advance(Duration.ofSeconds(2));
    get(recent);

    assertThat(loads).hasValue(2);
    assertThat(cache.stats().hitCount()).isEqualTo(1);
    assertThat(cache.stats().missCount()).isEqualTo(2);
  }

  @Test
  void theCacheIsBoundedByTheItemsItHolds() {
    for (int i = 0; i < 200; i++) {
      TimeRange range = TimeRange.of(NOW.minus(Duration.ofDays(1)).plusSeconds(i * 60L), STEP);
      get(range);
    }

    assertThat(cache.size()).isLessThanOrEqualTo(50);
    assertThat(cache.stats().evictionCount()).isGreaterThan(0);
  }

  @Test
  void failuresAreNotCached() {
    TimeRange range = TimeRange.ending(NOW.minus(Duration.ofHours(2)), STEP);
    QueryCache.Query query = new QueryCache.Query("p", Signal.APPLICATION, WEB, range, STEP);

    assertThatThrownBy(
            () ->
                cache.get(
                    query,
                    () -> {
                      throw new MonitoringException(
                          MonitoringException.Kind.UNAVAILABLE, "p", "down");
                    }))
        .isInstanceOf(MonitoringException.class);
    assertThat(cache.get(query, () -> List.of("up"))).isEqualTo(List.of("up"));
  }

  @Test
  void theCachingCollectorCallsItsDelegateOncePerIdenticalQuery() {
    FakeCollector delegate = new FakeCollector("p").serveConstant("web", 4);
    CachingCollector collector = new CachingCollector(delegate, cache);
    TimeRange range = TimeRange.ending(NOW.minus(Duration.ofHours(2)), Duration.ofMinutes(10));

    var first = collector.applicationMetrics(WEB, range, STEP);
    var second = collector.applicationMetrics(WEB, range, STEP);
    collector.applicationMetrics(WEB, range, Duration.ofMinutes(2));

    assertThat(second).isEqualTo(first).hasSize(10);
    assertThat(delegate.calls()).isEqualTo(2);
    assertThat(collector.platform()).isEqualTo("p");
  }
}
