package io.topdeck.monitoring.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.MonitoringException.Kind;
import io.topdeck.monitoring.api.Secret;
import io.topdeck.monitoring.api.TimeRange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Neo4jHarnessExtension.class)
class Neo4jTopologyGraphFailureTest {

  private static final String WRONG_PASSWORD = "Wrong-Password-Sentinel-5521";

  private static TopDeckNeo4j neo4j;

  @BeforeAll
  static void connect(TopDeckNeo4j server) {
    neo4j = server;
  }

  @Test
  void reportsAWrongPasswordAsUnauthorizedWithoutThePassword() {
    Neo4jTopologyConfig config = neo4j.config().password(Secret.of(WRONG_PASSWORD)).build();
    try (Neo4jTopologyGraph graph = new Neo4jTopologyGraph(config)) {
      MonitoringException e = catchThrowableOfType(MonitoringException.class, graph::resources);

      assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
      assertThat(e.platform()).isEqualTo("neo4j");
      assertThat(e.getMessage())
          .contains("Reading the topology failed at " + neo4j.boltUri())
          .doesNotContain(WRONG_PASSWORD)
          .doesNotContain(TopDeckNeo4j.PASSWORD);
    }
  }

  @Test
  void reportsAWrongPasswordOnAConnectivityCheckToo() {
    Neo4jTopologyConfig config = neo4j.config().password(Secret.of(WRONG_PASSWORD)).build();
    try (Neo4jTopologyGraph graph = new Neo4jTopologyGraph(config)) {
      MonitoringException e =
          catchThrowableOfType(MonitoringException.class, graph::verifyConnectivity);

      assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED);
      assertThat(e.getMessage()).doesNotContain(WRONG_PASSWORD);
    }
  }

  @Test
  void reportsAnUnreachablePortAsUnavailable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Neo4jTopologyConfig config =
        neo4j
            .config()
            .uri("bolt://127.0.0.1:" + port)
            .connectionTimeout(Duration.ofSeconds(2))
            .build();
    try (Neo4jTopologyGraph graph = new Neo4jTopologyGraph(config)) {
      MonitoringException e =
          catchThrowableOfType(
              MonitoringException.class,
              () ->
                  graph.changes(TopDeckNeo4j.WEB, TimeRange.of(Instant.EPOCH, Duration.ofDays(1))));

      assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
      assertThat(e.kind().retryable()).isTrue();
      assertThat(e.getMessage())
          .contains("127.0.0.1:" + port)
          .doesNotContain(TopDeckNeo4j.PASSWORD);
    }
  }

  @Test
  void reportsAMissingDatabaseAsNotFound() {
    Neo4jTopologyConfig config = neo4j.config().database("no-such-graph").build();
    try (Neo4jTopologyGraph graph = new Neo4jTopologyGraph(config)) {
      MonitoringException e = catchThrowableOfType(MonitoringException.class, graph::resources);

      assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
      assertThat(e.getMessage()).contains("no-such-graph");
    }
  }

  @Test
  void recoversOnceTheCredentialsAreRight() {
    try (Neo4jTopologyGraph graph = new Neo4jTopologyGraph(neo4j.config().build())) {
      graph.verifyConnectivity();

      assertThat(graph.resources()).hasSize(TopDeckNeo4j.RESOURCE_IDS.size());
    }
  }
}
