package io.topdeck.monitoring.benchmarks.rca;

import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ResourceRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates layered microservice topologies: gateways call tier-1 services, services call services
 * of deeper tiers and use databases, caches, queues and external APIs; batch jobs use databases.
 * Services are grouped in domains and mostly call within their domain, as teams' services do. Every
 * {@code DEPENDS_ON} edge goes to a deeper tier, so the dependency graph has no cycle; a few {@code
 * CONNECTS_TO} edges stand for network connections that are not runtime dependencies.
 */
final class TopologyGenerator {

  static final String GATEWAY = "api_gateway";
  static final String SERVICE = "service";
  static final String DATABASE = "sql_database";
  static final String CACHE = "cache";
  static final String QUEUE = "queue";
  static final String EXTERNAL = "external_api";
  static final String BATCH = "batch_job";

  private static final String[] WORDS = {
    "orders",
    "checkout",
    "cart",
    "catalog",
    "pricing",
    "payments",
    "billing",
    "shipping",
    "inventory",
    "search",
    "users",
    "auth",
    "reviews",
    "recommend",
    "notify",
    "ledger",
    "fraud",
    "coupons",
    "returns",
    "media"
  };
  private static final String[] EXTERNAL_NAMES = {
    "api.stripe-like.example",
    "api.maps.example",
    "api.sms.example",
    "api.tax.example",
    "api.fx-rates.example",
    "api.email.example"
  };

  private TopologyGenerator() {}

  /** A generated topology with the tier of each resource (0 = entry, larger = deeper). */
  record Generated(CaseTopology topology, Map<String, Integer> tiers) {}

  static Generated generate(int size, SplittableRandom rng) {
    if (size < 10) {
      throw new IllegalArgumentException("size must be at least 10, but was " + size);
    }
    int gateways = Math.max(1, (int) Math.round(size * 0.02));
    int batches = Math.max(1, (int) Math.round(size * 0.02));
    int databases = Math.max(2, (int) Math.round(size * 0.12));
    int caches = Math.max(1, (int) Math.round(size * 0.06));
    int queues = Math.max(1, (int) Math.round(size * 0.04));
    int externals = Math.max(1, (int) Math.round(size * 0.03));
    int services = size - gateways - batches - databases - caches - queues - externals;
    int serviceTiers = size < 30 ? 2 : size < 300 ? 3 : 4;
    int domains = Math.max(1, size / 50);
    Builder b = new Builder(rng, domains);

    List<List<String>> tiers = new ArrayList<>();
    tiers.add(b.add("gw", GATEWAY, gateways, 0));
    List<String> batchIds = b.add("batch", BATCH, batches, 0);
    int tier1 = Math.max(1, (int) Math.round(services * (serviceTiers == 2 ? 0.5 : 0.3)));
    int rest = services - tier1;
    tiers.add(b.add("svc", SERVICE, tier1, 1));
    for (int t = 2; t <= serviceTiers; t++) {
      int count = rest / (serviceTiers - 1) + (t - 2 < rest % (serviceTiers - 1) ? 1 : 0);
      tiers.add(b.add("svc", SERVICE, Math.max(1, count), t));
    }
    int storeTier = serviceTiers + 1;
    List<String> dbs = b.add("db", DATABASE, databases, storeTier);
    List<String> cacheIds = b.add("cache", CACHE, caches, storeTier);
    List<String> queueIds = b.add("mq", QUEUE, queues, storeTier);
    List<String> extIds = b.add("ext", EXTERNAL, externals, storeTier);

    for (String gw : tiers.get(0)) {
      int fanOut = Math.min(tiers.get(1).size(), 2 + rng.nextInt(5));
      for (String target : b.pick(tiers.get(1), fanOut, gw)) {
        b.edge(gw, target, "http", 0.6 + 0.4 * rng.nextDouble());
      }
    }
    for (int t = 1; t <= serviceTiers; t++) {
      for (String svc : tiers.get(t)) {
        if (t < serviceTiers) {
          int fanOut = 1 + rng.nextInt(3);
          for (int k = 0; k < fanOut; k++) {
            int target = t + 1 + (rng.nextDouble() < 0.7 ? 0 : rng.nextInt(serviceTiers - t));
            b.pick(tiers.get(target), 1, svc)
                .forEach(to -> b.edge(svc, to, "http", 0.4 + 0.6 * rng.nextDouble()));
          }
        }
        double dbChance = t == serviceTiers ? 0.9 : 0.5;
        if (rng.nextDouble() < dbChance) {
          b.pick(dbs, 1, svc).forEach(to -> b.edge(svc, to, "database", 1.0));
          if (rng.nextDouble() < 0.35) {
            b.pick(cacheIds, 1, svc).forEach(to -> b.edge(svc, to, "cache", 0.8));
          }
        }
        if (rng.nextDouble() < 0.2) {
          b.pick(queueIds, 1, svc).forEach(to -> b.edge(svc, to, "queue", 0.5));
        }
        if (rng.nextDouble() < 0.1) {
          b.pick(extIds, 1, svc).forEach(to -> b.edge(svc, to, "external", 0.7));
        }
      }
    }
    for (String batch : batchIds) {
      b.pick(dbs, 1, batch).forEach(to -> b.edge(batch, to, "database", 1.0));
    }
    // Every service, store and external API has a caller; a cache's callers also use a database.
    for (int t = 1; t <= serviceTiers; t++) {
      for (String svc : tiers.get(t)) {
        if (!b.hasCaller(svc)) {
          b.pick(tiers.get(t - 1), 1, svc).forEach(from -> b.edge(from, svc, "http", 0.8));
        }
      }
    }
    List<String> deepest = tiers.get(serviceTiers);
    for (String db : dbs) {
      if (!b.hasCaller(db)) {
        b.pick(deepest, 1, db).forEach(from -> b.edge(from, db, "database", 1.0));
      }
    }
    for (List<String> stores : List.of(cacheIds, queueIds, extIds)) {
      for (String store : stores) {
        if (!b.hasCaller(store)) {
          String category = category(b.types.get(store));
          b.pick(deepest, 1, store).forEach(from -> b.edge(from, store, category, 0.7));
        }
      }
    }
    for (String cache : cacheIds) {
      for (String caller : b.callers(cache)) {
        if (b.dependencies(caller).stream().noneMatch(dbs::contains)) {
          b.pick(dbs, 1, caller).forEach(to -> b.edge(caller, to, "database", 1.0));
        }
      }
    }
    List<String> all = new ArrayList<>(b.resources.keySet());
    for (String svc : all) {
      if (b.types.get(svc).equals(SERVICE) && rng.nextDouble() < 0.05) {
        String other = all.get(rng.nextInt(all.size()));
        if (!other.equals(svc) && !b.linked(svc, other)) {
          b.edges.add(new Dependency(svc, other, Dependency.Type.CONNECTS_TO, "network", 0.1));
        }
      }
    }
    return new Generated(
        new CaseTopology(new ArrayList<>(b.resources.values()), b.edges), Map.copyOf(b.tiers));
  }

