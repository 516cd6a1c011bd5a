package io.topdeck.monitoring.neo4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import io.topdeck.monitoring.core.topology.json.TopologyJson;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Checks that the Neo4j adapter and core's JSON reader map TopDeck's model the same way: the
 * harness graph and its JSON twin (written as the adapter reads the graph, with the values it
 * corrects already correct) give equal resources, edges and changes.
 */
@ExtendWith(Neo4jHarnessExtension.class)
class SameMappingAsJsonTest {

  private static final TimeRange ALL =
      new TimeRange(Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"));

  private static Neo4jTopologyGraph neo4j;
  private static InMemoryTopologyGraph json;

  @BeforeAll
  static void read(TopDeckNeo4j server) throws Exception {
    neo4j = new Neo4jTopologyGraph(server.config().build());
    try (InputStream in =
        SameMappingAsJsonTest.class.getResourceAsStream("/topdeck-fixture-as-read.json")) {
      json = TopologyJson.read(in);
    }
  }

  @AfterAll
  static void close() {
    neo4j.close();
  }

  @Test
  void readsEqualResources() {
    assertThat(neo4j.resources()).containsExactlyInAnyOrderElementsOf(json.resources());
  }

  @Test
  void readsEqualEdgesInBothDirections() {
    for (String id : TopDeckNeo4j.RESOURCE_IDS) {
      assertThat(neo4j.dependenciesOf(id))
          .as("dependencies of %s", id)
          .containsExactlyInAnyOrderElementsOf(json.dependenciesOf(id));
      assertThat(neo4j.dependantsOf(id))
          .as("dependants of %s", id)
          .containsExactlyInAnyOrderElementsOf(json.dependantsOf(id));
    }
  }

  @Test
  void readsEqualChanges() {
    for (String id : TopDeckNeo4j.RESOURCE_IDS) {
      assertThat(neo4j.changes(id, ALL))
          .as("changes of %s", id)
          .containsExactlyElementsOf(json.changes(id, ALL));
    }
  }
}
