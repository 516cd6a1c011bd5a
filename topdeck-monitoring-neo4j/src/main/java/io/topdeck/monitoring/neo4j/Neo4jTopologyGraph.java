package io.topdeck.monitoring.neo4j;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.api.TopologyGraph;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionCallback;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.Value;
import org.neo4j.driver.exceptions.Neo4jException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TopologyGraph} of TopDeck's Neo4j graph, read with the official driver.
 *
 * <h2>What it reads</h2>
 *
 * <ul>
 *   <li>Every {@code :Resource} node with an {@code id} (an ARM id or an ARN) becomes a {@link
 *       ResourceRef}: type from {@code resource_type} ({@code unknown} when absent), name from
 *       {@code name}, else {@code display_name}, else the id; attributes {@code region}, {@code
 *       cloud_provider}, {@code status}, {@code health_status}, {@code environment}, {@code
 *       resource_group} and {@code subscription_id} when present, and each tag as {@code tag.<key>}
 *       (see {@link TopDeckMapping} for the tag forms read). When two nodes share an id the first
 *       one read wins and the other is logged.
 *   <li>Every {@code DEPENDS_ON} and {@code CONNECTS_TO} relationship between two such nodes
 *       becomes a {@link Dependency}. Its category is the relationship's {@code category}; a {@code
 *       CONNECTS_TO} without one takes its {@code protocol}, else {@code network}, and a {@code
 *       DEPENDS_ON} without one is {@code unknown}. Its strength is {@code strength}, defaulting to
 *       1.0 for {@code DEPENDS_ON} and 0.5 for {@code CONNECTS_TO}; values outside [0, 1] are
 *       clamped and non-numbers replaced by the default, each logged. Self-loops are skipped and
 *       logged. Several relationships of one type between the same two resources become one edge,
 *       the strongest (the first read on a tie), and are logged: like the in-memory graph, the
 *       topology holds one edge per direction and type.
 *   <li>Every {@code :Deployment} linked to a resource, by a {@code DEPLOYS_TO} relationship or by
 *       its {@code target_resources} list, becomes a {@link ChangeEvent.ChangeType#DEPLOYMENT}
 *       change with {@code version}, {@code previous_version}, {@code status} as written (for
 *       example {@code success} or {@code failed}), {@code deployed_at} as the time, and the union
 *       of both kinds of link as targets. A deployment without a readable {@code deployed_at} is
 *       skipped and logged. Attributes carry {@code pipeline_name}, {@code deployed_by}, {@code
 *       commit_sha}, {@code environment}, {@code run_number} and {@code change_ticket_id}.
 * </ul>
 *
 * <p>Nodes of other labels (pods, applications, identities) and other relationship types are not
 * read. The {@code dependency_type} of an edge ({@code required}, {@code optional}) is not carried:
 * {@link Dependency} has no field for it, so only the strength expresses it.
 *
 * <h2>Caching</h2>
 *
 * <p>Resources and edges are read together, in one read transaction, as one snapshot, which is
 * served for {@link Neo4jTopologyConfig#cacheTtl()} and then read again on the next call: an
 * analysis that walks many edges costs no round trip per edge, and all callers see one consistent
 * graph. The snapshot is bounded by {@link Neo4jTopologyConfig#maxResources()} resources and 50
 * times as many edges; a larger graph fails with a {@link ConfigurationException} that says so.
 * Deployments are read per resource (all of that resource's deployments, bounded by the same limit)
 * and cached per resource for the same TTL, so repeated analyses over different time ranges reuse
 * them. {@link #refresh()} drops everything cached.
 *
 * <h2>Failures</h2>
 *
 * <p>Every query is parameterised and runs in a read transaction ({@code executeRead}) with the
 * configured timeout. Driver failures become {@link MonitoringException}s of platform {@code
 * neo4j}: unreachable server as {@code UNAVAILABLE}, refused credentials as {@code UNAUTHORIZED},
 * rejected queries as {@code BAD_QUERY}, timeouts as {@code TIMEOUT}, a missing database as {@code
 * NOT_FOUND}. No message holds the password.
 *
 * <p>Instances are safe for use by several threads. Construction does no I/O.
 */
public final class Neo4jTopologyGraph implements TopologyGraph, AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(Neo4jTopologyGraph.class);

  /** Edges allowed per allowed resource. */
  static final int EDGES_PER_RESOURCE = 50;

  private static final String SNAPSHOT_KEY = "snapshot";

  private static final String RESOURCES_QUERY =
      """
      MATCH (r:Resource)
      WHERE r.id IS NOT NULL
      RETURN r.id AS id, r.resource_type AS type, r.name AS name,
             r.display_name AS displayName,
             r {.region, .cloud_provider, .status, .health_status, .environment,
                .resource_group, .subscription_id} AS attrs,
             r.tags AS tags,
             [k IN keys(r) WHERE k STARTS WITH $flatTagPrefix
                | [substring(k, size($flatTagPrefix)), r[k]]] AS flatTags
      LIMIT $limit
      """;

  private static final String EDGES_QUERY =
      """
      MATCH (a:Resource)-[e:DEPENDS_ON|CONNECTS_TO]->(b:Resource)
      WHERE a.id IS NOT NULL AND b.id IS NOT NULL
      RETURN a.id AS fromId, b.id AS toId, type(e) AS type, e.category AS category,
             e.protocol AS protocol, e.strength AS strength
      LIMIT $limit
      """;

  // A JSON target list is matched on the quoted id, so one id never matches a longer one; the
  // match is confirmed in Java after parsing the list.
  private static final String DEPLOYMENTS_QUERY =
      """
      MATCH (d:Deployment)
      WHERE EXISTS { MATCH (d)-[:DEPLOYS_TO]->(:Resource {id: $id}) }
         OR (valueType(d.target_resources) STARTS WITH 'LIST' AND $id IN d.target_resources)
         OR (valueType(d.target_resources) STARTS WITH 'STRING'
             AND d.target_resources CONTAINS $quotedId)
      OPTIONAL MATCH (d)-[:DEPLOYS_TO]->(t:Resource)
      WITH d, [x IN collect(t.id) WHERE x IS NOT NULL] AS linked
      RETURN d.id AS id, elementId(d) AS elementId, d.version AS version,
             d.previous_version AS previousVersion, d.deployed_at AS deployedAt,
             d.status AS status, d.target_resources AS targetResources, linked,
             d {.pipeline_name, .deployed_by, .commit_sha, .environment, .run_number,
                .change_ticket_id} AS attrs
      LIMIT $limit
      """;

  private final Neo4jTopologyConfig config;
  private final Driver driver;
  private final LoadingCache<String, TopologySnapshot> snapshots;
  private final LoadingCache<String, List<ChangeEvent>> deployments;
  private final AtomicLong snapshotLoads = new AtomicLong();
  private final AtomicLong deploymentLoads = new AtomicLong();

  /**
   * Creates a graph reading through a new driver, which {@link #close()} closes. No connection is
   * made until the first call.
   */
  public Neo4jTopologyGraph(Neo4jTopologyConfig config) {
    this(config, newDriver(config), Ticker.systemTicker());
  }

  Neo4jTopologyGraph(Neo4jTopologyConfig config, Driver driver, Ticker ticker) {
    this.config = Objects.requireNonNull(config, "config");
    this.driver = Objects.requireNonNull(driver, "driver");
    long ttlNanos = config.cacheTtl().toNanos();
    this.snapshots =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterWrite(ttlNanos, TimeUnit.NANOSECONDS)
            .maximumSize(1)
            .build(key -> loadSnapshot());
    this.deployments =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterWrite(ttlNanos, TimeUnit.NANOSECONDS)
            .maximumSize(10_000)
            .build(this::loadDeployments);
  }

  static Driver newDriver(Neo4jTopologyConfig config) {
    Config driverConfig =
        Config.builder()
            .withConnectionTimeout(config.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .withMaxTransactionRetryTime(config.maxRetryTime().toMillis(), TimeUnit.MILLISECONDS)
            .withUserAgent("topdeck-monitoring")
            // The driver's own log goes where the host sends this library's: through SLF4J.
            .withLogging(Logging.slf4j())
            .build();
    return GraphDatabase.driver(
        config.uri(), AuthTokens.basic(config.user(), config.password().reveal()), driverConfig);
  }

  @Override
  public Optional<ResourceRef> resource(String id) {
    Objects.requireNonNull(id, "id");
    return Optional.ofNullable(snapshot().resources().get(id));
  }

  @Override
  public Collection<ResourceRef> resources() {
    return snapshot().resources().values();
  }

  @Override
  public List<Dependency> dependenciesOf(String id) {
    Objects.requireNonNull(id, "id");
    return snapshot().outgoing(id);
  }

  @Override
  public List<Dependency> dependantsOf(String id) {
    Objects.requireNonNull(id, "id");
    return snapshot().incoming(id);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Returns the deployments of {@code resourceId} whose time lies in the half-open {@code
   * range}, oldest first (ties by id).
   */
  @Override
  public List<ChangeEvent> changes(String resourceId, TimeRange range) {
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(range, "range");
    List<ChangeEvent> all = deployments.get(resourceId);
    return all.stream().filter(c -> range.contains(c.time())).toList();
  }

  /**
   * Checks that the server is reachable and accepts the credentials.
   *
   * @throws MonitoringException when it does not
   */
  public void verifyConnectivity() {
    try {
      driver.verifyConnectivity();
    } catch (Neo4jException e) {
      throw Neo4jErrors.map(e, "Connecting", config.uri(), config.password());
    }
  }

  /** Drops the cached snapshot and deployments, so that the next call reads the graph again. */
  public void refresh() {
    snapshots.invalidateAll();
    deployments.invalidateAll();
  }

  /** Closes the driver. */
  @Override
  public void close() {
    driver.close();
  }

  /** Returns how many snapshots were read from the graph: for tests of the cache. */
  long snapshotLoads() {
    return snapshotLoads.get();
  }

  /** Returns how many per-resource deployment lists were read: for tests of the cache. */
  long deploymentLoads() {
    return deploymentLoads.get();
  }

  @Override
  public String toString() {
    return "Neo4jTopologyGraph[" + config + "]";
  }

  private TopologySnapshot snapshot() {
    return snapshots.get(SNAPSHOT_KEY);
  }

  private TopologySnapshot loadSnapshot() {
    snapshotLoads.incrementAndGet();
    long started = System.nanoTime();
    LoadReport report = new LoadReport();
    TopologySnapshot snapshot =
        read(
            "Reading the topology",
            tx -> {
              int resourceLimit = config.maxResources();
              List<Record> resourceRows =
                  tx.run(
                          RESOURCES_QUERY,
                          Map.of(
                              "limit",
                              resourceLimit + 1L,
                              "flatTagPrefix",
                              TopDeckMapping.FLAT_TAG_PREFIX))
                      .list();
              if (resourceRows.size() > resourceLimit) {
                throw tooLarge("more than " + resourceLimit + " :Resource nodes", "maxResources");
              }
              long edgeLimit = (long) resourceLimit * EDGES_PER_RESOURCE;
              List<Record> edgeRows = tx.run(EDGES_QUERY, Map.of("limit", edgeLimit + 1)).list();
              if (edgeRows.size() > edgeLimit) {
                throw tooLarge(
                    "more than "
                        + edgeLimit
                        + " DEPENDS_ON/CONNECTS_TO relationships ("
                        + EDGES_PER_RESOURCE
                        + " per allowed resource)",
                    "maxResources");
              }
              Map<String, ResourceRef> resources = resources(resourceRows, report);
              return new TopologySnapshot(
                  resources.values(), edges(edgeRows, resources.keySet(), report));
            });
    report.log(logger, "Reading the topology");
    logger.debug(
        "Read {} resources and {} edges from Neo4j in {} ms",
        snapshot.resources().size(),
        snapshot.edgeCount(),
        (System.nanoTime() - started) / 1_000_000);
    return snapshot;
  }

  private ConfigurationException tooLarge(String what, String setting) {
    return new ConfigurationException(
        "The Neo4j graph at "
            + config.uri()
            + " holds "
            + what
            + ", beyond the configured "
            + setting
            + "="
            + config.maxResources()
            + "; raise "
            + setting
            + " if the memory allows it");
  }

  private static Map<String, ResourceRef> resources(List<Record> rows, LoadReport report) {
    Map<String, ResourceRef> result = new LinkedHashMap<>();
    for (Record row : rows) {
      Optional<String> id = TopDeckMapping.text(row.get("id"));
      if (id.isEmpty()) {
        report.note("a :Resource with a blank or non-text id");
        continue;
      }
      if (result.containsKey(id.get())) {
        report.note(id.get() + ": a second :Resource with this id, ignored");
        continue;
      }
      result.put(id.get(), resource(id.get(), row, report));
    }
    return result;
  }

  private static ResourceRef resource(String id, Record row, LoadReport report) {
    String type = TopDeckMapping.text(row.get("type")).orElse("unknown");
    String name =
        TopDeckMapping.text(row.get("name"))
            .or(() -> TopDeckMapping.text(row.get("displayName")))
            .orElse(id);
    Map<String, String> attributes = new LinkedHashMap<>();
    Value attrs = row.get("attrs");
    for (String key : attrs.keys()) {
      TopDeckMapping.text(attrs.get(key)).ifPresent(v -> attributes.put(key, v));
    }
    TopDeckMapping.tags(row.get("tags"), row.get("flatTags"), id, report)
        .forEach((k, v) -> attributes.put(TopDeckMapping.TAG_PREFIX + k, v));
    return new ResourceRef(id, type, name, attributes);
  }

  private static List<Dependency> edges(
      List<Record> rows, Set<String> resources, LoadReport report) {
    Map<List<Object>, Dependency> byKey = new LinkedHashMap<>();
    for (Record row : rows) {
      String from = TopDeckMapping.text(row.get("fromId")).orElse("");
      String to = TopDeckMapping.text(row.get("toId")).orElse("");
      Dependency.Type type = Dependency.Type.valueOf(row.get("type").asString());
      String edge = from + " -" + type + "-> " + to;
      if (!resources.contains(from) || !resources.contains(to)) {
        report.note(edge + ": an end is not a resource read, skipped");
        continue;
      }
      if (from.equals(to)) {
        report.note(edge + ": a self-loop, skipped");
        continue;
      }
      String category =
          TopDeckMapping.text(row.get("category"))
              .or(
                  () ->
                      type == Dependency.Type.CONNECTS_TO
                          ? TopDeckMapping.text(row.get("protocol"))
                              .or(() -> Optional.of("network"))
                          : Optional.of("unknown"))
              .orElseThrow();
      double fallback =
          type == Dependency.Type.DEPENDS_ON
              ? TopDeckMapping.DEFAULT_DEPENDS_ON_STRENGTH
              : TopDeckMapping.DEFAULT_CONNECTS_TO_STRENGTH;
      double strength = TopDeckMapping.strength(row.get("strength"), fallback, edge, report);
      Dependency dependency = new Dependency(from, to, type, category, strength);
      byKey.merge(
          List.of(from, to, type),
          dependency,
          (a, b) -> {
            report.note(edge + ": several relationships, kept the strongest");
            return a.strength() >= b.strength() ? a : b;
          });
    }
    return List.copyOf(byKey.values());
  }

  private List<ChangeEvent> loadDeployments(String resourceId) {
    deploymentLoads.incrementAndGet();
    LoadReport report = new LoadReport();
    int limit = config.maxResources();
    List<ChangeEvent> events =
        read(
            "Reading the deployments of " + resourceId,
            tx -> {
              List<Record> rows =
                  tx.run(
                          DEPLOYMENTS_QUERY,
                          Map.of(
                              "id",
                              resourceId,
                              "quotedId",
                              TopDeckMapping.jsonString(resourceId),
                              "limit",
                              limit + 1L))
                      .list();
              if (rows.size() > limit) {
                throw tooLarge(
                    "more than " + limit + " deployments of " + resourceId, "maxResources");
              }
              List<ChangeEvent> result = new ArrayList<>();
              for (Record row : rows) {
                deployment(row, resourceId, report).ifPresent(result::add);
              }
              return result;
            });
    report.log(logger, "Reading the deployments of " + resourceId);
    return events.stream()
        .sorted(Comparator.comparing(ChangeEvent::time).thenComparing(ChangeEvent::id))
        .toList();
  }

  private static Optional<ChangeEvent> deployment(
      Record row, String resourceId, LoadReport report) {
    String id =
        TopDeckMapping.text(row.get("id"))
            .orElseGet(() -> "neo4j:" + row.get("elementId").asString());
    Set<String> targets = new LinkedHashSet<>();
    for (Value linked : row.get("linked").values()) {
      TopDeckMapping.text(linked).ifPresent(targets::add);
    }
    targets.addAll(TopDeckMapping.targets(row.get("targetResources"), id, report));
    if (!targets.contains(resourceId)) {
      // The text match on the JSON list was a false positive (an escaped form, say).
      return Optional.empty();
    }
    Optional<Instant> time = TopDeckMapping.instant(row.get("deployedAt"));
    if (time.isEmpty()) {
      report.note(id + ": deployed_at missing or unreadable (" + row.get("deployedAt") + ")");
      return Optional.empty();
    }
    Optional<String> version = TopDeckMapping.text(row.get("version"));
    Optional<String> previous = TopDeckMapping.text(row.get("previousVersion"));
    Optional<String> status = TopDeckMapping.text(row.get("status"));
    Map<String, String> attributes = new LinkedHashMap<>();
    Value attrs = row.get("attrs");
    for (String key : attrs.keys()) {
      TopDeckMapping.text(attrs.get(key)).ifPresent(v -> attributes.put(key, v));
    }
    return Optional.of(
        new ChangeEvent(
            id,
            ChangeEvent.ChangeType.DEPLOYMENT,
            time.get(),
            List.copyOf(targets),
            version,
            previous,
            status,
            description(version, previous, status),
            attributes));
  }

  private static String description(
      Optional<String> version, Optional<String> previous, Optional<String> status) {
    StringBuilder s = new StringBuilder("Deployed ").append(version.orElse("an unknown version"));
    previous.ifPresent(p -> s.append(" replacing ").append(p));
    status.ifPresent(st -> s.append(" (").append(st).append(')'));
    return s.toString();
  }

  private <T> T read(String action, TransactionCallback<T> work) {
    SessionConfig.Builder session = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ);
    if (!config.database().isEmpty()) {
      session.withDatabase(config.database());
    }
    TransactionConfig tx =
        TransactionConfig.builder()
            .withTimeout(config.queryTimeout())
            .withMetadata(Map.of("app", "topdeck-monitoring"))
            .build();
    try (Session s = driver.session(session.build())) {
      return s.executeRead(work, tx);
    } catch (Neo4jException e) {
      throw Neo4jErrors.map(e, action, config.uri(), config.password());
    }
  }
}
