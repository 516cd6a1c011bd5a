package io.topdeck.monitoring.neo4j;

import static io.topdeck.monitoring.neo4j.TopDeckNeo4j.RESOURCE_IDS;
import static io.topdeck.monitoring.neo4j.TopDeckNeo4j.SQL;
import static io.topdeck.monitoring.neo4j.TopDeckNeo4j.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Neo4jHarnessExtension.class)
class Neo4jTopologyGraphCacheTest {

  private static final String PROBE = "arn:aws:lambda:eu-west-1:123456789012:function:cache-probe";
  private static final Duration TTL = Duration.ofMinutes(5);

  private static TopDeckNeo4j neo4j;

  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;

  @BeforeAll
  static void connect(TopDeckNeo4j server) {
    neo4j = server;
  }

  @AfterEach
  void removeProbe() {
    neo4j.write(
        "MATCH (n) WHERE n.id = $id OR n.id STARTS WITH 'probe-deploy' DETACH DELETE n",
        Map.of("id", PROBE));
  }

  private Neo4jTopologyGraph graph(Neo4jTopologyConfig config) {
    return new Neo4jTopologyGraph(config, Neo4jTopologyGraph.newDriver(config), ticker);
  }

  private void addProbe() {
    neo4j.write(
        "CREATE (:Resource {id: $id, resource_type: 'lambda', cloud_provider: 'aws'})",
        Map.of("id", PROBE));
  }

  @Test
  void readsTheGraphOnceForManyCallsWithinTheTtl() {
    try (Neo4jTopologyGraph graph = graph(neo4j.config().cacheTtl(TTL).build())) {
      for (int i = 0; i < 10; i++) {
        graph.resources();
        graph.resource(WEB);
        graph.dependenciesOf(WEB);
        graph.dependantsOf(SQL);
      }

      assertThat(graph.snapshotLoads()).isEqualTo(1);
    }
  }

  @Test
  void doesNotSeeAChangeInTheGraphUntilRefreshed() {
    try (Neo4jTopologyGraph graph = graph(neo4j.config().cacheTtl(TTL).build())) {
      assertThat(graph.resources()).hasSize(RESOURCE_IDS.size());

      addProbe();

      assertThat(graph.resource(PROBE)).isEmpty();
      graph.refresh();
      assertThat(graph.resource(PROBE)).isPresent();
      assertThat(graph.snapshotLoads()).isEqualTo(2);
    }
  }

  @Test
  void readsTheGraphAgainOnceTheTtlHasPassed() {
    try (Neo4jTopologyGraph graph = graph(neo4j.config().cacheTtl(TTL).build())) {
      graph.resources();
      addProbe();

      nanos.addAndGet(TTL.minusSeconds(1).toNanos());
      assertThat(graph.resource(PROBE)).isEmpty();
      nanos.addAndGet(Duration.ofSeconds(2).toNanos());
      assertThat(graph.resource(PROBE)).isPresent();
    }
  }

  @Test
  void readsTheGraphOnceWhenManyThreadsAskAtTheSameTime() throws Exception {
    try (Neo4jTopologyGraph graph = graph(neo4j.config().cacheTtl(TTL).build())) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      try {
        List<Future<Integer>> sizes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          sizes.add(
              pool.submit(
                  () -> {
                    start.await();
                    return graph.resources().size();
                  }));
        }
        start.countDown();
        for (Future<Integer> size : sizes) {
          assertThat(size.get(30, TimeUnit.SECONDS)).isEqualTo(RESOURCE_IDS.size());
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(graph.snapshotLoads()).isEqualTo(1);
    }
  }

  @Test
  void readsTheGraphOnEveryCallWhenTheTtlIsZero() {
    try (Neo4jTopologyGraph graph = graph(neo4j.config().cacheTtl(Duration.ZERO).build())) {
      graph.resources();
      graph.resources();

      assertThat(graph.snapshotLoads()).isEqualTo(2);
    }
  }

  @Test
  void reusesTheDeploymentsOfAResourceAcrossTimeRanges() {
    try (Neo4jTopologyGraph graph = graph(neo4j.config().cacheTtl(TTL).build())) {
      Instant start = Instant.parse("2026-11-30T00:00:00Z");
      graph.changes(WEB, TimeRange.of(start, Duration.ofDays(1)));
      graph.changes(WEB, TimeRange.of(start, Duration.ofDays(3)));
      neo4j.write(
          "MATCH (r:Resource {id: $id}) CREATE (:Deployment {id: 'probe-deploy-1', version: '3.0',"
              + " deployed_at: '2026-11-30T20:00:00Z'})-[:DEPLOYS_TO]->(r)",
          Map.of("id", WEB));

      assertThat(graph.changes(WEB, TimeRange.of(start, Duration.ofDays(1))))
          .extracting(ChangeEvent::id)
          .doesNotContain("probe-deploy-1");
      assertThat(graph.deploymentLoads()).isEqualTo(1);
      graph.refresh();
      assertThat(graph.changes(WEB, TimeRange.of(start, Duration.ofDays(1))))
          .extracting(ChangeEvent::id)
          .contains("probe-deploy-1");
    }
  }

  @Test
  void failsClearlyWhenTheGraphHoldsMoreResourcesThanAllowed() {
    try (Neo4jTopologyGraph graph = graph(neo4j.config().maxResources(2).build())) {
      assertThatThrownBy(graph::resources)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("more than 2 :Resource nodes")
          .hasMessageContaining("maxResources=2");
    }
  }
}