  private static String category(String type) {
    return switch (type) {
      case CACHE -> "cache";
      case QUEUE -> "queue";
      case DATABASE -> "database";
      case EXTERNAL -> "external";
      default -> "http";
    };
  }

  private static final class Builder {
    final SplittableRandom rng;
    final int domains;
    final Map<String, ResourceRef> resources = new LinkedHashMap<>();
    final Map<String, String> types = new LinkedHashMap<>();
    final Map<String, Integer> tiers = new LinkedHashMap<>();
    final Map<String, Integer> domainOf = new LinkedHashMap<>();
    final List<Dependency> edges = new ArrayList<>();
    final Set<String> edgeKeys = new HashSet<>();

    Builder(SplittableRandom rng, int domains) {
      this.rng = rng;
      this.domains = domains;
    }

    List<String> add(String prefix, String type, int count, int tier) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String id = prefix + "-" + (resources.size());
        String name = name(type, resources.size());
        int domain = i % domains;
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("service", name);
        tags.put("tier", Integer.toString(tier));
        tags.put("team", "team-" + domain);
        tags.put("region", domain % 3 == 0 ? "westeurope" : "northeurope");
        resources.put(id, new ResourceRef(id, type, name, tags));
        types.put(id, type);
        tiers.put(id, tier);
        domainOf.put(id, domain);
        ids.add(id);
      }
      return ids;
    }

    String name(String type, int index) {
      String word = WORDS[index % WORDS.length];
      return switch (type) {
        case GATEWAY -> "gateway-" + index;
        case DATABASE -> word + "-db-" + index;
        case CACHE -> word + "-redis-" + index;
        case QUEUE -> word + "-queue-" + index;
        case EXTERNAL ->
            EXTERNAL_NAMES[index % EXTERNAL_NAMES.length].replace(".example", "")
                + "-"
                + index
                + ".example";
        case BATCH -> word + "-batch-" + index;
        default -> word + "-svc-" + index;
      };
    }

    /** Picks {@code count} distinct targets, mostly from the domain of {@code near}. */
    List<String> pick(List<String> from, int count, String near) {
      List<String> picked = new ArrayList<>();
      int domain = domainOf.get(near);
      List<String> local = from.stream().filter(id -> domainOf.get(id) == domain).toList();
      for (int attempt = 0; picked.size() < count && attempt < count * 8; attempt++) {
        List<String> pool = !local.isEmpty() && rng.nextDouble() < 0.8 ? local : from;
        String id = pool.get(rng.nextInt(pool.size()));
        if (!picked.contains(id) && !id.equals(near)) {
          picked.add(id);
        }
      }
      return picked;
    }

    void edge(String from, String to, String category, double strength) {
      if (edgeKeys.add(from + "\u0000" + to)) {
        edges.add(new Dependency(from, to, Dependency.Type.DEPENDS_ON, category, strength));
      }
    }

    boolean linked(String a, String b) {
      return edgeKeys.contains(a + "\u0000" + b) || edgeKeys.contains(b + "\u0000" + a);
    }

    boolean hasCaller(String id) {
      return edges.stream().anyMatch(e -> e.toId().equals(id));
    }

    List<String> callers(String id) {
      return edges.stream().filter(e -> e.toId().equals(id)).map(Dependency::fromId).toList();
    }

    List<String> dependencies(String id) {
      return edges.stream().filter(e -> e.fromId().equals(id)).map(Dependency::toId).toList();
    }
  }
}
