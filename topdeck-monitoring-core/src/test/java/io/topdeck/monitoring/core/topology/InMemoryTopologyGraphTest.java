package io.topdeck.monitoring.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.topology.Topology.Direction;
import io.topdeck.monitoring.core.topology.Topology.Hop;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryTopologyGraphTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static InMemoryTopologyGraph.Builder chain() {
    return InMemoryTopologyGraph.builder()
        .resource(ResourceRef.of("gw", "gateway"))
        .resource(ResourceRef.of("app", "web_app"))
        .resource(ResourceRef.of("db", "sql_database"))
        .resource(ResourceRef.of("cache", "redis"))
        .dependsOn("gw", "app", "http")
        .dependsOn("app", "db", "database")
        .dependsOn("app", "cache", "cache");
  }

  @Test
  void looksUpEdgesInBothDirections() {
    InMemoryTopologyGraph graph = chain().build();

    assertThat(graph.dependenciesOf("app"))
        .extracting(Dependency::toId)
        .containsExactly("db", "cache");
    assertThat(graph.dependantsOf("db")).extracting(Dependency::fromId).containsExactly("app");
    assertThat(graph.dependenciesOf("unknown")).isEmpty();
    assertThat(graph.resource("db")).get().extracting(ResourceRef::type).isEqualTo("sql_database");
  }

  @Test
  void walksDownstreamBreadthFirstWithDepths() {
    InMemoryTopologyGraph graph = chain().build();

    List<Hop> hops = Topology.walk(graph, "gw", Direction.DOWNSTREAM, Integer.MAX_VALUE);

    assertThat(hops).extracting(Hop::resourceId).containsExactly("app", "db", "cache");
    assertThat(hops).extracting(Hop::depth).containsExactly(1, 2, 2);
    assertThat(Topology.walk(graph, "gw", Direction.DOWNSTREAM, 1))
        .extracting(Hop::resourceId)
        .containsExactly("app");
    assertThat(Topology.downstream(graph, "db")).isEmpty();
  }

  @Test
  void walksUpstreamToEveryTransitiveDependant() {
    InMemoryTopologyGraph graph = chain().build();

    assertThat(Topology.upstream(graph, "db")).containsExactly("app", "gw");
    assertThat(Topology.dependants(graph, "db")).containsExactly("app");
    assertThat(Topology.dependencies(graph, "app")).containsExactly("db", "cache");
  }

  @Test
  void walksEndOnCycles() {
    InMemoryTopologyGraph graph = chain().dependsOn("db", "gw", "http").build();

    assertThat(Topology.downstream(graph, "gw")).containsExactly("app", "db", "cache");
    assertThat(Topology.upstream(graph, "gw")).containsExactly("db", "app");
  }

  @Test
  void findsTheShortestPathDown() {
    InMemoryTopologyGraph graph = chain().build();

    assertThat(Topology.pathDown(graph, "gw", "db")).contains(List.of("gw", "app", "db"));
    assertThat(Topology.pathDown(graph, "db", "gw")).isEmpty();
  }

  @Test
  void rejectsEdgesAndChangesThatReferToUnknownResources() {
    InMemoryTopologyGraph.Builder builder =
        chain()
            .dependsOn("app", "queue", "messaging")
            .change(ChangeEvent.deployment("d1", T0, "ghost", "v2", "v1"));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Dependency app -> queue refers to unknown resource 'queue'")
        .hasMessageContaining("Change 'd1' targets unknown resource 'ghost'");
  }

  @Test
  void rejectsDuplicateResourcesAndEdges() {
    assertThatThrownBy(() -> chain().resource(ResourceRef.of("db", "other")))
        .hasMessage("Duplicate resource id 'db'");
    assertThatThrownBy(() -> chain().dependsOn("gw", "app", "http").build())
        .hasMessageContaining("Duplicate dependency gw -> app");
  }

  @Test
  void returnsChangesInARangeOldestFirst() {
    ChangeEvent later = ChangeEvent.deployment("d2", T0.plusSeconds(3600), "app", "v3", "v2");
    ChangeEvent earlier = ChangeEvent.deployment("d1", T0, "app", "v2", "v1");
    InMemoryTopologyGraph graph = chain().change(later).change(earlier).build();

    assertThat(graph.changes("app", TimeRange.of(T0, Duration.ofHours(2))))
        .containsExactly(earlier, later);
    assertThat(graph.changes("app", TimeRange.of(T0, Duration.ofHours(1))))
        .containsExactly(earlier);
    assertThat(graph.changes("db", TimeRange.of(T0, Duration.ofHours(2)))).isEmpty();
  }
}
