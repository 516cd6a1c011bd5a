package io.topdeck.monitoring.neo4j;

import static io.topdeck.monitoring.neo4j.TopDeckNeo4j.CACHE;
import static io.topdeck.monitoring.neo4j.TopDeckNeo4j.GATEWAY;
import static io.topdeck.monitoring.neo4j.TopDeckNeo4j.RESOURCE_IDS;
import static io.topdeck.monitoring.neo4j.TopDeckNeo4j.SQL;
import static io.topdeck.monitoring.neo4j.TopDeckNeo4j.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.Dependency.Type;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TimeRange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Neo4jHarnessExtension.class)
class Neo4jTopologyGraphTest {

  private static Neo4jTopologyGraph graph;

  @BeforeAll
  static void connect(TopDeckNeo4j neo4j) {
    graph = new Neo4jTopologyGraph(neo4j.config().build());
  }

  @AfterAll
  static void close() {
    graph.close();
  }

  @Test
  void readsEveryResourceNodeAndNoOtherLabel() {
    assertThat(graph.resources())
        .extracting(ResourceRef::id)
        .containsExactlyInAnyOrderElementsOf(RESOURCE_IDS);
  }

  @Test
  void mapsTypeNameRegionProviderStatusAndJsonTags() {
    ResourceRef gateway = graph.resource(GATEWAY).orElseThrow();

    assertThat(gateway.type()).isEqualTo("application_gateway");
    assertThat(gateway.name()).isEqualTo("api-gateway");
    assertThat(gateway.attributes())
        .containsEntry("region", "eastus")
        .containsEntry("cloud_provider", "azure")
        .containsEntry("status", "running")
        .containsEntry("environment", "prod")
        .containsEntry("resource_group", "rg-prod")
        .containsEntry("tag.team", "platform")
        .containsEntry("tag.env", "prod")
        .containsEntry("tag.cost_center", "42");
  }

  @Test
  void fallsBackToDisplayNameWhenNameIsAbsent() {
    assertThat(graph.resource(WEB).orElseThrow().name()).isEqualTo("webapp-prod");
  }

  @Test
  void readsFlattenedTagPropertiesBesideAnEmptyJsonObject() {
    assertThat(graph.resource(SQL).orElseThrow().attributes())
        .containsEntry("tag.owner", "dba")
        .containsEntry("region", "westeurope")
        .containsEntry("status", "degraded");
  }

  @Test
  void keepsAResourceWhoseTagsAreNotJsonButDropsTheTags() {
    ResourceRef cache = graph.resource(CACHE).orElseThrow();

    assertThat(cache.attributes()).containsEntry("cloud_provider", "aws");
    assertThat(cache.attributes().keySet()).noneMatch(k -> k.startsWith("tag."));
  }

  @Test
  void answersEmptyForAnUnknownId() {
    assertThat(graph.resource("arn:aws:rds:eu-west-1:1:db:nope")).isEmpty();
    assertThat(graph.dependenciesOf("nope")).isEmpty();
    assertThat(graph.dependantsOf("nope")).isEmpty();
  }

  @Test
  void listsWhatAResourceDependsOnWithCategoriesAndStrengths() {
    assertThat(graph.dependenciesOf(WEB))
        .extracting(Dependency::toId, Dependency::type, Dependency::category, Dependency::strength)
        .containsExactlyInAnyOrder(
            tuple(SQL, Type.DEPENDS_ON, "data", 1.0),
            tuple(CACHE, Type.DEPENDS_ON, "data", TopDeckMapping.DEFAULT_DEPENDS_ON_STRENGTH),
            tuple(SQL, Type.CONNECTS_TO, "sql", TopDeckMapping.DEFAULT_CONNECTS_TO_STRENGTH));
  }

  @Test
  void keepsTheStrongestOfSeveralRelationshipsOfOneTypeBetweenTwoResources() {
    assertThat(graph.dependenciesOf(WEB))
        .filteredOn(d -> d.toId().equals(SQL) && d.type() == Type.CONNECTS_TO)
        .singleElement()
        .extracting(Dependency::category)
        .isEqualTo("sql");
  }

  @Test
  void listsWhatDependsOnAResourceAndClampsAnOutOfRangeStrength() {
    assertThat(graph.dependantsOf(WEB))
        .extracting(
            Dependency::fromId, Dependency::type, Dependency::category, Dependency::strength)
        .containsExactlyInAnyOrder(
            tuple(GATEWAY, Type.DEPENDS_ON, "network", 0.9),
            tuple(GATEWAY, Type.CONNECTS_TO, "https", 1.0));
  }

  @Test
  void ignoresConnectionsFromNodesThatAreNotResources() {
    assertThat(graph.dependantsOf(SQL)).extracting(Dependency::fromId).containsOnly(WEB);
  }

  @Test
  void readsDeploymentsInAHalfOpenRangeOldestFirst() {
    TimeRange range =
        new TimeRange(Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T12:00:00Z"));

    assertThat(graph.changes(WEB, range)).extracting(ChangeEvent::id).containsExactly("deploy-102");
  }

  @Test
  void readsEveryFormOfDeploymentLinkAndTime() {
    TimeRange week =
        new TimeRange(Instant.parse("2026-11-28T00:00:00Z"), Instant.parse("2026-12-05T00:00:00Z"));

    List<ChangeEvent> changes = graph.changes(WEB, week);

    assertThat(changes)
        .extracting(ChangeEvent::id, ChangeEvent::time)
        .containsExactly(
            tuple("deploy-101", Instant.parse("2026-11-30T09:00:00.25Z")),
            tuple("deploy-102", Instant.parse("2026-12-01T10:00:00Z")),
            tuple("deploy-103", Instant.parse("2026-12-01T12:00:00Z")));
  }

  @Test
  void mapsVersionsStatusTargetsAndPipelineDetails() {
    TimeRange week =
        new TimeRange(Instant.parse("2026-11-28T00:00:00Z"), Instant.parse("2026-12-05T00:00:00Z"));

    List<ChangeEvent> changes = graph.changes(WEB, week);

    ChangeEvent first = changes.get(0);
    assertThat(first.type()).isEqualTo(ChangeEvent.ChangeType.DEPLOYMENT);
    assertThat(first.version()).contains("2.4.0");
    assertThat(first.previousVersion()).contains("2.3.9");
    assertThat(first.status()).contains("success");
    assertThat(first.targetResourceIds()).containsExactly(WEB);
    assertThat(first.attributes())
        .containsAllEntriesOf(
            Map.of("pipeline_name", "webapp-ci", "deployed_by", "ci-bot", "run_number", "101"));
    assertThat(changes.get(1).status()).contains("failed");
    assertThat(changes.get(2).targetResourceIds()).containsExactlyInAnyOrder(WEB, SQL);
  }

  @Test
  void readsDeploymentsOfAnotherResourceIncludingLocalTimesAsUtc() {
    TimeRange day =
        new TimeRange(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-02T00:00:00Z"));

    assertThat(graph.changes(SQL, day))
        .extracting(ChangeEvent::id, ChangeEvent::time)
        .containsExactly(
            tuple("deploy-201", Instant.parse("2026-12-01T11:00:00Z")),
            tuple("deploy-103", Instant.parse("2026-12-01T12:00:00Z")));
  }

  @Test
  void doesNotMatchADeploymentOfAResourceWhoseIdMerelyStartsWithTheId() {
    TimeRange all =
        new TimeRange(Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"));

    assertThat(graph.changes(WEB, all))
        .extracting(ChangeEvent::id)
        .doesNotContain("deploy-301")
        .doesNotContain("deploy-401");
  }
}
