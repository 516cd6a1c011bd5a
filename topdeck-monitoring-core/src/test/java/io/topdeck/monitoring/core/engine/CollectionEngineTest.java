package io.topdeck.monitoring.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.MonitoringException.Kind;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.engine.CollectionReport.Outcome;
import io.topdeck.monitoring.core.engine.CollectionReport.Status;
import io.topdeck.monitoring.core.engine.cache.QueryCache;
import io.topdeck.monitoring.core.engine.resilience.ResilienceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CollectionEngineTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final TimeRange TEN_MINUTES = TimeRange.of(T0, Duration.ofMinutes(10));
  private static final Duration STEP = Duration.ofMinutes(1);
  private static final ResourceRef WEB = ResourceRef.of("web", "web_app");
  private static final ResourceRef DB = ResourceRef.of("db", "sql_database");

  private final CountDownLatch never = new CountDownLatch(1);
  private CollectionEngine engine;

  @AfterEach
  void close() {
    never.countDown();
    if (engine != null) {
      engine.close();
    }
  }

  private CollectionEngine engine(CollectionEngine.Builder builder) {
    engine =
        builder
            .resilience(
                ResilienceConfig.builder()
                    .jitter(0)
                    .backoff(Duration.ofMillis(1), 2, Duration.ofMillis(10))
                    .build())
            .random(new SplittableRandom(3))
            .build();
    return engine;
  }

  private static ErrorEvent error(String id, String message, String stackTrace) {
    return new ErrorEvent(
        id,
        "b",
        Optional.of("web"),
        T0.plusSeconds(30),
        "SqlException",
        message,
        stackTrace,
        Optional.empty(),
        1,
        OptionalLong.empty(),
        Map.of());
  }

  @Test
  void collectsEveryPlatformAndMergesTheResultsPerResource() {
    FakeCollector a = new FakeCollector("a").serveConstant("web", 5).serveConstant("db", 7);
    FakeCollector b = new FakeCollector("b").serveErrors("web", List.of(error("e1", "boom", "")));
    CollectionEngine engine = engine(CollectionEngine.builder().collector(a).collector(b));
    CollectionPlan plan =
        CollectionPlan.builder()
            .add("a", WEB, Signal.APPLICATION)
            .add("a", DB, Signal.APPLICATION)
            .add("b", WEB, Signal.ERRORS)
            .build();

    CollectionResult result = engine.collect(plan, TEN_MINUTES, STEP);

    assertThat(result.report().isComplete()).isTrue();
    assertThat(result.report().outcomes()).hasSize(3);
    ResourceData web = result.resource("web").orElseThrow();
    assertThat(web.application()).hasSize(10).allMatch(m -> m.requestRate() == 5);
    assertThat(web.errors()).extracting(ErrorEvent::id).containsExactly("e1");
    assertThat(result.resource("db").orElseThrow().application()).hasSize(10);
  }

  @Test
  void onePlatformFailingNeverFailsTheOthersAndTheReportNamesTheFailure() {
    FakeCollector healthy = new FakeCollector("healthy").serveConstant("web", 1);
    FakeCollector broken =
        new FakeCollector("broken")
            .serveConstant("web", 2)
            .failNext(
                "web",
                new MonitoringException(Kind.UNAUTHORIZED, "broken", "token expired", null, null));
    CollectionEngine engine =
        engine(CollectionEngine.builder().collector(healthy).collector(broken));
    CollectionPlan plan =
        CollectionPlan.builder()
            .add("healthy", WEB, Signal.APPLICATION)
            .add("broken", WEB, Signal.APPLICATION)
            .build();

    CollectionResult result = engine.collect(plan, TEN_MINUTES, STEP);

    assertThat(result.report().outcome("healthy", "web", Signal.APPLICATION))
        .get()
        .extracting(Outcome::status)
        .isEqualTo(Status.COMPLETE);
    Outcome failed = result.report().outcome("broken", "web", Signal.APPLICATION).orElseThrow();
    assertThat(failed.status()).isEqualTo(Status.FAILED);
    assertThat(failed.coverage()).isZero();
    assertThat(failed.failure().orElseThrow().kind()).isEqualTo(Kind.UNAUTHORIZED);
    assertThat(failed.failure().orElseThrow().message()).contains("token expired");
    assertThat(result.resource("web").orElseThrow().application())
        .hasSize(10)
        .allMatch(m -> m.requestRate() == 1);
  }

  @Test
  void missingStepsMakeAPartialOutcomeWithItsCoverage() {
    FakeCollector a = new FakeCollector("a").serveConstant("web", 1).missingSteps(Set.of(0, 4, 9));
    CollectionEngine engine = engine(CollectionEngine.builder().collector(a));

    CollectionResult result =
        engine.collect(
            CollectionPlan.builder().add("a", WEB, Signal.APPLICATION).build(), TEN_MINUTES, STEP);

    Outcome outcome = result.report().outcome("a", "web", Signal.APPLICATION).orElseThrow();
    assertThat(outcome.status()).isEqualTo(Status.PARTIAL);
    assertThat(outcome.coverage()).isEqualTo(0.7);
    assertThat(result.resource("web").orElseThrow().application()).hasSize(7);
  }

  @Test
  void pointsOutsideTheHalfOpenRangeAreDropped() {
    FakeCollector a =
        new FakeCollector("a").serveConstant("web", 1).extendRanges(Duration.ofMinutes(2));
    CollectionEngine engine = engine(CollectionEngine.builder().collector(a));

    CollectionResult result =
        engine.collect(
            CollectionPlan.builder().add("a", WEB, Signal.APPLICATION).build(), TEN_MINUTES, STEP);

    List<ApplicationMetrics> points = result.resource("web").orElseThrow().application();
    assertThat(points).hasSize(10);
    assertThat(points.get(0).timestamp()).isEqualTo(TEN_MINUTES.from());
    assertThat(points.get(9).timestamp()).isEqualTo(TEN_MINUTES.to().minus(STEP));
  }

  @Test
  void figuresOfTheSameStepAreMergedWithTheFirstPlatformOfThePlanWinning() {
    MetricsCollector first = new FixedCollector("first", 10, Double.NaN);
    MetricsCollector second = new FixedCollector("second", 20, 0.5);
    CollectionEngine engine = engine(CollectionEngine.builder().collector(first).collector(second));
    CollectionPlan plan =
        CollectionPlan.builder()
            .add("first", WEB, Signal.APPLICATION)
            .add("second", WEB, Signal.APPLICATION)
            .build();

    CollectionResult result = engine.collect(plan, TEN_MINUTES, STEP);

    assertThat(result.resource("web").orElseThrow().application())
        .hasSize(10)
        .allSatisfy(
            m -> {
              assertThat(m.requestRate()).isEqualTo(10);
              assertThat(m.errorRate()).isEqualTo(0.5);
              assertThat(m.averageResponseTimeMs()).isNaN();
            });
  }

  @Test
  void errorMessagesFromPlatformsAndFailureMessagesAreMasked() {
    String key = "AKIAIOSFODNN7EXAMPLE";
    FakeCollector a =
        new FakeCollector("a")
            .serveErrors(
                "web",
                List.of(
                    error(
                        "e1",
                        "login failed for jdbc:postgresql://app:hunter2@db/x",
                        "at Foo(Bearer abcdefghijklmnop)\n")))
            .serveConstant("db", 1)
            .failNext("db", new MonitoringException(Kind.BAD_QUERY, "a", "rejected key " + key));
    CollectionEngine engine = engine(CollectionEngine.builder().collector(a));
    CollectionPlan plan =
        CollectionPlan.builder()
            .add("a", WEB, Signal.ERRORS)
            .add("a", DB, Signal.APPLICATION)
            .build();

    CollectionResult result = engine.collect(plan, TEN_MINUTES, STEP);

    ErrorEvent masked = result.resource("web").orElseThrow().errors().get(0);
    assertThat(masked.message()).doesNotContain("hunter2").contains("app:****@db");
    assertThat(masked.stackTrace()).doesNotContain("abcdefghijklmnop").endsWith("\n");
    assertThat(result.report().failures().get(0).failure().orElseThrow().message())
        .doesNotContain(key)
        .contains("rejected key ****");
  }

  @Test
  void aRunReturnsByItsDeadlineAndReportsUnfinishedCallsAsTimeouts() {
    FakeCollector slow = new FakeCollector("slow").serveConstant("web", 1).block("web", never);
    FakeCollector fast = new FakeCollector("fast").serveConstant("web", 1);
    CollectionEngine engine =
        engine(
            CollectionEngine.builder()
                .collector(slow)
                .collector(fast)
                .runDeadline(Duration.ofMillis(300)));
    CollectionPlan plan =
        CollectionPlan.builder()
            .add("slow", WEB, Signal.APPLICATION)
            .add("fast", WEB, Signal.APPLICATION)
            .build();
    long start = System.nanoTime();

    CollectionResult result = engine.collect(plan, TEN_MINUTES, STEP);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(result.report().outcome("slow", "web", Signal.APPLICATION).orElseThrow().failure())
        .get()
        .extracting(CollectionReport.Failure::kind)
        .isEqualTo(Kind.TIMEOUT);
    assertThat(result.report().outcome("fast", "web", Signal.APPLICATION).orElseThrow().status())
        .isEqualTo(Status.COMPLETE);
  }

  @Test
  void maskingPlatformErrorsCountsAgainstTheRunDeadline() {
    String pathological = "x@" + "a-".repeat(30_000);
    List<ErrorEvent> errors = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      errors.add(error("e" + i, "failed", pathological));
    }
    FakeCollector noisy = new FakeCollector("noisy").serveErrors("web", errors);
    CollectionEngine engine =
        engine(CollectionEngine.builder().collector(noisy).runDeadline(Duration.ofMillis(300)));
    CollectionPlan plan = CollectionPlan.builder().add("noisy", WEB, Signal.ERRORS).build();
    long start = System.nanoTime();

    CollectionResult result = engine.collect(plan, TEN_MINUTES, STEP);

    // Masking all 40 texts takes several seconds; the run gives up at its deadline instead.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(result.report().outcome("noisy", "web", Signal.ERRORS).orElseThrow().failure())
        .get()
        .extracting(CollectionReport.Failure::kind)
        .isEqualTo(Kind.TIMEOUT);
    assertThat(result.resource("web").orElseThrow().errors()).isEmpty();
  }

  @Test
  void aNullItemFromACollectorIsAMalformedResponse() {
    MetricsCollector nulls =
        new MetricsCollector() {
          @Override
          public String platform() {
            return "nulls";
          }

          @Override
          public Set<Signal> supportedSignals() {
            return Set.of(Signal.ERRORS);
          }

          @Override
          public List<ErrorEvent> errors(ResourceRef resource, TimeRange range) {
            return java.util.Arrays.asList((ErrorEvent) null);
          }
        };
    CollectionEngine engine = engine(CollectionEngine.builder().collector(nulls));
    CollectionPlan plan = CollectionPlan.builder().add("nulls", WEB, Signal.ERRORS).build();

    CollectionResult result = engine.collect(plan, TEN_MINUTES, STEP);

    assertThat(result.report().outcome("nulls", "web", Signal.ERRORS).orElseThrow().failure())
        .get()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
              assertThat(f.message()).contains("collector returned a null item for ERRORS");
            });
  }

  @Test
  void repeatedIdenticalQueriesAreAnsweredFromTheCache() {
    FakeCollector a = new FakeCollector("a").serveConstant("web", 1);
    AtomicInteger hits = new AtomicInteger();
    EngineListener listener =
        new EngineListener() {
          @Override
          public void onCacheHit(String platform, String endpoint) {
            hits.incrementAndGet();
          }
        };
    QueryCache cache = QueryCache.builder().listener(listener).build();
    CollectionEngine engine = engine(CollectionEngine.builder().collector(a).cache(cache));
    CollectionPlan plan = CollectionPlan.builder().add("a", WEB, Signal.APPLICATION).build();

    CollectionResult first = engine.collect(plan, TEN_MINUTES, STEP);
    CollectionResult second = engine.collect(plan, TEN_MINUTES, STEP);

    assertThat(a.calls()).isEqualTo(1);
    assertThat(hits).hasValue(1);
    assertThat(second.resources()).isEqualTo(first.resources());
    assertThat(cache.stats().hitCount()).isEqualTo(1);
  }

  @Test
  void signalsACollectorDoesNotSupportAreLeftOutAndUnknownPlatformsAreRefused() {
    FakeCollector a = new FakeCollector("a").serveConstant("web", 1);
    CollectionEngine engine = engine(CollectionEngine.builder().collector(a));

    CollectionResult result =
        engine.collect(
            CollectionPlan.builder().add("a", WEB, Signal.APPLICATION, Signal.TRACES).build(),
            TEN_MINUTES,
            STEP);

    assertThat(result.report().outcomes())
        .extracting(Outcome::signal)
        .containsExactly(Signal.APPLICATION);
    assertThatThrownBy(
            () ->
                engine.collect(
                    CollectionPlan.builder().add("nope", WEB, Signal.APPLICATION).build(),
                    TEN_MINUTES,
                    STEP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void expectedStepsCountEveryStepStartingInTheRange() {
    assertThat(CollectionEngine.expectedSteps(TEN_MINUTES, STEP)).isEqualTo(10);
    assertThat(CollectionEngine.expectedSteps(TEN_MINUTES, Duration.ofMinutes(3))).isEqualTo(4);
    assertThat(CollectionEngine.expectedSteps(TEN_MINUTES, Duration.ofHours(1))).isEqualTo(1);
  }

  /** Serves the same two figures at every step. */
  private record FixedCollector(String platform, double requestRate, double errorRate)
      implements MetricsCollector {

    @Override
    public Set<Signal> supportedSignals() {
      return EnumSet.of(Signal.APPLICATION);
    }

    @Override
    public List<ApplicationMetrics> applicationMetrics(
        ResourceRef resource, TimeRange range, Duration step) {
      return java.util.stream.Stream.iterate(
              range.from(), t -> t.isBefore(range.to()), t -> t.plus(step))
          .map(
              t ->
                  new ApplicationMetrics(
                      resource,
                      t,
                      requestRate,
                      errorRate,
                      Double.NaN,
                      Double.NaN,
                      Double.NaN,
                      Map.of()))
          .toList();
    }
  }

  @Test
  void aListenerThrowingAnErrorNeitherFailsRunsNorLeaksCallSlots() {
    FakeCollector a = new FakeCollector("a").serveConstant("web", 3);
    EngineListener broken =
        new EngineListener() {
          @Override
          public void onCall(String platform, String endpoint) {
            throw new AssertionError("listener bug");
          }

          @Override
          public void onSuccess(String platform, String endpoint, Duration latency) {
            throw new AssertionError("listener bug");
          }
        };
    CollectionEngine engine = engine(CollectionEngine.builder().collector(a).listener(broken));
    CollectionPlan plan = CollectionPlan.builder().add("a", WEB, Signal.APPLICATION).build();

    // More runs than the default number of call slots: a leaked slot per run would show.
    for (int run = 0; run < 12; run++) {
      CollectionResult result = engine.collect(plan, TEN_MINUTES, STEP);

      assertThat(result.report().outcome("a", "web", Signal.APPLICATION))
          .get()
          .extracting(Outcome::status)
          .isEqualTo(Status.COMPLETE);
    }
  }

  @Test
  void aCollectorFailingToListItsSignalsFailsItsOwnEntriesOnly() {
    FakeCollector healthy = new FakeCollector("healthy").serveConstant("web", 4);
    MetricsCollector broken =
        new MetricsCollector() {
          @Override
          public String platform() {
            return "broken";
          }

          @Override
          public Set<Signal> supportedSignals() {
            throw new IllegalStateException("config not loaded, password=hunter2");
          }
        };
    CollectionEngine engine =
        engine(CollectionEngine.builder().collector(healthy).collector(broken));
    CollectionPlan plan =
        CollectionPlan.builder()
            .add("broken", WEB, Signal.APPLICATION)
            .add("healthy", WEB, Signal.APPLICATION)
            .build();

    CollectionResult result = engine.collect(plan, TEN_MINUTES, STEP);

    Outcome failed = result.report().outcome("broken", "web", Signal.APPLICATION).orElseThrow();
    assertThat(failed.status()).isEqualTo(Status.FAILED);
    assertThat(failed.failure().orElseThrow().kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failed.failure().orElseThrow().message())
        .contains("supported signals")
        .doesNotContain("hunter2");
    assertThat(result.report().outcome("healthy", "web", Signal.APPLICATION))
        .get()
        .extracting(Outcome::status)
        .isEqualTo(Status.COMPLETE);
    assertThat(result.resource("web").orElseThrow().application())
        .hasSize(10)
        .allMatch(m -> m.requestRate() == 4);
  }

  @Test
  void coverageCountsTheStepsHitNotTheDistinctTimestamps() {
    MetricsCollector bunched =
        new MetricsCollector() {
          @Override
          public String platform() {
            return "bunched";
          }

          @Override
          public Set<Signal> supportedSignals() {
            return EnumSet.of(Signal.APPLICATION);
          }

          @Override
          public List<ApplicationMetrics> applicationMetrics(
              ResourceRef resource, TimeRange range, Duration step) {
            // Ten points, all inside the first of the ten steps.
            return java.util.stream.IntStream.range(0, 10)
                .mapToObj(
                    s ->
                        new ApplicationMetrics(
                            resource, range.from().plusSeconds(s), 1, 0, 1, 1, 1, Map.of()))
                .toList();
          }
        };
    CollectionEngine engine = engine(CollectionEngine.builder().collector(bunched));

    CollectionResult result =
        engine.collect(
            CollectionPlan.builder().add("bunched", WEB, Signal.APPLICATION).build(),
            TEN_MINUTES,
            STEP);

    Outcome outcome = result.report().outcome("bunched", "web", Signal.APPLICATION).orElseThrow();
    assertThat(outcome.status()).isEqualTo(Status.PARTIAL);
    assertThat(outcome.coverage()).isEqualTo(0.1);
  }

  @Test
  void resourcesComeBackInThePlansOrder() {
    FakeCollector a = new FakeCollector("a");
    List<String> ids = List.of("zeta", "alpha", "mid", "beta", "omega", "gamma", "delta", "eta");
    CollectionPlan.Builder plan = CollectionPlan.builder();
    ids.forEach(id -> plan.add("a", ResourceRef.of(id, "web_app"), Signal.APPLICATION));
    CollectionEngine engine = engine(CollectionEngine.builder().collector(a));

    CollectionResult result = engine.collect(plan.build(), TEN_MINUTES, STEP);

    assertThat(result.resources().keySet()).containsExactlyElementsOf(ids);
  }
}
