package io.topdeck.monitoring.benchmarks.rca;

import static io.topdeck.monitoring.benchmarks.rca.TopologyGenerator.BATCH;
import static io.topdeck.monitoring.benchmarks.rca.TopologyGenerator.CACHE;
import static io.topdeck.monitoring.benchmarks.rca.TopologyGenerator.DATABASE;
import static io.topdeck.monitoring.benchmarks.rca.TopologyGenerator.EXTERNAL;
import static io.topdeck.monitoring.benchmarks.rca.TopologyGenerator.GATEWAY;
import static io.topdeck.monitoring.benchmarks.rca.TopologyGenerator.QUEUE;
import static io.topdeck.monitoring.benchmarks.rca.TopologyGenerator.SERVICE;

import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.ResourceRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates incidents, deterministically per seed: a topology ({@link TopologyGenerator}), an hour
 * of metrics on a 30-second grid, deployments and configuration changes, error events, and the
 * ground truth.
 *
 * <p>The fault begins at the root about 40 minutes into the hour and ramps up over one to two
 * minutes (a saturation trend instead climbs until the end). Its effects travel up the dependency
 * edges to the callers, each hop 30 seconds to 2 minutes later than the one below: a caller's
 * latency grows by the latency its dependency adds per call times the calls per request, and its
 * error rate by the share of failed calls, weighted by the edge's strength. Level L1 contains a
 * fault to its direct callers at a quarter of its size; L2 and L4 amplify it by 2 to 3.5 at every
 * hop (retries and queueing), with a smaller change at the root; L3 and L5 pass it on unchanged.
 * Two faults load a resource the root does not depend on: a failed cache loads the databases of its
 * callers, and a batch job floods the database it shares with services.
 *
 * <p>Every case also has what production telemetry has: noise and slow drift, short latency and CPU
 * spikes, scrape gaps, background errors (some of them timeouts) and, for larger topologies,
 * unrelated deployments. The generator knows nothing about the methods it is used to compare.
 */
public final class IncidentGenerator {

  /** The grid step, in seconds. */
  public static final int STEP_SECONDS = 30;

  /** The number of grid points of a case: one hour. */
  public static final int POINTS = 120;

  private static final Instant EPOCH = Instant.parse("2026-11-02T00:00:00Z");
  private static final List<Fault> ONE_ROOT_FAULTS =
      List.of(
          Fault.BAD_DEPLOYMENT,
          Fault.DEADLOCK,
          Fault.SLOW_QUERY,
          Fault.POOL_EXHAUSTION,
          Fault.EXTERNAL_OUTAGE,
          Fault.CACHE_FAILURE,
          Fault.SATURATION,
          Fault.TRAFFIC_SURGE,
          Fault.NOISY_NEIGHBOUR);
  private static final List<Fault> ROOT_FAULTS =
      ONE_ROOT_FAULTS.stream().filter(f -> f != Fault.TRAFFIC_SURGE).toList();

  private final long seed;

  /** Creates a generator; the same seed always gives the same cases. */
  public IncidentGenerator(long seed) {
    this.seed = seed;
  }

  /** Returns the faults injected at one root, in the order cases cycle through them. */
  public static List<Fault> faults() {
    return ONE_ROOT_FAULTS;
  }

