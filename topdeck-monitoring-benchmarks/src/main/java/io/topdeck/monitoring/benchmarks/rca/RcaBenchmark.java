package io.topdeck.monitoring.benchmarks.rca;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * Command line for the root-cause-analysis benchmark.
 *
 * <pre>
 * RcaBenchmark [--seed N] [--cases-per-level N] [--sizes 10,100,2000] [--levels L0,L1,...]
 *              [--methods random,n-sigma,...] [--min-confidence X] [--out DIR] [--threads N]
 *              [--by-fault true] [--misses true]
 * RcaBenchmark --rcaeval DIR [--methods ...] [--min-confidence X]
 * </pre>
 *
 * <p>The first form generates {@code --cases-per-level} cases per level (default 27), cycling
 * through the sizes (default 10, 100 and 2000 resources; see {@link #sizeIndex}) and, within L1 to
 * L4, through the faults; it writes them under {@code --out} when given, runs every method on every
 * case and prints the table of scores per level and method (see {@link RcaScorer}); {@code
 * --by-fault true} adds the same table per fault; {@code --misses true} lists every case a method
 * got wrong at top 1 (or named a root in a window without one), with its truth and the method's
 * first three candidates. The second form scores every RCAEval case found under a directory
 * instead.
 *
 * <p>From the repository root: {@code mvn -B -ntp -q -pl topdeck-monitoring-benchmarks -am compile
 * exec:java -Dexec.skip=true -Dexec.mainClass=io.topdeck.monitoring.benchmarks.rca.RcaBenchmark
 * -Dexec.args="--seed 42"}.
 */
public final class RcaBenchmark {

  /** The methods run when {@code --methods} is not given. */
  static final List<String> DEFAULT_METHODS =
      List.of("random", "n-sigma", "baro", "pagerank", "nearest-change", "topdeck");

  /** The built-in methods by name, each made from the run's seed. */
  static final Map<String, LongFunction<RcaMethod>> METHODS = builtInMethods();

  private static final List<String> OPTIONS =
      List.of(
          "seed",
          "cases-per-level",
          "sizes",
          "levels",
          "methods",
          "min-confidence",
          "out",
          "threads",
          "rcaeval",
          "by-fault",
          "misses");

  private RcaBenchmark() {}

  // Adding a method is one entry here.
  private static Map<String, LongFunction<RcaMethod>> builtInMethods() {
    Map<String, LongFunction<RcaMethod>> methods = new LinkedHashMap<>();
    methods.put("random", RandomMethod::new);
    methods.put("n-sigma", seed -> new NSigmaMethod());
    methods.put("baro", seed -> new BaroMethod());
    methods.put("pagerank", seed -> new PageRankMethod());
    methods.put("nearest-change", seed -> new NearestChangeMethod());
    methods.put("topdeck", seed -> new TopDeckMethod());
    // An ablation, not run unless asked for: the same without the sparse deadlock counters.
    methods.put(
        "topdeck-nodl",
        seed ->
            new TopDeckMethod(
                "topdeck-nodl", RcaScorer.DEFAULT_MIN_CONFIDENCE, java.util.Set.of("deadlocks")));
    return Collections.unmodifiableMap(methods);
  }

  /** The parsed command line. */
  record Options(
      long seed,
      int casesPerLevel,
      List<Integer> sizes,
      List<Level> levels,
      List<String> methods,
      double minConfidence,
      Path out,
      int threads,
      Path rcaeval,
      boolean byFault,
      boolean misses) {}

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) throws InterruptedException {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    long start = System.nanoTime();
    List<RcaMethod> methods =
        o.methods().stream().map(m -> METHODS.get(m).apply(o.seed())).toList();
    List<RcaScorer.Outcome> outcomes =
        o.rcaeval() != null ? runRcaEval(o, methods) : runGenerated(o, methods);
    System.out.print(RcaScorer.format(RcaScorer.summarize(outcomes)));
    if (o.byFault()) {
      System.out.println();
      System.out.print(RcaScorer.format(RcaScorer.summarize(outcomes, RcaScorer.Outcome::fault)));
    }
    System.out.printf(
        Locale.ROOT,
        "%n%d outcomes, min confidence %.2f, seed %d, %.1f s%n",
        outcomes.size(),
        o.minConfidence(),
        o.seed(),
        (System.nanoTime() - start) / 1e9);
  }

  static List<RcaScorer.Outcome> runGenerated(Options o, List<RcaMethod> methods)
      throws InterruptedException {
    IncidentGenerator generator = new IncidentGenerator(o.seed());
    ExecutorService pool = Executors.newFixedThreadPool(o.threads());
    try {
      List<Future<List<RcaScorer.Outcome>>> futures = new ArrayList<>();
      for (Level level : o.levels()) {
        for (int i = 0; i < o.casesPerLevel(); i++) {
          int index = i;
          int size = o.sizes().get(sizeIndex(i, o.sizes().size()));
          futures.add(
              pool.submit(
                  () -> {
                    RcaCase c = generator.generate(level, size, index);
                    if (o.out() != null) {
                      CaseFiles.write(c, o.out());
                    }
                    return runCase(c, methods, o.minConfidence(), o.misses());
                  }));
        }
      }
      return collect(futures);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Returns the size used by case {@code index}: sizes cycle with the index, shifted by one after
   * every round of faults, so that over {@code faults × sizes} cases each fault meets every size.
   */
  static int sizeIndex(int index, int sizes) {
    return (index + index / IncidentGenerator.faults().size()) % sizes;
  }

  static List<RcaScorer.Outcome> runRcaEval(Options o, List<RcaMethod> methods) {
    List<RcaScorer.Outcome> outcomes = new ArrayList<>();
    for (RcaCase c : RcaEvalLoader.loadAll(o.rcaeval())) {
      outcomes.addAll(runCase(c, methods, o.minConfidence(), o.misses()));
    }
    return outcomes;
  }

  static List<RcaScorer.Outcome> runCase(
      RcaCase c, List<RcaMethod> methods, double minConfidence, boolean misses) {
    RcaInput input = c.input();
    List<RcaScorer.Outcome> outcomes = new ArrayList<>();
    for (RcaMethod m : methods) {
      RcaResult result = m.analyze(input);
      RcaScorer.Outcome outcome =
          RcaScorer.score(m.name(), c.truth(), c.id(), result, minConfidence);
      if (misses && outcome.hits()[0] < 1) {
        System.out.println(describeMiss(c, m.name(), result));
      }
      outcomes.add(outcome);
    }
    return outcomes;
  }

  /** One line naming a wrong answer: case, fault, truth and the first three candidates. */
  static String describeMiss(RcaCase c, String method, RcaResult result) {
    StringBuilder line =
        new StringBuilder("miss ")
            .append(c.id())
            .append(' ')
            .append(c.truth().fault())
            .append(' ')
            .append(method)
            .append(" truth=")
            .append(c.truth().roots());
    List<RcaResult.Ranked> ranking = result.ranking();
    for (int i = 0; i < Math.min(3, ranking.size()); i++) {
      line.append(
          String.format(
              Locale.ROOT,
              " %d:%s@%.3f",
              i + 1,
              ranking.get(i).resourceId(),
              ranking.get(i).confidence()));
    }
    result.blamedChange().ifPresent(change -> line.append(" blamed=").append(change));
    return line.toString();
  }

  private static List<RcaScorer.Outcome> collect(List<Future<List<RcaScorer.Outcome>>> futures)
      throws InterruptedException {
    List<RcaScorer.Outcome> outcomes = new ArrayList<>();
    for (Future<List<RcaScorer.Outcome>> f : futures) {
      try {
        outcomes.addAll(f.get());
      } catch (ExecutionException e) {
        throw new IllegalStateException("A case failed: " + e.getCause(), e.getCause());
      }
    }
    return outcomes;
  }

  static Options parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "Usage: [--seed N] [--cases-per-level N] [--sizes 10,100,2000] [--levels L0,...]"
                + " [--methods a,b] [--min-confidence X] [--out DIR] [--threads N]"
                + " [--rcaeval DIR] [--by-fault true] [--misses true]; bad argument '"
                + arg
                + "'");
      }
      String key = arg.substring(2);
      if (!OPTIONS.contains(key)) {
        throw new IllegalArgumentException("Unknown option " + arg + "; known: " + OPTIONS);
      }
      options.put(key, args[++i]);
    }
    long seed = parseLong(options.getOrDefault("seed", "42"), "--seed");
    int cases = (int) parseLong(options.getOrDefault("cases-per-level", "27"), "--cases-per-level");
    if (cases < 1) {
      throw new IllegalArgumentException("--cases-per-level must be at least 1, was " + cases);
    }
    List<Integer> sizes = new ArrayList<>();
    for (String s : options.getOrDefault("sizes", "10,100,2000").split(",")) {
      long size = parseLong(s.trim(), "--sizes");
      if (size < 10 || size > 100_000) {
        throw new IllegalArgumentException("--sizes must be from 10 to 100000, was " + size);
      }
      sizes.add((int) size);
    }
    List<Level> levels = new ArrayList<>();
    for (String s : options.getOrDefault("levels", "L0,L1,L2,L3,L4,L5").split(",")) {
      try {
        levels.add(Level.valueOf(s.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Unknown level '" + s + "'; known: " + Arrays.toString(Level.values()), e);
      }
    }
    List<String> methods =
        Arrays.stream(options.getOrDefault("methods", String.join(",", DEFAULT_METHODS)).split(","))
            .map(String::trim)
            .toList();
    for (String m : methods) {
      if (!METHODS.containsKey(m)) {
        throw new IllegalArgumentException(
            "Unknown method '" + m + "'; known: " + METHODS.keySet());
      }
    }
    double minConfidence;
    try {
      minConfidence =
          Double.parseDouble(
              options.getOrDefault(
                  "min-confidence", Double.toString(RcaScorer.DEFAULT_MIN_CONFIDENCE)));
    } catch (NumberFormatException e) {
      minConfidence = Double.NaN;
    }
    if (!(minConfidence >= 0 && minConfidence <= 1)) {
      throw new IllegalArgumentException(
          "--min-confidence must be a number in [0, 1], was '"
              + options.get("min-confidence")
              + "'");
    }
    int threads =
        (int)
            parseLong(
                options.getOrDefault(
                    "threads", Integer.toString(Runtime.getRuntime().availableProcessors())),
                "--threads");
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, was " + threads);
    }
    return new Options(
        seed,
        cases,
        List.copyOf(sizes),
        List.copyOf(levels),
        methods,
        minConfidence,
        options.containsKey("out") ? Path.of(options.get("out")) : null,
        threads,
        options.containsKey("rcaeval") ? Path.of(options.get("rcaeval")) : null,
        Boolean.parseBoolean(options.getOrDefault("by-fault", "false")),
        Boolean.parseBoolean(options.getOrDefault("misses", "false")));
  }

  private static long parseLong(String text, String option) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be an integer, was '" + text + "'", e);
    }
  }
}
