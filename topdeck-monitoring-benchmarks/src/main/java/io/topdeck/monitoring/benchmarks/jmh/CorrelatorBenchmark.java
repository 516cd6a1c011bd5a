package io.topdeck.monitoring.benchmarks.jmh;

import io.topdeck.monitoring.api.RootCauseAnalysis;
import io.topdeck.monitoring.core.correlation.TopologyErrorCorrelator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Times one {@link TopologyErrorCorrelator#analyze} of a realistic incident on a topology of 10,000
 * resources and 50,000 edges ({@link LargeIncident}). The target is 50 ms at the 99th percentile;
 * sample mode gives the percentiles. Run it with, for example:
 *
 * <pre>
 * java -cp "$CP" org.openjdk.jmh.Main CorrelatorBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CorrelatorBenchmark {

  private LargeIncident incident;
  private TopologyErrorCorrelator correlator;

  /** Generates the estate and builds the correlator once; building indexes every resource. */
  @Setup
  public void setUp() {
    incident = LargeIncident.generate(20_261_201L);
    correlator = TopologyErrorCorrelator.create(incident.graph);
  }

  /** Returns the analysis, so that the JIT cannot drop it. */
  @Benchmark
  public RootCauseAnalysis analyze() {
    return correlator.analyze(incident.context);
  }
}
