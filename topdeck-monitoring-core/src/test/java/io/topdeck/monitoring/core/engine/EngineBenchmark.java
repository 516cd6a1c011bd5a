package io.topdeck.monitoring.core.engine;

import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.Masker;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.engine.resilience.CallKey;
import io.topdeck.monitoring.core.engine.resilience.Resilience;
import io.topdeck.monitoring.core.engine.resilience.ResilienceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures the engine by hand (not a unit test): overhead per call with the network taken out,
 * aggregator throughput, and the calls batching makes against the minimum its limit allows. Run it
 * with {@code java -cp <test classpath> io.topdeck.monitoring.core.engine.EngineBenchmark}.
 */
public final class EngineBenchmark {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final TimeRange HOUR = TimeRange.of(T0, Duration.ofHours(1));
  private static final Duration STEP = Duration.ofMinutes(1);

  private EngineBenchmark() {}

  public static void main(String[] args) {
    resilienceOverhead();
    engineOverhead();
    aggregatorThroughput();
    batchingRatio();
    maskerThroughput();
  }

  private static void maskerThroughput() {
    String line =
        "Call to https://svc:pw@api.example.com/v1?api_key=abc123 failed for jane@example.com:"
            + " Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig AKIAIOSFODNN7EXAMPLE ";
    String clean = "Query took too long on shard 7 of the cluster; no retry was made ".repeat(4);
    Masker masker = Masker.defaults();
    for (String text : List.of(line, clean)) {
      long chars = 0;
      for (int i = 0; i < 20_000; i++) {
        chars += masker.mask(text).length();
      }
      int runs = 200_000;
      long start = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        chars += masker.mask(text).length();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "masker, %s text of %d chars: %.2f us per text, %.0f MB/s%s%n",
          text == line ? "secret-laden" : "clean",
          text.length(),
          seconds * 1e6 / runs,
          (double) text.length() * runs / seconds / 1e6,
          chars < 0 ? "!" : "");
    }
  }

  /** A collector that answers at once with a precomputed list. */
  private record InstantCollector(String platform, List<ApplicationMetrics> answer)
      implements MetricsCollector {
    @Override
    public Set<Signal> supportedSignals() {
      return EnumSet.of(Signal.APPLICATION);
    }

    @Override
    public List<ApplicationMetrics> applicationMetrics(
        ResourceRef resource, TimeRange range, Duration step) {
      return answer;
    }
  }

  private static void resilienceOverhead() {
    try (Resilience resilience =
        new Resilience(
            ResilienceConfig.builder().rateLimit(1_000_000_000, Duration.ofSeconds(1)).build(),
            TimeSource.system(),
            new java.util.SplittableRandom(1),
            EngineListener.noop())) {
      CallKey key = new CallKey("noop", "", "application");
      long sum = 0;
      for (int i = 0; i < 50_000; i++) {
        sum += resilience.call(key, Instant.now().plusSeconds(60), () -> 1);
      }
      int calls = 200_000;
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        sum += resilience.call(key, Instant.now().plusSeconds(60), () -> 1);
      }
      System.out.printf(
          "resilience guard alone (rate limit, circuit, bulkhead, timeout hop): %.1f us per call%s%n",
          (System.nanoTime() - start) / 1e3 / calls, sum < 0 ? "!" : "");
    }
  }

  private static void engineOverhead() {
    int resources = 2_000;
    List<ApplicationMetrics> empty = List.of();
    try (CollectionEngine engine =
        CollectionEngine.builder()
            .collector(new InstantCollector("noop", empty))
            .resilience(
                ResilienceConfig.builder()
                    .rateLimit(1_000_000_000, Duration.ofSeconds(1))
                    .maxConcurrentCalls(2)
                    .build())
            .build()) {
      CollectionPlan.Builder plan = CollectionPlan.builder();
      for (int i = 0; i < resources; i++) {
        plan.add("noop", ResourceRef.of("r" + i, "web_app"), Signal.APPLICATION);
      }
      CollectionPlan built = plan.build();
      for (int i = 0; i < 20; i++) {
        engine.collect(built, HOUR, STEP);
      }
      int runs = 30;
      long start = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        engine.collect(built, HOUR, STEP);
      }
      double perCallMicros = (System.nanoTime() - start) / 1e3 / ((double) runs * resources);
      System.out.printf(
          "engine overhead, no-op collector: %.1f us per call (%d calls per run, 2 threads)%n",
          perCallMicros, resources);
    }
  }

  private static void aggregatorThroughput() {
    int resources = 1_000;
    int platforms = 3;
    List<ResourceRef> refs = new ArrayList<>();
    Map<ResourceRef, List<ApplicationMetrics>> series = new LinkedHashMap<>();
    for (int i = 0; i < resources; i++) {
      ResourceRef ref = ResourceRef.of("r" + i, "web_app");
      refs.add(ref);
      List<ApplicationMetrics> points = new ArrayList<>();
      for (int s = 0; s < 60; s++) {
        points.add(
            new ApplicationMetrics(
                ref,
                T0.plus(STEP.multipliedBy(s)),
                s,
                s % 2 == 0 ? Double.NaN : 0.1,
                5,
                9,
                12,
                Map.of()));
      }
      series.put(ref, points);
    }
    long points = 0;
    for (int warm = 0; warm < 5; warm++) {
      points = aggregate(refs, series, platforms);
    }
    int runs = 20;
    long start = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      aggregate(refs, series, platforms);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "aggregator: %.2f M points merged per second (%d platforms x %d resources x 60 steps)%n",
        points * runs / seconds / 1e6, platforms, resources);
  }

  private static long aggregate(
      List<ResourceRef> refs, Map<ResourceRef, List<ApplicationMetrics>> series, int platforms) {
    Aggregator aggregator = new Aggregator(HOUR);
    long points = 0;
    for (int p = 0; p < platforms; p++) {
      for (ResourceRef ref : refs) {
        List<?> items = Aggregator.inRange(Signal.APPLICATION, series.get(ref), HOUR);
        aggregator.add(ref, Signal.APPLICATION, items);
        points += items.size();
      }
    }
    if (aggregator.result().size() != refs.size()) {
      throw new AssertionError("lost resources");
    }
    return points;
  }

  private static void batchingRatio() {
    int[][] shapes = {{1_000, 7}, {333, 3}, {50, 1}};
    for (BatchLimits limits :
        List.of(BatchLimits.CLOUDWATCH, BatchLimits.AZURE_METRICS, BatchLimits.XRAY)) {
      for (int[] shape : shapes) {
        List<Integer> queries = new ArrayList<>();
        for (int i = 0; i < shape[0] * shape[1]; i++) {
          queries.add(i);
        }
        int[] calls = {0};
        new Batcher<Integer, Integer>(limits)
            .execute(
                queries,
                batch -> {
                  calls[0]++;
                  return Map.of();
                });
        long minimum = limits.minimumCalls(queries.size());
        System.out.printf(
            "batching at %d per call: %d resources x %d metrics -> %d calls, minimum %d, ratio %.3f%n",
            limits.maxPerCall(),
            shape[0],
            shape[1],
            calls[0],
            minimum,
            (double) calls[0] / minimum);
      }
    }
  }
}
