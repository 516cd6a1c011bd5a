package io.topdeck.monitoring.benchmarks.nab;

import io.topdeck.monitoring.core.anomaly.ContextDetector;
import io.topdeck.monitoring.core.anomaly.Detectors;
import io.topdeck.monitoring.core.anomaly.StreamingDetector;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Command line for the NAB benchmark.
 *
 * <pre>
 * NabBenchmark [--data DIR] [--out DIR] [--detector NAME] [--threshold X]
 * NabBenchmark [--data DIR] [--threshold X] --score-only RESULTS/DETECTOR
 * </pre>
 *
 * <p>{@code --timing-runs N} repeats the scoring N more times and prints the best (warm) time.
 *
 * <p>The first form runs a built-in detector over the corpus, writes results and score tables under
 * {@code --out} (default {@code target/nab-results}) and prints the scores. The second scores
 * existing NAB-format results. {@code --threshold} is the detector's own fixed threshold, reported
 * next to NAB's hindsight threshold (default 0.5).
 */
public final class NabBenchmark {

  /** The built-in detectors by name. */
  static final Map<String, Supplier<StreamingDetector>> DETECTORS = builtInDetectors();

  // Adding a detector is one entry here.
  private static Map<String, Supplier<StreamingDetector>> builtInDetectors() {
    Map<String, Supplier<StreamingDetector>> detectors = new LinkedHashMap<>();
    detectors.put("default", Detectors::defaultEnsemble);
    detectors.put("sensitive", Detectors::sensitiveEnsemble);
    detectors.put("context", () -> new ContextDetector(150, 4, 4, 0.75, 100, 2048));
    detectors.put("windowedGaussian", WindowedGaussianDetector::new);
    detectors.put("null", () -> (epochMillis, value) -> 0.0);
    return Collections.unmodifiableMap(detectors);
  }

  private NabBenchmark() {}

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) {
    Map<String, String> options = parse(args);
    Path data =
        options.containsKey("data") ? Path.of(options.get("data")) : NabDataset.defaultRoot();
    double threshold = parseThreshold(options.getOrDefault("threshold", "0.5"));
    long start = System.nanoTime();
    NabDataset dataset = NabDataset.load(data);
    long loaded = System.nanoTime();
    List<ScoredFile> scored;
    String detector;
    Path detectorDir;
    if (options.containsKey("score-only")) {
      detectorDir = Path.of(options.get("score-only"));
      detector = options.getOrDefault("detector", detectorDir.getFileName().toString());
      scored = NabRunner.readResults(dataset, detectorDir);
    } else {
      detector = options.getOrDefault("detector", "windowedGaussian");
      Supplier<StreamingDetector> supplier = DETECTORS.get(detector);
      if (supplier == null) {
        throw new IllegalArgumentException(
            "Unknown detector '" + detector + "'; known: " + DETECTORS.keySet());
      }
      Path out = Path.of(options.getOrDefault("out", "target/nab-results"));
      scored = NabRunner.run(dataset, supplier);
      NabRunner.writeResults(out, detector, scored);
      detectorDir = out.resolve(detector);
    }
    long detected = System.nanoTime();
    NabReport report = NabRunner.score(dataset, detector, scored, threshold);
    long scoredAt = System.nanoTime();
    int repeats = Integer.parseInt(options.getOrDefault("timing-runs", "0"));
    long bestSweeps = Long.MAX_VALUE;
    long bestScoring = Long.MAX_VALUE;
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      NabScorer.sweepAll(scored, dataset.profiles().values());
      long t1 = System.nanoTime();
      NabRunner.score(dataset, detector, scored, threshold);
      long t2 = System.nanoTime();
      bestSweeps = Math.min(bestSweeps, t1 - t0);
      bestScoring = Math.min(bestScoring, t2 - t1);
    }
    if (!options.containsKey("score-only")) {
      NabRunner.writeScoreTables(detectorDir, detector, scored, report);
    }
    System.out.print(report.format());
    long rows = scored.stream().mapToLong(f -> f.file().size()).sum();
    System.out.printf(
        Locale.ROOT,
        "%nrows %d; load %.0f ms, %s %.0f ms, scoring (3 sweeps + per-file) %.0f ms%n",
        rows,
        ms(loaded - start),
        options.containsKey("score-only") ? "read results" : "detect+write",
        ms(detected - loaded),
        ms(scoredAt - detected));
    if (repeats > 0) {
      System.out.printf(
          Locale.ROOT,
          "warm, best of %d: %d sweeps %.0f ms, full scoring %.0f ms%n",
          repeats,
          dataset.profiles().size(),
          ms(bestSweeps),
          ms(bestScoring));
    }
  }

  private static double parseThreshold(String text) {
    try {
      double threshold = Double.parseDouble(text);
      if (Double.isFinite(threshold)) {
        return threshold;
      }
    } catch (NumberFormatException e) {
      // reported below with the usage
    }
    throw new IllegalArgumentException("--threshold must be a finite number, was '" + text + "'");
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "Usage: [--data DIR] [--out DIR] [--detector NAME] [--threshold X]"
                + " [--score-only DIR]; bad argument '"
                + arg
                + "'");
      }
      String key = arg.substring(2);
      if (!List.of("data", "out", "detector", "threshold", "score-only", "timing-runs")
          .contains(key)) {
        throw new IllegalArgumentException("Unknown option " + arg);
      }
      options.put(key, args[++i]);
    }
    return options;
  }
}
