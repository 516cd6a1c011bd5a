package io.topdeck.monitoring.core.anomaly;

import static io.topdeck.monitoring.core.anomaly.Synthetic.scores;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every detector of the package keeps its scores in [0, 1], whatever the finite input. */
class ScoreRangeContractTest {

  private static final int N = 3000;

  static Map<String, Supplier<StreamingDetector>> detectors() {
    Map<String, Supplier<StreamingDetector>> d = new LinkedHashMap<>();
    d.put("robust", RobustDetector::new);
    d.put("cusum", CusumDetector::new);
    d.put("seasonal", SeasonalDetector::new);
    d.put("seasonal hourly", () -> new SeasonalDetector(Duration.ofHours(1), 12, 0.1, 6));
    d.put("trend", TrendDetector::new);
    d.put("trend minutes", () -> new TrendDetector(Duration.ofMinutes(5), 16, 8));
    d.put("novelty", NoveltyDetector::new);
    d.put("threshold", () -> ThresholdRule.above(1e307, 0.5, Duration.ofHours(1)));
    d.put("counter of robust", () -> new CounterRateDetector(new RobustDetector()));
    d.put("default ensemble", Detectors::defaultEnsemble);
    d.put("sensitive ensemble", Detectors::sensitiveEnsemble);
    d.put("counter", Detectors::forCounter);
    return d;
  }

  static Map<String, double[]> series() {
    Map<String, double[]> s = new LinkedHashMap<>();
    s.put("constant 1e308", fill(i -> 1e308));
    s.put("constant -1e308", fill(i -> -1e308));
    s.put("alternating 1.7e308", fill(i -> i % 2 == 0 ? 1.7e308 : -1.7e308));
    s.put(
        "largest with rare sign flips",
        fill(i -> i % 97 == 0 ? -Double.MAX_VALUE : Double.MAX_VALUE));
    Random random = new Random(42);
    s.put(
        "noise at 1e308", fill(i -> (random.nextBoolean() ? 1 : -1) * 1e308 * random.nextDouble()));
    s.put("subnormals", fill(i -> Double.MIN_VALUE * (i % 7)));
    s.put("subnormals then largest", fill(i -> i < N / 2 ? Double.MIN_VALUE : Double.MAX_VALUE));
    s.put("tiny then huge", fill(i -> i % 500 == 499 ? 1e300 : 1e-10 * (1 + i % 3)));
    s.put("counter across the whole range", fill(i -> -1.7e308 + i * (1.7e308 / N) * 1.998));
    return s;
  }

  static Stream<Arguments> cases() {
    return detectors().entrySet().stream()
        .flatMap(
            d ->
                series().entrySet().stream()
                    .map(s -> Arguments.of(d.getKey(), s.getKey(), d.getValue(), s.getValue())));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("cases")
  void every_score_lies_in_zero_to_one(
      String detector, String input, Supplier<StreamingDetector> factory, double[] values) {
    double[] s = scores(factory.get(), values);
    for (int i = 0; i < s.length; i++) {
      assertThat(s[i]).as("score of point %d", i).isBetween(0.0, 1.0);
    }
  }

  private static double[] fill(java.util.function.IntToDoubleFunction f) {
    double[] v = new double[N];
    for (int i = 0; i < N; i++) {
      v[i] = f.applyAsDouble(i);
    }
    return v;
  }
}
