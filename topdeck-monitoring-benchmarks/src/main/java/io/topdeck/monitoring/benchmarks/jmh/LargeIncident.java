package io.topdeck.monitoring.benchmarks.jmh;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.IncidentContext;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Severity;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;

/**
 * A generated large estate and one incident in it: 10,000 resources in five tiers (gateways, front
 * services, back-end services, internal services, data stores), 50,000 dependency edges pointing
 * down the tiers, 2,000 unrelated deployments in the day before, and a deadlock incident under one
 * front service, caused by a deployment, two hours before the onset, of the internal service that
 * queries the database (a release further up reaches the database only through more requests, which
 * nothing in between shows), among unrelated noise.
 */
public final class LargeIncident {

  /** The resources per tier, top to bottom. */
  static final int[] TIERS = {50, 2_000, 4_000, 2_950, 1_000};

  /** The edges of the estate. */
  public static final int EDGES = 50_000;

  /** When the incident began. */
  public static final Instant ONSET = Instant.parse("2026-12-01T09:45:00Z");

  /** The deployment the analysis should blame. */
  public final ChangeEvent culprit;

  /** The estate. */
  public final InMemoryTopologyGraph graph;

  /** What the detectors and platforms reported about the incident. */
  public final IncidentContext context;

  /** The database where the deadlocks happen. */
  public final String database;

  private LargeIncident(
      InMemoryTopologyGraph graph, IncidentContext context, ChangeEvent culprit, String database) {
    this.graph = graph;
    this.context = context;
    this.culprit = culprit;
    this.database = database;
  }

  /** Returns the estate and incident generated from {@code seed}. */
  public static LargeIncident generate(long seed) {
    Random random = new Random(seed);
    List<List<String>> tiers = new ArrayList<>();
    InMemoryTopologyGraph.Builder b = InMemoryTopologyGraph.builder();
    String[] types = {"api_gateway", "web_app", "web_app", "service", "sql_database"};
    for (int t = 0; t < TIERS.length; t++) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < TIERS[t]; i++) {
        String id = "t" + t + "-" + i;
        String type = t == 4 && i % 3 == 1 ? "redis" : t == 4 && i % 3 == 2 ? "queue" : types[t];
        b.resource(ResourceRef.of(id, type, Map.of("service", id)));
        ids.add(id);
      }
      tiers.add(ids);
    }
    // The incident's path: a front service, a back-end service, an internal service, a database.
    String front = tiers.get(1).get(7);
    String backend = tiers.get(2).get(11);
    String internal = tiers.get(3).get(13);
    String db = tiers.get(4).get(0);
    Set<List<String>> edges = new HashSet<>();
    addEdge(b, edges, front, backend, "http");
    addEdge(b, edges, backend, internal, "http");
    addEdge(b, edges, internal, db, "database");
    int nonLeaves = TIERS[0] + TIERS[1] + TIERS[2] + TIERS[3];
    while (edges.size() < EDGES) {
      int from = random.nextInt(nonLeaves);
      int tier = tierOf(from);
      String fromId = "t" + tier + "-" + (from - offset(tier));
      // Mostly the next tier down, sometimes further, as real call graphs skip layers.
      int toTier = Math.min(4, tier + 1 + (random.nextInt(10) < 2 ? random.nextInt(3) : 0));
      String toId = tiers.get(toTier).get(random.nextInt(TIERS[toTier]));
      addEdge(b, edges, fromId, toId, toTier == 4 ? "database" : "http");
    }
    Instant deployed = ONSET.minus(Duration.ofHours(2));
    ChangeEvent culprit =
        ChangeEvent.deployment("deploy-culprit", deployed, internal, "v2.0", "v1.9");
    b.change(culprit);
    for (int i = 0; i < 2_000; i++) {
      int tier = 1 + random.nextInt(3);
      String target = tiers.get(tier).get(random.nextInt(TIERS[tier]));
      if (!target.equals(internal)) {
        Instant at = ONSET.minus(Duration.ofMinutes(10 + random.nextInt(24 * 60 - 20)));
        b.change(ChangeEvent.deployment("deploy-" + i, at, target, "v" + i, "v" + (i - 1)));
      }
    }
    InMemoryTopologyGraph graph = b.build();
    TimeRange window = new TimeRange(ONSET.minus(Duration.ofHours(1)), ONSET.plusSeconds(2_700));
    List<Anomaly> anomalies = new ArrayList<>();
    anomalies.add(anomaly(db, "averageQueryTimeMs", ONSET, 12, 180));
    anomalies.add(anomaly(db, "deadlocks", ONSET, 0.02, 3));
    anomalies.add(anomaly(internal, "p95ResponseTimeMs", ONSET.plusSeconds(60), 40, 900));
    anomalies.add(anomaly(backend, "p95ResponseTimeMs", ONSET.plusSeconds(90), 60, 1_200));
    anomalies.add(anomaly(front, "errorRate", ONSET.plusSeconds(120), 0.01, 0.05));
    anomalies.add(anomaly(front, "p95ResponseTimeMs", ONSET.plusSeconds(120), 200, 1_500));
    // Unrelated noise across the estate: 40 anomalies on random resources.
    for (int i = 0; i < 40; i++) {
      int tier = random.nextInt(TIERS.length);
      String id = tiers.get(tier).get(random.nextInt(TIERS[tier]));
      Instant at = ONSET.plusSeconds(random.nextInt(2_400) - 1_200);
      anomalies.add(anomaly(id, "cpuPercent", at, 30, 70));
    }
    List<ErrorEvent> errors = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Instant at = ONSET.plusSeconds(30 + 45L * i);
      errors.add(deadlock("dl-" + i, db, at));
      errors.add(http500("e500-" + i, front, at.plusSeconds(3)));
    }
    IncidentContext context = new IncidentContext(front, window, errors, anomalies, List.of());
    return new LargeIncident(graph, context, culprit, db);
  }

  private static void addEdge(
      InMemoryTopologyGraph.Builder b, Set<List<String>> edges, String from, String to, String c) {
    if (edges.add(List.of(from, to))) {
      b.dependsOn(from, to, c);
    }
  }

  private static int tierOf(int index) {
    int t = 0;
    while (index >= offset(t + 1)) {
      t++;
    }
    return t;
  }

  private static int offset(int tier) {
    int sum = 0;
    for (int i = 0; i < tier; i++) {
      sum += TIERS[i];
    }
    return sum;
  }

  private static Anomaly anomaly(
      String resourceId, String metric, Instant onset, double baseline, double value) {
    return new Anomaly(
        metric,
        resourceId,
        onset.plusSeconds(60),
        onset,
        Severity.HIGH,
        baseline,
        value,
        15,
        0.95,
        metric + " of " + resourceId + " rose");
  }

  private static ErrorEvent deadlock(String id, String db, Instant at) {
    return new ErrorEvent(
        id,
        "bench",
        Optional.of(db),
        at,
        "SqlException",
        "Transaction was deadlocked on lock resources with another process and has been chosen"
            + " as the deadlock victim.",
        "",
        Optional.empty(),
        4,
        OptionalLong.empty(),
        Map.of("error_code", "1205", "table", "Orders"));
  }

  private static ErrorEvent http500(String id, String service, Instant at) {
    return new ErrorEvent(
        id,
        "bench",
        Optional.empty(),
        at,
        "HttpServerErrorException",
        "500 Internal Server Error on POST /api/orders",
        "",
        Optional.empty(),
        20,
        OptionalLong.empty(),
        Map.of("service", service));
  }
}
