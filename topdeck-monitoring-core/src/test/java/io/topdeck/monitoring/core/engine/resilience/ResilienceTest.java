package io.topdeck.monitoring.core.engine.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.MonitoringException.Kind;
import io.topdeck.monitoring.core.engine.EngineListener;
import io.topdeck.monitoring.core.engine.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResilienceTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final CallKey KEY = new CallKey("p", "acct", "application");

  private final FakeTime time = new FakeTime(T0);
  private Resilience resilience;

  @AfterEach
  void close() {
    if (resilience != null) {
      resilience.close();
    }
  }

  private Resilience resilience(ResilienceConfig.Builder config) {
    return resilience(config, EngineListener.noop());
  }

  private Resilience resilience(ResilienceConfig.Builder config, EngineListener listener) {
    resilience = new Resilience(config.build(), time, new SplittableRandom(7), listener);
    return resilience;
  }

  private static ResilienceConfig.Builder noJitter() {
    return ResilienceConfig.builder()
        .jitter(0)
        .backoff(Duration.ofMillis(100), 2, Duration.ofSeconds(1))
        .maxAttempts(4);
  }

  private static Supplier<String> failingThen(int failures, Kind kind, Duration retryAfter) {
    AtomicInteger calls = new AtomicInteger();
    return () -> {
      if (calls.incrementAndGet() <= failures) {
        throw new MonitoringException(kind, "p", "attempt " + calls.get(), retryAfter, null);
      }
      return "ok after " + calls.get();
    };
  }

  @Test
  void backoffDoublesFromTheInitialWaitAndIsCappedWhenJitterIsOff() {
    ResilienceConfig config = noJitter().build();
    List<Long> waits = new ArrayList<>();
    for (int attempt = 1; attempt <= 6; attempt++) {
      waits.add(config.backoff(attempt, new SplittableRandom(1)).toMillis());
    }
    assertThat(waits).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
  }

  @Test
  void jitteredBackoffStaysWithinItsSpreadAndRepeatsForTheSameSeed() {
    ResilienceConfig config =
        ResilienceConfig.builder()
            .backoff(Duration.ofMillis(100), 2, Duration.ofSeconds(10))
            .jitter(0.5)
            .build();
    SplittableRandom first = new SplittableRandom(42);
    SplittableRandom second = new SplittableRandom(42);
    List<Long> a = new ArrayList<>();
    List<Long> b = new ArrayList<>();
    for (int attempt = 1; attempt <= 5; attempt++) {
      long base = 100L << (attempt - 1);
      long wait = config.backoff(attempt, first).toMillis();
      assertThat(wait).isBetween(base / 2, base * 3 / 2);
      a.add(wait);
      b.add(config.backoff(attempt, second).toMillis());
    }
    assertThat(a).isEqualTo(b).doesNotHaveDuplicates();
  }

  @Test
  void retryableFailuresAreRetriedWithTheBackoffSequence() {
    Resilience r = resilience(noJitter());

    String result = r.call(KEY, T0.plusSeconds(60), failingThen(3, Kind.UNAVAILABLE, null));

    assertThat(result).isEqualTo("ok after 4");
    assertThat(time.sleeps())
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
  }

  @Test
  void nonRetryableKindsAreThrownAfterOneAttempt() {
    Resilience r = resilience(noJitter());
    for (Kind kind :
        List.of(Kind.BAD_QUERY, Kind.UNAUTHORIZED, Kind.NOT_FOUND, Kind.MALFORMED_RESPONSE)) {
      Supplier<String> call = failingThen(1, kind, null);
      MonitoringException e =
          catchThrowableOfType(
              MonitoringException.class, () -> r.call(KEY, T0.plusSeconds(60), call));
      assertThat(e.kind()).isEqualTo(kind);
    }
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void retriesStopAfterMaxAttemptsWithTheLastFailure() {
    Resilience r = resilience(noJitter().maxAttempts(3));

    assertThatThrownBy(() -> r.call(KEY, T0.plusSeconds(60), failingThen(10, Kind.TIMEOUT, null)))
        .isInstanceOfSatisfying(
            MonitoringException.class, e -> assertThat(e.getMessage()).contains("attempt 3"));
    assertThat(time.sleeps()).hasSize(2);
  }

  @Test
  void retryAfterIsHonouredAndZeroGetsTheFloor() {
    Resilience r = resilience(noJitter().retryAfterFloor(Duration.ofMillis(100)));

    r.call(KEY, T0.plusSeconds(60), failingThen(1, Kind.THROTTLED, Duration.ZERO));
    r.call(KEY, T0.plusSeconds(60), failingThen(1, Kind.THROTTLED, Duration.ofSeconds(2)));

    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofSeconds(2));
  }

  @Test
  void retryAfterPastTheDeadlineFailsFastAsThrottledKeepingTheHint() {
    Resilience r = resilience(noJitter());

    MonitoringException e =
        catchThrowableOfType(
            MonitoringException.class,
            () ->
                r.call(
                    KEY,
                    T0.plusSeconds(5),
                    failingThen(1, Kind.UNAVAILABLE, Duration.ofSeconds(30))));

    assertThat(e.kind()).isEqualTo(Kind.THROTTLED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void theTokenBucketDelaysCallsBeyondItsPermitsUntilTheNextPeriod() {
    AtomicInteger throttles = new AtomicInteger();
    Resilience r =
        resilience(
            noJitter().rateLimit("p", 3, Duration.ofSeconds(1)),
            new EngineListener() {
              @Override
              public void onThrottle(String platform, String endpoint, Duration wait) {
                throttles.incrementAndGet();
              }
            });

    for (int i = 0; i < 7; i++) {
      r.call(KEY, T0.plusSeconds(60), () -> "ok");
    }

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    assertThat(throttles).hasValue(2);
  }

  @Test
  void rateLimitsAreKeptPerAccountAndEndpoint() {
    Resilience r = resilience(noJitter().rateLimit("p", 1, Duration.ofSeconds(1)));

    r.call(new CallKey("p", "a", "application"), T0.plusSeconds(60), () -> "ok");
    r.call(new CallKey("p", "b", "application"), T0.plusSeconds(60), () -> "ok");
    r.call(new CallKey("p", "a", "errors"), T0.plusSeconds(60), () -> "ok");

    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void aRateLimitWaitPastTheDeadlineFailsAsThrottled() {
    Resilience r = resilience(noJitter().rateLimit("p", 1, Duration.ofMinutes(1)));
    r.call(KEY, T0.plusSeconds(10), () -> "ok");

    MonitoringException e =
        catchThrowableOfType(
            MonitoringException.class, () -> r.call(KEY, T0.plusSeconds(10), () -> "late"));

    assertThat(e.kind()).isEqualTo(Kind.THROTTLED);
    assertThat(e.retryAfter()).isPresent();
    assertThat(e.getMessage()).contains("engine rate limit");
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void theCircuitOpensOnFailuresRefusesCallsThenHalfOpensAndClosesAfterItsWait() {
    Resilience r =
        resilience(noJitter().maxAttempts(1).circuitBreaker(50, 4, 4, Duration.ofSeconds(10), 1));
    Instant deadline = T0.plusSeconds(600);
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> r.call(KEY, deadline, failingThen(1, Kind.UNAVAILABLE, null)))
          .isInstanceOf(MonitoringException.class);
    }
    assertThat(r.circuitState("p", "application")).isEqualTo(CircuitBreaker.State.OPEN);

    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> r.call(KEY, deadline, () -> calls.incrementAndGet()))
        .isInstanceOfSatisfying(
            MonitoringException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
              assertThat(e.getMessage()).contains("circuit");
            });
    assertThat(calls).hasValue(0);

    time.advance(Duration.ofSeconds(10).plusMillis(1));
    assertThat(r.call(KEY, deadline, () -> calls.incrementAndGet())).isEqualTo(1);
    assertThat(r.circuitState("p", "application")).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void clientErrorsDoNotOpenTheCircuit() {
    Resilience r =
        resilience(noJitter().maxAttempts(1).circuitBreaker(50, 4, 4, Duration.ofSeconds(10), 1));
    for (int i = 0; i < 6; i++) {
      assertThatThrownBy(
              () -> r.call(KEY, T0.plusSeconds(60), failingThen(1, Kind.BAD_QUERY, null)))
          .isInstanceOf(MonitoringException.class);
    }
    assertThat(r.circuitState("p", "application")).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aSlowCallIsAbandonedAtTheCallTimeoutAndInterrupted() throws Exception {
    resilience =
        new Resilience(
            noJitter().maxAttempts(1).callTimeout(Duration.ofMillis(100)).build(),
            io.topdeck.monitoring.core.engine.TimeSource.system(),
            new SplittableRandom(1),
            EngineListener.noop());
    CountDownLatch interrupted = new CountDownLatch(1);
    long start = System.nanoTime();

    MonitoringException e =
        catchThrowableOfType(
            MonitoringException.class,
            () ->
                resilience.call(
                    KEY,
                    Instant.now().plusSeconds(30),
                    () -> {
                      try {
                        Thread.sleep(30_000);
                      } catch (InterruptedException ie) {
                        interrupted.countDown();
                      }
                      return "late";
                    }));

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(interrupted.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void abandonedCallsKeepTheirBulkheadSlotSoNewCallsAreRefused() throws Exception {
    resilience =
        new Resilience(
            noJitter()
                .maxAttempts(1)
                .maxConcurrentCalls(1)
                .callTimeout(Duration.ofMillis(500))
                .build(),
            io.topdeck.monitoring.core.engine.TimeSource.system(),
            new SplittableRandom(1),
            EngineListener.noop());
    CountDownLatch release = new CountDownLatch(1);
    Supplier<String> stubborn =
        () -> {
          while (true) {
            try {
              release.await();
              return "done";
            } catch (InterruptedException ignored) {
              // Ignores interruption on purpose: a call that cannot be stopped.
            }
          }
        };
    assertThatThrownBy(() -> resilience.call(KEY, Instant.now().plusSeconds(30), stubborn))
        .isInstanceOf(MonitoringException.class);

    MonitoringException refused =
        catchThrowableOfType(
            MonitoringException.class,
            () -> resilience.call(KEY, Instant.now().plusSeconds(30), () -> "second"));
    assertThat(refused.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(refused.getMessage()).contains("call slots busy");

    release.countDown();
    assertThat(
            onceASlotIsFree(
                () -> resilience.call(KEY, Instant.now().plusSeconds(30), () -> "third")))
        .isEqualTo("third");
  }

  @Test
  void anUnexpectedCollectorExceptionIsReportedAsUnavailableAndNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    Resilience r = resilience(noJitter());

    MonitoringException e =
        catchThrowableOfType(
            MonitoringException.class,
            () ->
                r.call(
                    KEY,
                    T0.plusSeconds(60),
                    () -> {
                      calls.incrementAndGet();
                      throw new IllegalStateException("bug");
                    }));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e).hasRootCauseInstanceOf(IllegalStateException.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void aThrowingListenerNeverBreaksACall() {
    EngineListener broken =
        new EngineListener() {
          @Override
          public void onCall(String platform, String endpoint) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void onRetry(String platform, String endpoint, int nextAttempt, Duration delay) {
            throw new IllegalStateException("listener bug");
          }
        };
    AtomicInteger retries = new AtomicInteger();
    EngineListener counting =
        new EngineListener() {
          @Override
          public void onRetry(String platform, String endpoint, int nextAttempt, Duration delay) {
            retries.incrementAndGet();
          }
        };
    Resilience r = resilience(noJitter(), EngineListener.composite(broken, counting));

    assertThat(r.call(KEY, T0.plusSeconds(60), failingThen(2, Kind.UNAVAILABLE, null)))
        .isEqualTo("ok after 3");
    assertThat(retries).hasValue(2);
  }

  @Test
  void callsAbandonedBeforeTheyStartGiveTheirBulkheadSlotBack() {
    ManualExecutor workers = new ManualExecutor();
    resilience =
        new Resilience(
            noJitter().maxAttempts(1).maxConcurrentCalls(2).build(),
            time,
            new SplittableRandom(7),
            EngineListener.noop(),
            workers);
    AtomicInteger collectorCalls = new AtomicInteger();
    for (int i = 0; i < 200; i++) {
      // No worker starts while the caller waits, so every caller gives up at its deadline before
      // its call started. Each call has its own endpoint, so that no circuit opens on the timeouts.
      CallKey key = new CallKey("p", "acct", "endpoint-" + i);
      MonitoringException e =
          catchThrowableOfType(
              MonitoringException.class,
              () ->
                  resilience.call(
                      key,
                      time.now().plusMillis(1),
                      () -> "late " + collectorCalls.incrementAndGet()));

      assertThat(e).as("outcome of call %d", i).isNotNull();
      assertThat(e.kind()).as(e.getMessage()).isEqualTo(Kind.TIMEOUT);
      assertThat(resilience.freeCallSlots("p")).as("free slots after call %d", i).isEqualTo(2);
    }

    // The abandoned tasks start late: they must neither call the collector nor free a slot twice.
    assertThat(workers.runHeld()).isEqualTo(200);
    assertThat(collectorCalls).hasValue(0);
    assertThat(resilience.freeCallSlots("p")).isEqualTo(2);

    workers.runInline();
    assertThat(resilience.call(KEY, time.now().plusSeconds(30), () -> "ok")).isEqualTo("ok");
  }

  /**
   * Returns what {@code call} returns once the bulkhead has a free slot: the worker threads of
   * abandoned calls give their slots back on their own schedule, which a loaded machine delays, so
   * refusals for busy slots are retried for up to 10 s of wall time. Any other failure propagates.
   */
  private static String onceASlotIsFree(Supplier<String> call) throws InterruptedException {
    long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        return call.get();
      } catch (MonitoringException e) {
        boolean busy = e.kind() == Kind.UNAVAILABLE && e.getMessage().contains("call slots busy");
        if (!busy || System.nanoTime() > giveUp) {
          throw e;
        }
        Thread.sleep(10);
      }
    }
  }

  @Test
  void callsRefusedByTheRateLimitTakeNoPermitSoTheLimitRunsIntoNoDebt() {
    Resilience r = resilience(noJitter().maxAttempts(1).rateLimit("p", 1, Duration.ofMinutes(1)));
    r.call(KEY, time.now().plusSeconds(10), () -> "first");
    for (int i = 0; i < 100; i++) {
      MonitoringException refused =
          catchThrowableOfType(
              MonitoringException.class,
              () -> r.call(KEY, time.now().plusSeconds(10), () -> "refused"));
      assertThat(refused.kind()).isEqualTo(Kind.THROTTLED);
      assertThat(refused.retryAfter()).contains(Duration.ofMinutes(1));
    }

    time.advance(Duration.ofMinutes(1));

    assertThat(r.call(KEY, time.now().plusSeconds(10), () -> "next")).isEqualTo("next");
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void aRateLimitWaitWithinTheDeadlineIsSleptAndTheNextPermitFollowsIt() {
    Resilience r = resilience(noJitter().maxAttempts(1).rateLimit("p", 2, Duration.ofSeconds(10)));
    for (int i = 0; i < 5; i++) {
      r.call(KEY, time.now().plusSeconds(15), () -> "ok");
    }

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  @Test
  void anAbsurdRetryAfterIsCappedAndStillFailsAsThrottled() {
    Resilience r = resilience(noJitter());

    MonitoringException e =
        catchThrowableOfType(
            MonitoringException.class,
            () ->
                r.call(
                    KEY,
                    T0.plusSeconds(60),
                    failingThen(1, Kind.THROTTLED, Duration.ofSeconds(100_000_000_000_000_000L))));

    assertThat(e.kind()).isEqualTo(Kind.THROTTLED);
    assertThat(e.retryAfter()).contains(ResilienceConfig.MAX_RETRY_AFTER);
    assertThat(e.getMessage()).doesNotContain("overflow");
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void theRetryAfterFloorMustBePositive() {
    assertThatThrownBy(() -> ResilienceConfig.builder().retryAfterFloor(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retryAfterFloor");
    assertThatThrownBy(() -> ResilienceConfig.builder().retryAfterFloor(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
