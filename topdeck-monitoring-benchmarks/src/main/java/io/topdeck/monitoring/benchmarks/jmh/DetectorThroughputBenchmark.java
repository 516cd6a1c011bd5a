package io.topdeck.monitoring.benchmarks.jmh;

import io.topdeck.monitoring.core.anomaly.Detectors;
import io.topdeck.monitoring.core.anomaly.RobustDetector;
import io.topdeck.monitoring.core.anomaly.StreamingDetector;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Points per second that one detector scores on one core, in steady state.
 *
 * <p>The input is a realistic stream: five-minute samples of a daily cycle with noise, a level
 * shift, occasional spikes and a few NaN. One invocation feeds {@value #POINTS} points to the same
 * detector, so the result, in operations per second, is points per second. Run it with, for
 * example, {@code -f 1 -wi 2 -i 3 -w 2s -r 3s}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DetectorThroughputBenchmark {

  static final int POINTS = 1 << 16;

  @Param({"default", "sensitive", "robust"})
  public String detector;

  private final long[] times = new long[POINTS];
  private final double[] values = new double[POINTS];
  private StreamingDetector instance;
  private long offset;

  /** Returns the factory for a benchmark parameter. */
  static Supplier<StreamingDetector> factory(String name) {
    switch (name) {
      case "default":
        return Detectors::defaultEnsemble;
      case "sensitive":
        return Detectors::sensitiveEnsemble;
      case "weekly":
        return Detectors::weeklyEnsemble;
      case "robust":
        return RobustDetector::new;
      default:
        throw new IllegalArgumentException("Unknown detector " + name);
    }
  }

  /** Fills the input stream and warms a detector up on it. */
  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(42);
    for (int i = 0; i < POINTS; i++) {
      times[i] = i * 300_000L;
      double v = 50 + 30 * Math.sin(2 * Math.PI * i / 288) + random.nextGaussian() * 2;
      if (i > POINTS / 2) {
        v += 15;
      }
      if (random.nextInt(500) == 0) {
        v += 60;
      }
      values[i] = random.nextInt(1000) == 0 ? Double.NaN : v;
    }
    instance = factory(detector).get();
    run();
  }

  /** Scores the whole stream once more, continuing the same detector's time line. */
  @Benchmark
  @OperationsPerInvocation(POINTS)
  public double run() {
    double sum = 0;
    long shift = offset;
    for (int i = 0; i < POINTS; i++) {
      sum += instance.update(times[i] + shift, values[i]);
    }
    offset += POINTS * 300_000L;
    return sum;
  }
}
