package io.topdeck.monitoring.core.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.MonitoringException.Kind;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.engine.CollectionEngine;
import io.topdeck.monitoring.core.engine.CollectionPlan;
import io.topdeck.monitoring.core.engine.CollectionReport;
import io.topdeck.monitoring.core.engine.FakeCollector;
import io.topdeck.monitoring.core.engine.FakeTime;
import io.topdeck.monitoring.core.engine.ResourceData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CollectionSchedulerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration PERIOD = Duration.ofMinutes(5);
  private static final Duration STEP = Duration.ofMinutes(1);
  private static final ResourceRef WEB = ResourceRef.of("web", "web_app");

  private final FakeTime time = new FakeTime(T0.plusSeconds(30));
  private final CountDownLatch release = new CountDownLatch(1);
  private CollectionEngine engine;

  @AfterEach
  void close() {
    release.countDown();
    if (engine != null) {
      engine.close();
    }
  }

  private CollectionEngine engine(FakeCollector... collectors) {
    CollectionEngine.Builder builder = CollectionEngine.builder().timeSource(time);
    for (FakeCollector c : collectors) {
      builder.collector(c);
    }
    engine = builder.build();
    return engine;
  }

  /** A store keyed by series and timestamp that counts every write. */
  private static final class PointStore {
    final Map<String, Double> points = new ConcurrentHashMap<>();
    final AtomicInteger writes = new AtomicInteger();

    void accept(WindowResult window) {
      for (ResourceData data : window.result().resources().values()) {
        for (ApplicationMetrics m : data.application()) {
          writes.incrementAndGet();
          points.put(data.resource().id() + "/requestRate@" + m.timestamp(), m.requestRate());
        }
      }
    }
  }

  @Test
  void windowsAreAlignedHalfOpenAndFollowEachOtherWithoutGapOrOverlap() {
    List<TimeRange> windows = new CopyOnWriteArrayList<>();
    CollectionScheduler scheduler =
        CollectionScheduler.builder(
                engine(new FakeCollector("a").serveConstant("web", 1)),
                CollectionPlan.builder().add("a", WEB, Signal.APPLICATION).build(),
                w -> windows.add(w.window()))
            .period(PERIOD)
            .step(STEP)
            .timeSource(time)
            .firstWindow(T0.plusSeconds(17))
            .build();

    for (int i = 0; i < 4; i++) {
      time.advance(PERIOD);
      scheduler.pollDue();
    }

    assertThat(windows).hasSize(4);
    assertThat(windows.get(0)).isEqualTo(TimeRange.of(T0, PERIOD));
    for (int i = 1; i < windows.size(); i++) {
      assertThat(windows.get(i).from()).isEqualTo(windows.get(i - 1).to());
    }
  }

  @Test
  void overlappingPollsThatReturnTheSamePointsStoreEachPointOnce() {
    FakeCollector overlapping =
        new FakeCollector("a").serveConstant("web", 3).extendRanges(Duration.ofMinutes(2));
    PointStore store = new PointStore();
    CollectionScheduler scheduler =
        CollectionScheduler.builder(
                engine(overlapping),
                CollectionPlan.builder().add("a", WEB, Signal.APPLICATION).build(),
                store::accept)
            .period(PERIOD)
            .step(STEP)
            .timeSource(time)
            .firstWindow(T0)
            .build();

    time.advance(PERIOD.multipliedBy(3));
    List<WindowResult> delivered = scheduler.pollDue();
    scheduler.pollDue();

    assertThat(delivered).hasSize(3);
    assertThat(overlapping.calls()).isEqualTo(3);
    assertThat(store.points).hasSize(15);
    assertThat(store.writes).hasValue(15);
  }

  @Test
  void eachPlatformWaitsItsSettleDelayAfterTheWindowEnds() {
    List<WindowResult> delivered = new CopyOnWriteArrayList<>();
    CollectionScheduler scheduler =
        CollectionScheduler.builder(
                engine(
                    new FakeCollector("fast").serveConstant("web", 1),
                    new FakeCollector("late").serveConstant("web", 2)),
                CollectionPlan.builder()
                    .add("fast", WEB, Signal.APPLICATION)
                    .add("late", WEB, Signal.APPLICATION)
                    .build(),
                delivered::add)
            .period(PERIOD)
            .step(STEP)
            .settleDelay(Duration.ofSeconds(30))
            .settleDelay("late", Duration.ofMinutes(3))
            .timeSource(time)
            .firstWindow(T0)
            .build();

    time.set(T0.plus(PERIOD).plusSeconds(30));
    scheduler.pollDue();
    assertThat(delivered)
        .singleElement()
        .extracting(WindowResult::platforms)
        .isEqualTo(java.util.Set.of("fast"));

    time.set(T0.plus(PERIOD).plus(Duration.ofMinutes(3)));
    scheduler.pollDue();
    assertThat(delivered).hasSize(2);
    assertThat(delivered.get(1).platforms()).containsExactly("late");
    assertThat(delivered.get(1).window()).isEqualTo(TimeRange.of(T0, PERIOD));
  }

  @Test
  void catchingUpAfterAPauseIsBoundedPerPoll() {
    List<WindowResult> delivered = new CopyOnWriteArrayList<>();
    CollectionScheduler scheduler =
        CollectionScheduler.builder(
                engine(new FakeCollector("a").serveConstant("web", 1)),
                CollectionPlan.builder().add("a", WEB, Signal.APPLICATION).build(),
                delivered::add)
            .period(PERIOD)
            .timeSource(time)
            .firstWindow(T0)
            .maxWindowsPerPoll(3)
            .build();

    time.advance(PERIOD.multipliedBy(10));
    assertThat(scheduler.pollDue()).hasSize(3);
    assertThat(scheduler.pollDue()).hasSize(3);
    assertThat(delivered.get(5).window().from()).isEqualTo(T0.plus(PERIOD.multipliedBy(5)));
  }

  @Test
  void theNextPollIsDueAtTheWindowEndPlusSettleWithJitterWithinItsBound() {
    List<Duration> delays = new ArrayList<>();
    CollectionScheduler.Builder builder =
        CollectionScheduler.builder(
                engine(new FakeCollector("a")),
                CollectionPlan.builder().add("a", WEB, Signal.APPLICATION).build(),
                w -> {})
            .period(PERIOD)
            .settleDelay(Duration.ofSeconds(20))
            .jitter(Duration.ofSeconds(10))
            .timeSource(time)
            .firstWindow(T0)
            .random(new SplittableRandom(5));
    CollectionScheduler scheduler = builder.build();
    CollectionScheduler twin = builder.random(new SplittableRandom(5)).build();

    for (int i = 0; i < 20; i++) {
      Duration delay = scheduler.nextDelay();
      assertThat(delay).isEqualTo(twin.nextDelay());
      delays.add(delay);
    }

    Duration base = Duration.between(time.now(), T0.plus(PERIOD).plusSeconds(20));
    assertThat(delays).allSatisfy(d -> assertThat(d).isBetween(base, base.plusSeconds(10)));
    assertThat(delays).doesNotHaveDuplicates();
  }

  @Test
  void shutdownAbandonsAnInFlightCollectionWithinItsBound() throws Exception {
    FakeCollector stuck = new FakeCollector("a").serveConstant("web", 1).block("web", release);
    List<WindowResult> delivered = new CopyOnWriteArrayList<>();
    CountDownLatch deliveredOne = new CountDownLatch(1);
    CollectionScheduler scheduler =
        CollectionScheduler.builder(
                engine(stuck),
                CollectionPlan.builder().add("a", WEB, Signal.APPLICATION).build(),
                w -> {
                  delivered.add(w);
                  deliveredOne.countDown();
                })
            .period(PERIOD)
            .timeSource(time)
            .firstWindow(T0)
            .build();
    time.advance(PERIOD);
    scheduler.start();
    while (stuck.calls() == 0) {
      Thread.sleep(5);
    }
    long start = System.nanoTime();

    boolean finished = scheduler.shutdown(Duration.ofMillis(200));

    assertThat(finished).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(deliveredOne.await(5, TimeUnit.SECONDS)).isTrue();
    CollectionReport.Outcome outcome = delivered.get(0).result().report().outcomes().get(0);
    assertThat(outcome.failure().orElseThrow().kind()).isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void shutdownLetsAnInFlightCollectionThatEndsWithinTheGraceFinish() throws Exception {
    FakeCollector slow = new FakeCollector("a").serveConstant("web", 1).block("web", release);
    List<WindowResult> delivered = new CopyOnWriteArrayList<>();
    CollectionScheduler scheduler =
        CollectionScheduler.builder(
                engine(slow),
                CollectionPlan.builder().add("a", WEB, Signal.APPLICATION).build(),
                delivered::add)
            .period(PERIOD)
            .step(STEP)
            .timeSource(time)
            .firstWindow(T0)
            .build();
    time.advance(PERIOD);
    scheduler.start();
    while (slow.calls() == 0) {
      Thread.sleep(5);
    }
    new Thread(
            () -> {
              try {
                Thread.sleep(100);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              release.countDown();
            })
        .start();

    boolean finished = scheduler.shutdown(Duration.ofSeconds(10));

    assertThat(finished).isTrue();
    assertThat(delivered)
        .singleElement()
        .satisfies(w -> assertThat(w.result().report().isComplete()).isTrue());
  }

  @Test
  void shutdownWithNothingInFlightFinishesAtOnce() {
    CollectionScheduler scheduler =
        CollectionScheduler.builder(
                engine(new FakeCollector("a")),
                CollectionPlan.builder().add("a", WEB, Signal.APPLICATION).build(),
                w -> {})
            .period(PERIOD)
            .timeSource(time)
            .build();
    scheduler.start();

    assertThat(scheduler.shutdown(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void aPollThatFailsWaitsAPeriodBeforeTheNextTryInsteadOfSpinning() {
    CollectionEngine closedEngine = engine(new FakeCollector("a").serveConstant("web", 1));
    List<WindowResult> delivered = new CopyOnWriteArrayList<>();
    CollectionScheduler scheduler =
        CollectionScheduler.builder(
                closedEngine,
                CollectionPlan.builder().add("a", WEB, Signal.APPLICATION).build(),
                delivered::add)
            .period(PERIOD)
            .step(STEP)
            .timeSource(time)
            .build();
    time.advance(PERIOD);
    closedEngine.close();

    Duration delay = scheduler.pollOnce();

    assertThat(delay).isEqualTo(PERIOD);
    assertThat(delivered).isEmpty();
    assertThat(scheduler.nextDelay()).isZero();
  }

  @Test
  void aForwardClockJumpCatchesUpOnlyTheNewestWindowsAndSkipsTheRest() {
    List<TimeRange> windows = new CopyOnWriteArrayList<>();
    CollectionScheduler scheduler =
        CollectionScheduler.builder(
                engine(new FakeCollector("a").serveConstant("web", 1)),
                CollectionPlan.builder().add("a", WEB, Signal.APPLICATION).build(),
                w -> windows.add(w.window()))
            .period(Duration.ofMinutes(1))
            .timeSource(time)
            .firstWindow(T0)
            .maxWindowsPerPoll(2)
            .maxCatchUpWindows(5)
            .build();

    time.advance(Duration.ofDays(1));
    for (int poll = 0; poll < 10; poll++) {
      scheduler.pollDue();
    }

    Instant newestEnd = T0.plus(Duration.ofDays(1));
    assertThat(windows).hasSize(5);
    assertThat(windows.get(0).from()).isEqualTo(newestEnd.minus(Duration.ofMinutes(5)));
    assertThat(windows.get(4).to()).isEqualTo(newestEnd);
  }

  @Test
  void windowsSkippedPastTheCatchUpLimitAreHandedToTheSkippedSinkAsOneGap() {
    List<SkippedWindows> gaps = new CopyOnWriteArrayList<>();
    List<TimeRange> windows = new CopyOnWriteArrayList<>();
    CollectionScheduler scheduler =
        CollectionScheduler.builder(
                engine(new FakeCollector("a").serveConstant("web", 1)),
                CollectionPlan.builder().add("a", WEB, Signal.APPLICATION).build(),
                w -> windows.add(w.window()))
            .period(Duration.ofMinutes(1))
            .timeSource(time)
            .firstWindow(T0)
            .maxCatchUpWindows(5)
            .skippedSink(
                gap -> {
                  gaps.add(gap);
                  throw new IllegalStateException("a failing sink must not stop the scheduler");
                })
            .build();

    time.advance(Duration.ofHours(1));
    for (int poll = 0; poll < 3; poll++) {
      scheduler.pollDue();
    }

    Instant resume = T0.plus(Duration.ofMinutes(55));
    assertThat(gaps).containsExactly(new SkippedWindows("a", new TimeRange(T0, resume), 55));
    assertThat(windows).hasSize(5);
    assertThat(windows.get(0).from()).isEqualTo(resume);
  }

  @Test
  void aBackwardClockJumpDelaysTheNextPollByAtMostOnePeriod() {
    CollectionScheduler scheduler =
        CollectionScheduler.builder(
                engine(new FakeCollector("a").serveConstant("web", 1)),
                CollectionPlan.builder().add("a", WEB, Signal.APPLICATION).build(),
                w -> {})
            .period(PERIOD)
            .timeSource(time)
            .build();

    time.set(T0.minus(Duration.ofDays(1)));

    assertThat(scheduler.nextDelay()).isEqualTo(PERIOD);
  }

  @Test
  void afterTheClockGoesBackCollectionResumesWithTheClock() {
    List<TimeRange> windows = new CopyOnWriteArrayList<>();
    CollectionScheduler scheduler =
        CollectionScheduler.builder(
                engine(new FakeCollector("a").serveConstant("web", 1)),
                CollectionPlan.builder().add("a", WEB, Signal.APPLICATION).build(),
                w -> windows.add(w.window()))
            .period(Duration.ofMinutes(1))
            .timeSource(time)
            .firstWindow(T0)
            .maxCatchUpWindows(5)
            .build();
    time.set(T0.plus(Duration.ofDays(1)));
    scheduler.pollDue();
    windows.clear();

    time.set(T0.plus(Duration.ofMinutes(2)));
    for (int minute = 0; minute < 10; minute++) {
      time.advance(Duration.ofMinutes(1));
      scheduler.pollDue();
    }

    assertThat(windows).isNotEmpty();
    assertThat(windows.get(windows.size() - 1).to()).isEqualTo(T0.plus(Duration.ofMinutes(12)));
    for (int i = 1; i < windows.size(); i++) {
      assertThat(windows.get(i).from()).isEqualTo(windows.get(i - 1).to());
    }
  }
}
