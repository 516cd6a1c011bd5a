package io.topdeck.monitoring.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.api.TraceSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AggregatorTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final TimeRange RANGE = TimeRange.of(T0, Duration.ofMinutes(5));
  private static final ResourceRef WEB = ResourceRef.of("web", "web_app");

  private final Aggregator aggregator = new Aggregator(RANGE);

  private static ApplicationMetrics app(double rate, double errors, Map<String, Double> codes) {
    return new ApplicationMetrics(WEB, T0, rate, errors, 1, 2, 3, codes);
  }

  private static ErrorEvent error(String platform, String id, int second) {
    return new ErrorEvent(
        id,
        platform,
        Optional.empty(),
        T0.plusSeconds(second),
        "E",
        "m",
        "",
        Optional.empty(),
        1,
        OptionalLong.empty(),
        Map.of());
  }

  private static TraceSpan span(String spanId, int second) {
    return new TraceSpan(
        "t1",
        spanId,
        Optional.empty(),
        Optional.empty(),
        "svc",
        "GET /",
        T0.plusSeconds(second),
        Duration.ofMillis(5),
        false,
        Map.of());
  }

  @Test
  void aCompleteFirstRecordWinsAndStatusCodesOfBothPlatformsAreKept() {
    aggregator.add(WEB, Signal.APPLICATION, List.of(app(10, 0.1, Map.of("500", 1.0))));
    aggregator.add(WEB, Signal.APPLICATION, List.of(app(20, 0.2, Map.of("404", 2.0))));

    ApplicationMetrics merged = aggregator.result().get("web").application().get(0);

    assertThat(merged.requestRate()).isEqualTo(10);
    assertThat(merged.errorRate()).isEqualTo(0.1);
    assertThat(merged.statusCodeRates()).containsOnly(Map.entry("500", 1.0), Map.entry("404", 2.0));
  }

  @Test
  void aCompleteFirstRecordWithTheSameCodesIsKeptAsItIs() {
    ApplicationMetrics first = app(10, 0.1, Map.of("500", 1.0));
    aggregator.add(WEB, Signal.APPLICATION, List.of(first));
    aggregator.add(WEB, Signal.APPLICATION, List.of(app(20, Double.NaN, Map.of("500", 9.0))));

    assertThat(aggregator.result().get("web").application()).containsExactly(first);
  }

  @Test
  void eventsAreDeduplicatedByIdentityAndSortedByTime() {
    aggregator.add(WEB, Signal.ERRORS, List.of(error("a", "e2", 20), error("a", "e1", 10)));
    aggregator.add(WEB, Signal.ERRORS, List.of(error("a", "e1", 10), error("b", "e1", 15)));
    aggregator.add(WEB, Signal.TRACES, List.of(span("s2", 2), span("s1", 1), span("s2", 2)));

    ResourceData data = aggregator.result().get("web");

    assertThat(data.errors())
        .extracting(e -> e.platform() + "/" + e.id())
        .containsExactly("a/e1", "b/e1", "a/e2");
    assertThat(data.traces()).extracting(TraceSpan::spanId).containsExactly("s1", "s2");
  }

  @Test
  void onlyItemsInsideTheHalfOpenRangeAreKept() {
    List<ErrorEvent> events =
        List.of(error("a", "before", -1), error("a", "first", 0), error("a", "end", 300));

    assertThat(Aggregator.inRange(Signal.ERRORS, events, RANGE))
        .extracting(e -> ((ErrorEvent) e).id())
        .containsExactly("first");
  }
}