  /**
   * Returns case {@code index} of {@code level} over a topology of {@code size} resources. Levels
   * L1 to L4 cycle through {@link #faults()} by index; L5 pairs two faults that have a root.
   *
   * @throws IllegalArgumentException if {@code size} is under 10 or {@code index} is negative
   */
  public RcaCase generate(Level level, int size, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative, but was " + index);
    }
    long caseSeed =
        seed * 0x9E3779B97F4A7C15L + level.ordinal() * 1_000_003L + size * 7919L + index;
    SplittableRandom rng = new SplittableRandom(caseSeed);
    TopologyGenerator.Generated world = TopologyGenerator.generate(size, rng.split());
    String id = String.format(Locale.ROOT, "%s-n%d-%03d", level, size, index);
    long start = EPOCH.getEpochSecond() + (long) (level.ordinal() * 1000 + index) * 3 * 3600;
    return new Simulation(id, level, world, start, rng).run(faultsFor(level, index));
  }

  private static List<Fault> faultsFor(Level level, int index) {
    return switch (level) {
      case L0 -> List.of();
      case L5 ->
          List.of(
              ROOT_FAULTS.get(index % ROOT_FAULTS.size()),
              ROOT_FAULTS.get((index + 3) % ROOT_FAULTS.size()));
      default -> List.of(ONE_ROOT_FAULTS.get(index % ONE_ROOT_FAULTS.size()));
    };
  }

  /** One case being generated. */
  private static final class Simulation {
    final String id;
    final Level level;
    final CaseTopology topology;
    final Map<String, Integer> tiers;
    final Map<String, ResourceRef> resources;
    final Map<String, List<String>> deps;
    final Map<String, List<String>> callers;
    final Map<String, Dependency> edges = new HashMap<>();
    final Map<String, Integer> edgeDelay = new HashMap<>();
    final SplittableRandom rng;
    final long[] times = new long[POINTS];
    final long injectTime;
    final int injectIndex;

    final Map<SeriesKey, Double> base = new LinkedHashMap<>();
    final Map<SeriesKey, double[]> delta = new java.util.TreeMap<>();
    final Map<String, double[]> exposedLat = new HashMap<>();
    final Map<String, double[]> exposedErr = new HashMap<>();
    final Map<String, String> blame = new HashMap<>();
    final Map<String, Fault> rootFault = new LinkedHashMap<>();
    final List<ChangeEvent> changes = new ArrayList<>();
    final List<ErrorEvent> errors = new ArrayList<>();
    final List<String> rootChanges = new ArrayList<>();
    final Set<String> silenced = new HashSet<>();
    final Set<String> anonymousErrors = new HashSet<>();
    final Map<String, Set<String>> ancestorCache = new HashMap<>();
    final Map<String, List<String>> chainCache = new HashMap<>();
    int changeCounter;
    int errorCounter;

    Simulation(
        String id, Level level, TopologyGenerator.Generated world, long start, SplittableRandom r) {
      this.id = id;
      this.level = level;
      this.topology = world.topology();
      this.tiers = world.tiers();
      this.resources = topology.byId();
      this.deps = topology.dependencies();
      this.callers = topology.dependants();
      this.rng = r;
      for (int i = 0; i < POINTS; i++) {
        times[i] = start + (long) i * STEP_SECONDS;
      }
      this.injectTime = start + 40 * 60 + rng.nextInt(-120, 121);
      this.injectIndex = indexAtOrAfter(injectTime);
      for (Dependency d : topology.edges()) {
        if (d.type() == Dependency.Type.DEPENDS_ON) {
          edges.put(key(d.fromId(), d.toId()), d);
          // 30 s to 2 min per hop.
          edgeDelay.put(key(d.fromId(), d.toId()), 1 + rng.nextInt(4));
        }
      }
    }

    RcaCase run(List<Fault> faults) {
      baselines();
      List<String> roots = new ArrayList<>();
      List<Fault> injected = new ArrayList<>();
      String surge = null;
      for (int k = 0; k < faults.size(); k++) {
        Fault fault = faults.get(k);
        if (fault == Fault.TRAFFIC_SURGE) {
          surge(injectIndex);
          surge = fault.label();
          continue;
        }
        String root = chooseRoot(fault, roots);
        for (int next = 1; root == null && next < ROOT_FAULTS.size(); next++) {
          // A small topology may have no second resource this fault can start at.
          fault = ROOT_FAULTS.get((ROOT_FAULTS.indexOf(fault) + 1) % ROOT_FAULTS.size());
          root = chooseRoot(fault, roots);
        }
        if (root == null) {
          throw new IllegalStateException("No resource of " + id + " can host " + fault);
        }
        injected.add(fault);
        roots.add(root);
        rootFault.put(root, fault);
        long onset = injectTime + (k == 0 ? rng.nextInt(0, 21) : rng.nextInt(30, 181));
        inject(fault, root, indexAtOrAfter(onset), onset);
      }
      propagate(roots);
      List<String> decoys = new ArrayList<>();
      decoys.addAll(backgroundChanges());
      if (level == Level.L0) {
        decoys.addAll(harmlessDeployments());
      }
      if (level == Level.L4) {
        decoys.addAll(decoyDeployments(roots));
        unrelatedAnomalies(roots);
      }
      if (level == Level.L3 && !roots.isEmpty()) {
        hideTelemetry(roots.get(0));
      }
      faultErrors();
      backgroundErrors();
      MetricFrame frame = render();
      // Ids follow time order, so that they say nothing about how a change or error came about.
      Map<String, String> renamed = renumberChanges();
      renumberErrors();
      String faultLabel =
          surge != null
              ? surge
              : faults.isEmpty()
                  ? Fault.NONE.label()
                  : String.join("+", injected.stream().map(Fault::label).toList());
      GroundTruth truth =
          new GroundTruth(
              level.name(),
              faultLabel,
              Instant.ofEpochSecond(injectTime),
              roots,
              rootChanges.stream().map(renamed::get).toList(),
              decoys.stream().map(renamed::get).toList());
      return new RcaCase(id, topology, frame, changes, errors, truth);
    }

    Map<String, String> renumberChanges() {
      changes.sort(Comparator.comparing(ChangeEvent::time).thenComparing(ChangeEvent::id));
      Map<String, String> renamed = new HashMap<>();
      for (int i = 0; i < changes.size(); i++) {
        ChangeEvent c = changes.get(i);
        String newId = String.format(Locale.ROOT, "chg-%s-%02d", id, i);
        renamed.put(c.id(), newId);
        changes.set(
            i,
            new ChangeEvent(
                newId,
                c.type(),
                c.time(),
                c.targetResourceIds(),
                c.version(),
                c.previousVersion(),
                c.status(),
                c.description(),
                c.attributes()));
      }
      return renamed;
    }

    void renumberErrors() {
      errors.sort(
          Comparator.comparing(ErrorEvent::timestamp)
              .thenComparing(e -> e.resourceId().orElse(""))
              .thenComparing(ErrorEvent::message));
      for (int i = 0; i < errors.size(); i++) {
        ErrorEvent e = errors.get(i);
        errors.set(
            i,
            new ErrorEvent(
                String.format(Locale.ROOT, "err-%s-%05d", id, i),
                e.platform(),
                e.resourceId(),
                e.timestamp(),
                e.exceptionType(),
                e.message(),
                e.stackTrace(),
                e.correlationId(),
                e.count(),
                e.usersAffected(),
                e.attributes()));
      }
    }

    // ---- baselines ----

    void baselines() {
      List<String> topDown = new ArrayList<>(resources.keySet());
      topDown.sort(Comparator.comparing((String r) -> tiers.get(r)).thenComparing(r -> r));
      Map<String, Double> rps = new HashMap<>();
      for (String r : topDown) {
        String type = type(r);
        double own =
            type.equals(GATEWAY)
                ? 200 + rng.nextDouble() * 1800
                : type.equals(BATCH) ? 5 + rng.nextDouble() * 45 : 0;
        double rate = Math.max(1, rps.getOrDefault(r, 0.0) + own);
        rps.put(r, rate);
        for (String d : deps.get(r)) {
          double calls = edges.get(key(r, d)).strength() * (0.3 + 0.7 * rng.nextDouble());
          double perRequest = type(d).equals(DATABASE) ? 2 : 1;
          rps.merge(d, rate * calls * perRequest, Double::sum);
        }
      }
      List<String> bottomUp = new ArrayList<>(topDown);
      java.util.Collections.reverse(bottomUp);
      Map<String, Double> latency = new HashMap<>();
      for (String r : bottomUp) {
        String type = type(r);
        double rate = rps.get(r);
        switch (type) {
          case DATABASE -> {
            double q = 2 + rng.nextDouble() * 13;
            latency.put(r, q);
            put(r, "cpu_percent", 15 + rng.nextDouble() * 30);
            put(r, "db_query_time_ms", q);
            put(r, "query_rate", rate);
            put(r, "connection_usage_percent", 15 + rng.nextDouble() * 25);
            put(r, "deadlocks", 0);
            put(r, "lock_wait_ms", 1 + rng.nextDouble() * 4);
          }
          case CACHE -> {
            double l = 0.3 + rng.nextDouble() * 1.7;
            latency.put(r, l);
            put(r, "hit_ratio", 0.88 + rng.nextDouble() * 0.1);
            put(r, "latency_ms", l);
            put(r, "error_rate", 0.0005 + rng.nextDouble() * 0.0015);
            put(r, "cpu_percent", 10 + rng.nextDouble() * 25);
            put(r, "memory_percent", 40 + rng.nextDouble() * 30);
          }
          case QUEUE -> {
            double l = 2 + rng.nextDouble() * 8;
            latency.put(r, l);
            put(r, "queue_depth", 5 + rng.nextDouble() * 45);
            put(r, "publish_rate", rate);
            put(r, "latency_ms", l);
          }
          case EXTERNAL -> {
            double l = 80 + rng.nextDouble() * 320;
            latency.put(r, l);
            put(r, "latency_ms", l);
            put(r, "error_rate", 0.002 + rng.nextDouble() * 0.018);
            put(r, "request_rate", rate);
          }
          case BATCH -> {
            put(r, "cpu_percent", 10 + rng.nextDouble() * 30);
            put(r, "request_rate", rate);
            put(r, "memory_percent", 30 + rng.nextDouble() * 30);
          }
          default -> {
            double l = 5 + rng.nextDouble() * 25;
            for (String d : deps.get(r)) {
              double perCall = type(d).equals(DATABASE) ? 2 : 1;
              l += 0.5 * edges.get(key(r, d)).strength() * perCall * latency.getOrDefault(d, 0.0);
            }
            latency.put(r, l);
            put(r, "request_rate", rate);
            put(r, "latency_ms", l);
            put(r, "error_rate", 0.001 + rng.nextDouble() * 0.009);
            put(r, "cpu_percent", 15 + rng.nextDouble() * 30);
            if (!type.equals(GATEWAY)) {
              put(r, "memory_percent", 35 + rng.nextDouble() * 30);
              if (deps.get(r).stream().anyMatch(d -> type(d).equals(DATABASE))) {
                put(r, "connection_pool_usage", 10 + rng.nextDouble() * 30);
              }
            }
          }
        }
      }
    }

    // ---- faults ----

    String chooseRoot(Fault fault, List<String> taken) {
      List<String> candidates = new ArrayList<>();
      for (String r : resources.keySet()) {
        if (!eligible(fault, r) || taken.contains(r)) {
          continue;
        }
        if (taken.stream().anyMatch(t -> related(t, r))) {
          continue;
        }
        if (level == Level.L3 && depth(r) < 2) {
          continue;
        }
        candidates.add(r);
      }
      if (candidates.isEmpty()) {
        // Small topologies may lack an unrelated resource of the type: any eligible one will do.
        resources.keySet().stream()
            .filter(r -> eligible(fault, r) && !taken.contains(r))
            .forEach(candidates::add);
      }
      return candidates.isEmpty() ? null : candidates.get(rng.nextInt(candidates.size()));
    }

    boolean eligible(Fault fault, String r) {
      String type = type(r);
      return switch (fault) {
        case POOL_EXHAUSTION ->
            type.equals(SERVICE) && base.containsKey(new SeriesKey(r, "connection_pool_usage"));
        case SATURATION -> type.equals(SERVICE) || type.equals(DATABASE);
        case NOISY_NEIGHBOUR -> type.equals(BATCH) && !deps.get(r).isEmpty();
        default -> type.equals(fault.rootType());
      };
    }

    void inject(Fault fault, String r, int on, long onsetSecond) {
      double m = magnitude();
      int ramp = 2 + rng.nextInt(3);
      switch (fault) {
        case BAD_DEPLOYMENT -> {
          addStep(r, "error_rate", 0.04 * m, on, ramp);
          addStep(r, "latency_ms", base(r, "latency_ms") * 0.4 * m, on, ramp);
          addStep(r, "cpu_percent", 4 * m, on, ramp);
          expose(r, "latency_ms", "error_rate", 1);
          rootChange(deployment(r, onsetSecond - rng.nextInt(30, 241)));
        }
        case DEADLOCK -> {
          addStep(r, "deadlocks", 1.5 * m, on, ramp);
          addStep(r, "lock_wait_ms", base(r, "lock_wait_ms") * 3 * m, on, ramp);
          addStep(r, "db_query_time_ms", base(r, "db_query_time_ms") * 0.5 * m, on, ramp);
          addStep(r, "connection_usage_percent", 5 * m, on, ramp);
          exposeDatabase(r, 0.015 * m, on, ramp);
        }
        case SLOW_QUERY -> {
          addStep(r, "db_query_time_ms", base(r, "db_query_time_ms") * m, on, ramp);
          addStep(r, "cpu_percent", 8 * m, on, ramp);
          addStep(r, "lock_wait_ms", base(r, "lock_wait_ms") * m, on, ramp);
          addStep(r, "connection_usage_percent", 6 * m, on, ramp);
          exposeDatabase(r, 0.01 * m, on, ramp);
          if (rng.nextBoolean()) {
            rootChange(
                configuration(
                    r,
                    onsetSecond - rng.nextInt(60, 301),
                    "Schema migration dropped index ix_orders_created_at"));
          }
        }
        case POOL_EXHAUSTION -> {
          SeriesKey pool = new SeriesKey(r, "connection_pool_usage");
          addStep(r, "connection_pool_usage", 100 - base.get(pool), on, ramp);
          addStep(r, "latency_ms", base(r, "latency_ms") * 0.8 * m, on, ramp);
          addStep(r, "error_rate", 0.04 * m, on, ramp);
          expose(r, "latency_ms", "error_rate", 1);
          if (rng.nextBoolean()) {
            rootChange(
                configuration(
                    r, onsetSecond - rng.nextInt(60, 301), "Set maximumPoolSize from 40 to 8"));
          }
        }
        case EXTERNAL_OUTAGE -> {
          addStep(r, "latency_ms", base(r, "latency_ms") * 1.5 * m, on, ramp);
          addStep(r, "error_rate", Math.min(0.9, 0.15 * m), on, ramp);
          expose(r, "latency_ms", "error_rate", 1);
        }
        case CACHE_FAILURE -> {
          double hit = base(r, "hit_ratio");
          addStep(r, "hit_ratio", -Math.min(hit - 0.02, 0.15 * m), on, ramp);
          addStep(r, "error_rate", 0.03 * m, on, ramp);
          addStep(r, "latency_ms", base(r, "latency_ms") * m, on, ramp);
          expose(r, "latency_ms", "error_rate", 0.3);
          Set<String> loaded = new java.util.TreeSet<>();
          for (String caller : callers.get(r)) {
            deps.get(caller).stream().filter(d -> type(d).equals(DATABASE)).forEach(loaded::add);
          }
          for (String db : loaded) {
            int later = on + 1 + rng.nextInt(2);
            addStep(db, "query_rate", base(db, "query_rate") * 0.6 * m, later, ramp);
            addStep(db, "cpu_percent", 8 * m, later, ramp);
            addStep(db, "db_query_time_ms", base(db, "db_query_time_ms") * 0.7 * m, later, ramp);
            exposeDatabase(db, 0.006 * m, later, ramp);
          }
        }
        case SATURATION -> saturate(r, on);
        case NOISY_NEIGHBOUR -> {
          addStep(r, "request_rate", base(r, "request_rate") * 3 * m, on, ramp);
          addStep(r, "cpu_percent", 10 * m, on, ramp);
          for (String db : deps.get(r)) {
            int later = on + 1;
            addStep(db, "query_rate", base(r, "request_rate") * 3 * m, later, ramp);
            addStep(db, "cpu_percent", 8 * m, later, ramp);
            addStep(db, "db_query_time_ms", base(db, "db_query_time_ms") * 0.8 * m, later, ramp);
            addStep(db, "lock_wait_ms", base(db, "lock_wait_ms") * m, later, ramp);
            exposeDatabase(db, 0.006 * m, later, ramp);
          }
        }
        default -> throw new IllegalStateException("Not a fault with a root: " + fault);
      }
    }

    /** Returns the size of the root's own change, relative to its baseline. */
    double magnitude() {
      return switch (level) {
        case L1 -> 3 + rng.nextDouble() * 3;
        case L2, L4 -> 0.6 + rng.nextDouble() * 0.8;
        default -> 1.5 + rng.nextDouble() * 1.5;
      };
    }

    void saturate(String r, int on) {
      boolean db = type(r).equals(DATABASE);
      double cpu0 = base(r, "cpu_percent");
      String slow = db ? "db_query_time_ms" : "latency_ms";
      double slow0 = base(r, slow);
      double[] cpu = deltaOf(r, "cpu_percent");
      double[] lat = deltaOf(r, slow);
      double[] err = db ? new double[POINTS] : deltaOf(r, "error_rate");
      for (int i = on; i < POINTS; i++) {
        double frac = (i - on + 1) / (double) (POINTS - on);
        double now = cpu0 + (97 - cpu0) * frac;
        cpu[i] += now - cpu0;
        double over = Math.max(0, (now - 75) / 25);
        lat[i] += slow0 * 6 * over * over;
        err[i] += now > 90 ? 0.02 * (now - 90) / 7 : 0;
      }
      exposedLat.put(r, lat.clone());
      exposedErr.put(r, err.clone());
    }

    void surge(int on) {
      double factor = 0.8 + rng.nextDouble();
      int ramp = 3 + rng.nextInt(3);
      Map<String, Integer> depth = new HashMap<>();
      Deque<String> queue = new ArrayDeque<>();
      for (String r : resources.keySet()) {
        if (type(r).equals(GATEWAY)) {
          depth.put(r, 0);
          queue.add(r);
        }
      }
      while (!queue.isEmpty()) {
        String r = queue.poll();
        for (String d : deps.get(r)) {
          if (!depth.containsKey(d)) {
            depth.put(d, depth.get(r) + 1);
            queue.add(d);
          }
        }
      }
      for (Map.Entry<String, Integer> e : depth.entrySet()) {
        String r = e.getKey();
        int at = on + (int) Math.round(e.getValue() * 12.0 / STEP_SECONDS);
        for (String rate : List.of("request_rate", "query_rate", "publish_rate", "queue_depth")) {
          if (base.containsKey(new SeriesKey(r, rate))) {
            addStep(r, rate, base(r, rate) * factor, at, ramp);
          }
        }
        if (base.containsKey(new SeriesKey(r, "cpu_percent"))) {
          addStep(r, "cpu_percent", base(r, "cpu_percent") * 0.7 * factor, at, ramp);
        }
        for (String slow : List.of("latency_ms", "db_query_time_ms")) {
          if (base.containsKey(new SeriesKey(r, slow))) {
            addStep(r, slow, base(r, slow) * 0.1 * factor, at, ramp);
          }
        }
      }
    }

    void expose(String r, String latency, String errorRate, double errorShare) {
      exposedLat.put(r, deltaOf(r, latency).clone());
      double[] err = deltaOf(r, errorRate).clone();
      for (int i = 0; i < err.length; i++) {
        err[i] *= errorShare;
      }
      exposedErr.put(r, err);
    }

    void exposeDatabase(String db, double errorShare, int on, int ramp) {
      double[] lat = exposedLat.computeIfAbsent(db, k -> new double[POINTS]);
      double[] q = deltaOf(db, "db_query_time_ms");
      double[] lock = deltaOf(db, "lock_wait_ms");
      double[] err = exposedErr.computeIfAbsent(db, k -> new double[POINTS]);
      for (int i = 0; i < POINTS; i++) {
        lat[i] = q[i] + 0.2 * lock[i];
        err[i] += errorShare * ramp(i, on, ramp);
      }
    }

    // ---- propagation ----

    void propagate(List<String> roots) {
      if (exposedLat.isEmpty()) {
        return;
      }
      List<String> bottomUp = new ArrayList<>(resources.keySet());
      bottomUp.sort(Comparator.comparing((String r) -> -tiers.get(r)).thenComparing(r -> r));
      double share = level == Level.L1 ? 0.25 : 1;
      for (String r : bottomUp) {
        if (!base.containsKey(new SeriesKey(r, "latency_ms"))
            || !base.containsKey(new SeriesKey(r, "error_rate"))
            || roots.contains(r)) {
          continue;
        }
        double[] lat = new double[POINTS];
        double[] err = new double[POINTS];
        double strongest = 0;
        for (String d : deps.get(r)) {
          double[] dl = exposedLat.get(d);
          double[] de = exposedErr.get(d);
          if (dl == null && de == null) {
            continue;
          }
          Dependency edge = edges.get(key(r, d));
          int shift = edgeDelay.get(key(r, d));
          double perCall = type(d).equals(DATABASE) ? 2 : 1;
          double amplify = amplification();
          double contribution = 0;
          for (int i = shift; i < POINTS; i++) {
            double l = dl == null ? 0 : dl[i - shift];
            double e = de == null ? 0 : de[i - shift];
            lat[i] += share * amplify * edge.strength() * perCall * l;
            err[i] += share * amplify * edge.strength() * e;
            contribution += e + l / 1000;
          }
          if (contribution > strongest) {
            strongest = contribution;
            blame.put(r, d);
          }
        }
        if (strongest == 0) {
          continue;
        }
        double baseErr = base(r, "error_rate");
        double[] latDelta = deltaOf(r, "latency_ms");
        double[] errDelta = deltaOf(r, "error_rate");
        double baseLat = base(r, "latency_ms");
        for (int i = 0; i < POINTS; i++) {
          // Clients time out after 30 s; no more than 95% of requests fail.
          latDelta[i] += Math.min(30_000 - baseLat, lat[i]);
          errDelta[i] += Math.min(0.95 - baseErr, err[i]);
        }
        if (level != Level.L1) {
          exposedLat.put(r, latDelta.clone());
          exposedErr.put(r, errDelta.clone());
        }
      }
    }

    double amplification() {
      return switch (level) {
        case L2, L4 -> 2 + rng.nextDouble() * 1.5;
        case L1 -> 1;
        default -> 0.8 + rng.nextDouble() * 0.4;
      };
    }

    // ---- changes ----

    ChangeEvent deployment(String r, long at) {
      int minor = 1 + rng.nextInt(40);
      int patch = rng.nextInt(9);
      String version = "v2." + minor + "." + (patch + 1);
      String previous = "v2." + minor + "." + patch;
      ChangeEvent c =
          new ChangeEvent(
              "chg-" + id + "-" + (changeCounter++),
              ChangeEvent.ChangeType.DEPLOYMENT,
              Instant.ofEpochSecond(at),
              List.of(r),
              Optional.of(version),
              Optional.of(previous),
              Optional.of("succeeded"),
              "Deployed " + version + " to " + resources.get(r).name(),
              Map.of("pipeline", "release"));
      changes.add(c);
      return c;
    }

    ChangeEvent configuration(String r, long at, String description) {
      ChangeEvent c =
          new ChangeEvent(
              "chg-" + id + "-" + (changeCounter++),
              ChangeEvent.ChangeType.CONFIGURATION,
              Instant.ofEpochSecond(at),
              List.of(r),
              Optional.empty(),
              Optional.empty(),
              Optional.of("succeeded"),
              description,
              Map.of());
      changes.add(c);
      return c;
    }

    void rootChange(ChangeEvent c) {
      rootChanges.add(c.id());
    }

    List<String> backgroundChanges() {
      List<String> ids = new ArrayList<>();
      int count = resources.size() / 200;
      List<String> services = ofType(SERVICE);
      for (int k = 0; k < count; k++) {
        String r = services.get(rng.nextInt(services.size()));
        ids.add(deployment(r, times[0] + rng.nextInt(POINTS * STEP_SECONDS)).id());
      }
      return ids;
    }

    List<String> harmlessDeployments() {
      List<String> ids = new ArrayList<>();
      List<String> services = ofType(SERVICE);
      int count = rng.nextInt(3);
      for (int k = 0; k < count; k++) {
        String r = services.get(rng.nextInt(services.size()));
        ids.add(deployment(r, injectTime - rng.nextInt(0, 20 * 60)).id());
      }
      return ids;
    }

    List<String> decoyDeployments(List<String> roots) {
      List<String> ids = new ArrayList<>();
      int count = 1 + rng.nextInt(2);
      for (int k = 0; k < count; k++) {
        List<String> pool = new ArrayList<>();
        if (!roots.isEmpty() && rng.nextBoolean()) {
          ancestors(roots.get(0)).stream()
              .filter(a -> type(a).equals(SERVICE) || type(a).equals(GATEWAY))
              .forEach(pool::add);
        }
        if (pool.isEmpty()) {
          ofType(SERVICE).stream().filter(s -> !roots.contains(s)).forEach(pool::add);
        }
        String r = pool.get(rng.nextInt(pool.size()));
        ids.add(deployment(r, injectTime - rng.nextInt(60, 15 * 60 + 1)).id());
      }
      return ids;
    }

    // ---- noise of production ----

    void unrelatedAnomalies(List<String> roots) {
      List<String> unrelated = new ArrayList<>();
      for (String r : resources.keySet()) {
        if (!type(r).equals(SERVICE) || roots.contains(r)) {
          continue;
        }
        if (roots.stream().noneMatch(root -> related(root, r)) && !exposedLat.containsKey(r)) {
          unrelated.add(r);
        }
      }
      int count = Math.min(unrelated.size(), 1 + rng.nextInt(2));
      for (int k = 0; k < count; k++) {
        String r = unrelated.remove(rng.nextInt(unrelated.size()));
        int from = Math.max(0, injectIndex + rng.nextInt(-4, 5));
        int to = Math.min(POINTS, from + 6 + rng.nextInt(11));
        if (rng.nextBoolean()) {
          double[] cpu = deltaOf(r, "cpu_percent");
          double add = 25 + rng.nextDouble() * 20;
          for (int i = from; i < to; i++) {
            cpu[i] += add;
          }
        } else {
          double[] lat = deltaOf(r, "latency_ms");
          double[] err = deltaOf(r, "error_rate");
          double factor = 1 + rng.nextDouble() * 3;
          for (int i = from; i < to; i++) {
            lat[i] += base(r, "latency_ms") * factor;
            err[i] += 0.02;
          }
        }
      }
    }

    void hideTelemetry(String root) {
      List<String> chain = longestCallerChain(root);
      if (chain.size() > 2) {
        silenced.add(chain.get(1 + rng.nextInt(chain.size() - 2)));
      }
      List<SeriesKey> own = base.keySet().stream().filter(k -> k.resource().equals(root)).toList();
      int drop = (int) Math.floor(own.size() * 0.4);
      List<SeriesKey> shuffled = new ArrayList<>(own);
      for (int k = 0; k < drop; k++) {
        base.remove(shuffled.remove(rng.nextInt(shuffled.size())));
      }
      for (String r : resources.keySet()) {
        if (!r.equals(root) && rng.nextDouble() < 0.1) {
          silenced.add(r);
        }
      }
      for (String r : resources.keySet()) {
        if (rng.nextBoolean()) {
          anonymousErrors.add(r);
        }
      }
    }

    // ---- errors ----

    void faultErrors() {
      for (Map.Entry<SeriesKey, double[]> e : delta.entrySet()) {
        if (!e.getKey().metric().equals("error_rate")) {
          continue;
        }
        String r = e.getKey().resource();
        double[] err = e.getValue();
        double rate = base.getOrDefault(new SeriesKey(r, "request_rate"), 20.0);
        for (int i = 0; i + 1 < POINTS; i += 2) {
          double mean = (err[i] + err[i + 1]) / 2;
          long count = Math.round(rate * 60 * mean);
          if (count < 1 || mean < 1e-4) {
            continue;
          }
          int at = err[i] > 0 ? i : i + 1;
          error(r, times[at] + rng.nextInt(STEP_SECONDS), count, template(r));
        }
      }
      for (Map.Entry<String, Fault> root : rootFault.entrySet()) {
        String db = root.getKey();
        if (root.getValue() == Fault.DEADLOCK && rng.nextBoolean()) {
          double[] locks = deltaOf(db, "deadlocks");
          for (int i = 0; i + 1 < POINTS; i += 2) {
            long count = Math.round(locks[i] + locks[i + 1]);
            if (count >= 1) {
              error(
                  db,
                  times[i] + rng.nextInt(STEP_SECONDS),
                  count,
                  new String[] {
                    "DeadlockDetected",
                    "Deadlock graph captured: a process was chosen as the deadlock victim"
                        + " (error 1205) on table dbo.Orders",
                    "1205"
                  });
            }
          }
        }
      }
    }

    /** Returns the exception type, message and error code of {@code r}'s fault errors. */
    String[] template(String r) {
      Fault own = rootFault.get(r);
      if (own == Fault.BAD_DEPLOYMENT) {
        return new String[] {
          "java.lang.NullPointerException",
          "Cannot invoke \"Order.getLines()\" because \"order\" is null",
          ""
        };
      }
      if (own == Fault.POOL_EXHAUSTION) {
        return new String[] {
          "java.sql.SQLTransientConnectionException",
          "HikariPool-1 - Connection is not available, request timed out after 30000ms",
          ""
        };
      }
      if (own == Fault.EXTERNAL_OUTAGE) {
        return new String[] {"ServiceUnavailable", "503 Service Unavailable", "503"};
      }
      if (own == Fault.CACHE_FAILURE) {
        return new String[] {"RedisConnectionException", "Unable to connect to redis:6379", ""};
      }
      String d = blame.get(r);
      if (d == null) {
        return new String[] {"java.lang.IllegalStateException", "Request failed", ""};
      }
      String name = resources.get(d).name();
      Fault below = rootFault.get(d);
      if (below == Fault.DEADLOCK) {
        return new String[] {
          "com.microsoft.sqlserver.jdbc.SQLServerException",
          "Transaction (Process ID 61) was deadlocked on lock resources with another process and"
              + " has been chosen as the deadlock victim. Rerun the transaction.",
          "1205"
        };
      }
      if (below == Fault.SLOW_QUERY || (type(d).equals(DATABASE) && exposedLat.containsKey(d))) {
        return new String[] {
          "com.microsoft.sqlserver.jdbc.SQLServerException",
          "Execution Timeout Expired on "
              + name
              + ". The timeout period elapsed prior to"
              + " completion of the operation or the server is not responding.",
          "-2"
        };
      }
      if (below == Fault.EXTERNAL_OUTAGE) {
        return new String[] {
          "org.springframework.web.client.HttpServerErrorException$ServiceUnavailable",
          "503 Service Unavailable from " + name,
          ""
        };
      }
      if (below == Fault.CACHE_FAILURE) {
        return new String[] {
          "io.lettuce.core.RedisConnectionException", "Unable to connect to " + name + ":6379", ""
        };
      }
      return rng.nextDouble() < 0.3
          ? new String[] {
            "org.springframework.web.client.HttpServerErrorException$GatewayTimeout",
            "504 Gateway Timeout from " + name,
            ""
          }
          : new String[] {
            "org.springframework.web.client.HttpServerErrorException$BadGateway",
            "502 Bad Gateway from " + name,
            ""
          };
    }

    void backgroundErrors() {
      String[][] kinds = {
        {"java.net.SocketTimeoutException", "Read timed out", ""},
        {"java.lang.IllegalArgumentException", "Invalid coupon code", ""},
        {"org.springframework.web.client.HttpClientErrorException$NotFound", "404 Not Found", ""},
        {"com.fasterxml.jackson.core.JsonParseException", "Unexpected character ('<')", ""}
      };
      List<String> emitters = new ArrayList<>(ofType(SERVICE));
      emitters.addAll(ofType(GATEWAY));
      int count = 3 + resources.size() / 20;
      for (int k = 0; k < count; k++) {
        String r = emitters.get(rng.nextInt(emitters.size()));
        long at = times[0] + rng.nextInt(POINTS * STEP_SECONDS);
        error(r, at, 1 + rng.nextInt(4), kinds[rng.nextInt(kinds.length)]);
      }
    }

    void error(String r, long at, long count, String[] kind) {
      if (silenced.contains(r)) {
        return;
      }
      ResourceRef ref = resources.get(r);
      Map<String, String> attributes = new LinkedHashMap<>();
      attributes.put("service", ref.name());
      if (!kind[2].isEmpty()) {
        attributes.put("error_code", kind[2]);
      }
      String d = blame.get(r);
      if (d != null) {
        attributes.put("peer.service", resources.get(d).name());
      }
      errors.add(
          new ErrorEvent(
              "err-" + id + "-" + (errorCounter++),
              "generator",
              anonymousErrors.contains(r) ? Optional.empty() : Optional.of(r),
              Instant.ofEpochSecond(at),
              kind[0],
              kind[1],
              "",
              Optional.empty(),
              count,
              OptionalLong.empty(),
              attributes));
    }

    // ---- metrics ----

    MetricFrame render() {
      Map<SeriesKey, double[]> series = new LinkedHashMap<>();
      double gapShare = level == Level.L3 ? 0.08 : 0.02;
      for (Map.Entry<SeriesKey, Double> e : base.entrySet()) {
        SeriesKey k = e.getKey();
        if (silenced.contains(k.resource())) {
          continue;
        }
        double[] values = noisy(k.metric(), e.getValue(), delta.get(k));
        if (rng.nextDouble() < gapShare) {
          int from = rng.nextInt(POINTS - 6);
          int to = from + 2 + rng.nextInt(5);
          for (int i = from; i < to; i++) {
            values[i] = Double.NaN;
          }
        }
        series.put(k, values);
      }
      return new MetricFrame(times, series);
    }

    double[] noisy(String metric, double b, double[] d) {
      double[] v = new double[POINTS];
      double phase = rng.nextDouble() * 2 * Math.PI;
      double drift = 0;
      for (int i = 0; i < POINTS; i++) {
        double add = d == null ? 0 : d[i];
        double x;
        switch (metric) {
          case "latency_ms", "db_query_time_ms" -> {
            x = (b + add) * Math.exp(0.06 * rng.nextGaussian());
            if (rng.nextDouble() < 0.004) {
              x *= 1.5 + rng.nextDouble() * 1.5;
            }
          }
          case "error_rate" -> x = b * (1 + 0.35 * rng.nextGaussian()) + add;
          case "request_rate", "query_rate", "publish_rate" ->
              x =
                  (b + add)
                      * (1
                          + 0.05 * Math.sin(phase + i * 2 * Math.PI / POINTS)
                          + 0.04 * rng.nextGaussian());
          case "cpu_percent" -> {
            x = b + add + 2.5 * rng.nextGaussian();
            if (rng.nextDouble() < 0.003) {
              x += 10 + rng.nextDouble() * 15;
            }
          }
          case "memory_percent" -> {
            drift += 0.1 * rng.nextGaussian();
            x = b + add + drift + 0.8 * rng.nextGaussian();
          }
          case "deadlocks" -> x = poisson(0.05 + add);
          case "hit_ratio" -> x = b + add + 0.006 * rng.nextGaussian();
          case "connection_pool_usage", "connection_usage_percent" ->
              x = b + add + 3 * rng.nextGaussian();
          default -> x = (b + add) * (1 + 0.2 * rng.nextGaussian());
        }
        v[i] = round(clamp(metric, x));
      }
      return v;
    }

    int poisson(double lambda) {
      double l = Math.exp(-lambda);
      double p = 1;
      int k = 0;
      do {
        k++;
        p *= rng.nextDouble();
      } while (p > l && k < 10_000);
      return k - 1;
    }

    static double clamp(String metric, double x) {
      if (metric.endsWith("_percent") || metric.equals("connection_pool_usage")) {
        return Math.max(0, Math.min(100, x));
      }
      if (metric.equals("error_rate") || metric.equals("hit_ratio")) {
        return Math.max(0, Math.min(1, x));
      }
      return Math.max(0, x);
    }

    static double round(double x) {
      return Math.round(x * 1e6) / 1e6;
    }

    // ---- helpers ----

    void put(String r, String metric, double value) {
      base.put(new SeriesKey(r, metric), value);
    }

    double base(String r, String metric) {
      Double b = base.get(new SeriesKey(r, metric));
      if (b == null) {
        throw new IllegalStateException(r + " has no metric " + metric);
      }
      return b;
    }

    double[] deltaOf(String r, String metric) {
      return delta.computeIfAbsent(new SeriesKey(r, metric), k -> new double[POINTS]);
    }

    void addStep(String r, String metric, double size, int on, int ramp) {
      double[] d = deltaOf(r, metric);
      for (int i = on; i < POINTS; i++) {
        d[i] += size * ramp(i, on, ramp);
      }
    }

    static double ramp(int i, int on, int ramp) {
      return i < on ? 0 : Math.min(1, (i - on + 1) / (double) ramp);
    }

    int indexAtOrAfter(long epochSecond) {
      int i = (int) Math.ceil((epochSecond - times[0]) / (double) STEP_SECONDS);
      return Math.max(0, Math.min(POINTS - 1, i));
    }

    String type(String r) {
      return resources.get(r).type();
    }

    List<String> ofType(String type) {
      return resources.keySet().stream().filter(r -> type(r).equals(type)).toList();
    }

    boolean related(String a, String b) {
      return ancestors(a).contains(b) || ancestors(b).contains(a);
    }

    Set<String> ancestors(String r) {
      return ancestorCache.computeIfAbsent(r, this::findAncestors);
    }

    Set<String> findAncestors(String r) {
      Set<String> seen = new HashSet<>();
      Deque<String> queue = new ArrayDeque<>(callers.get(r));
      while (!queue.isEmpty()) {
        String c = queue.poll();
        if (seen.add(c)) {
          queue.addAll(callers.get(c));
        }
      }
      return seen;
    }

    /** Returns the number of hops of the longest caller chain above {@code r}. */
    int depth(String r) {
      return longestCallerChain(r).size() - 1;
    }

    /** Returns {@code r} and its callers up to an entry point, along the longest chain. */
    List<String> longestCallerChain(String r) {
      List<String> known = chainCache.get(r);
      if (known != null) {
        return known;
      }
      List<String> best = List.of(r);
      for (String c : callers.get(r)) {
        List<String> above = longestCallerChain(c);
        if (above.size() + 1 > best.size()) {
          List<String> chain = new ArrayList<>();
          chain.add(r);
          chain.addAll(above);
          best = chain;
        }
      }
      chainCache.put(r, best);
      return best;
    }

    static String key(String from, String to) {
      return from + "\u0000" + to;
    }
  }

  /** Returns the duration of a case. */
  public static Duration window() {
    return Duration.ofSeconds((long) POINTS * STEP_SECONDS);
  }
}
