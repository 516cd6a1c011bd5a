package io.topdeck.monitoring.core.topology.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.Dependency.Type;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyJsonTest {

  private static final String RG =
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-prod";
  private static final String GATEWAY =
      RG + "/providers/Microsoft.Network/applicationGateways/api-gateway";
  private static final String WEB = RG + "/providers/Microsoft.Web/sites/webapp-prod";
  private static final String SQL =
      RG + "/providers/Microsoft.Sql/servers/sql-prod/databases/sql-db-prod";
  private static final String CACHE = "arn:aws:elasticache:us-east-1:123456789012:cluster:sessions";

  private static InMemoryTopologyGraph graph;

  @BeforeAll
  static void read() throws Exception {
    try (InputStream in =
        TopologyJsonTest.class.getResourceAsStream("/topology/topdeck-small.json")) {
      graph = TopologyJson.read(in);
    }
  }

  private static TopologyJsonException failure(String json) {
    return catchThrowableOfType(
        TopologyJsonException.class,
        () -> TopologyJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void readsEveryResourceWithTypeNameAttributesAndTags() {
    assertThat(graph.resources())
        .extracting(ResourceRef::id)
        .containsExactly(GATEWAY, WEB, SQL, CACHE);
    ResourceRef gateway = graph.resource(GATEWAY).orElseThrow();
    assertThat(gateway.type()).isEqualTo("application_gateway");
    assertThat(gateway.name()).isEqualTo("api-gateway");
    assertThat(gateway.attributes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "region", "eastus",
                "cloud_provider", "azure",
                "status", "running",
                "environment", "prod",
                "resource_group", "rg-prod",
                "tag.team", "platform",
                "tag.env", "prod",
                "tag.cost_center", "42"));
  }

  @Test
  void readsTagsStoredAsAJsonStringAndFallsBackToTheDisplayName() {
    ResourceRef web = graph.resource(WEB).orElseThrow();

    assertThat(web.name()).isEqualTo("webapp-prod");
    assertThat(web.attributes()).containsEntry("tag.team", "web");
  }

  @Test
  void readsEdgesInBothDirectionsWithTheDefaultStrengthsAndCategories() {
    assertThat(graph.dependenciesOf(WEB))
        .extracting(Dependency::toId, Dependency::type, Dependency::category, Dependency::strength)
        .containsExactly(
            tuple(SQL, Type.DEPENDS_ON, "data", 1.0),
            tuple(CACHE, Type.DEPENDS_ON, "data", 1.0),
            tuple(SQL, Type.CONNECTS_TO, "sql", 0.5));
    assertThat(graph.dependantsOf(WEB))
        .extracting(
            Dependency::fromId, Dependency::type, Dependency::category, Dependency::strength)
        .containsExactly(
            tuple(GATEWAY, Type.DEPENDS_ON, "network", 0.9),
            tuple(GATEWAY, Type.CONNECTS_TO, "https", 1.0));
  }

  @Test
  void readsDeploymentsInAHalfOpenRangeWithEveryTimeAndTargetForm() {
    TimeRange day =
        new TimeRange(Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T12:00:00Z"));
    TimeRange week =
        new TimeRange(Instant.parse("2026-11-28T00:00:00Z"), Instant.parse("2026-12-05T00:00:00Z"));

    assertThat(graph.changes(WEB, day)).extracting(ChangeEvent::id).containsExactly("deploy-102");
    assertThat(graph.changes(WEB, week))
        .extracting(ChangeEvent::id, ChangeEvent::time)
        .containsExactly(
            tuple("deploy-101", Instant.parse("2026-11-30T09:00:00.25Z")),
            tuple("deploy-102", Instant.parse("2026-12-01T10:00:00Z")),
            tuple("deploy-103", Instant.parse("2026-12-01T12:00:00Z")));
    assertThat(graph.changes(SQL, week))
        .extracting(ChangeEvent::id, ChangeEvent::time)
        .containsExactly(
            tuple("deploy-201", Instant.parse("2026-12-01T11:00:00Z")),
            tuple("deploy-103", Instant.parse("2026-12-01T12:00:00Z")));
  }

  @Test
  void mapsVersionsStatusAndPipelineDetailsOfADeployment() {
    ChangeEvent first =
        graph
            .changes(
                WEB,
                new TimeRange(
                    Instant.parse("2026-11-30T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z")))
            .get(0);

    assertThat(first.type()).isEqualTo(ChangeEvent.ChangeType.DEPLOYMENT);
    assertThat(first.version()).contains("2.4.0");
    assertThat(first.previousVersion()).contains("2.3.9");
    assertThat(first.status()).contains("success");
    assertThat(first.targetResourceIds()).containsExactly(WEB);
    assertThat(first.attributes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("pipeline_name", "webapp-ci", "deployed_by", "ci-bot", "run_number", "101"));
  }

  @Test
  void reportsMalformedJsonWithItsLineAndColumn() {
    TopologyJsonException e = failure("{\n  \"resources\": [\n    {\"id\": \"a\",}\n  ]\n}");

    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith("line 3, column 16: malformed JSON:");
    assertThat(e.source()).isEqualTo("<stream>");
  }

  @Test
  void reportsADuplicateKeyAsMalformed() {
    TopologyJsonException e = failure("{\"resources\": [{\"id\": \"a\", \"id\": \"b\"}]}");

    assertThat(e.getMessage()).contains("line 1").contains("Duplicate field 'id'");
  }

  @Test
  void reportsEveryFieldProblemWithItsLineAndPath() {
    String json =
        """
        {
          "resources": [
            {"id": "a", "resource_type": "vm"},
            {"resource_type": "vm"},
            {"id": "b", "tags": "{not json"},
            {"id": "a"},
            {"id": "c", "region": {"name": "eastus"}}
          ],
          "dependencies": [
            {"source_id": "a", "target_id": "b", "strength": 7},
            {"source_id": "a", "target_id": "zz"},
            {"source_id": "a", "target_id": "a"},
            {"source_id": "a", "target_id": "b", "relationship": "CALLS"}
          ],
          "deployments": [
            {"id": "d1", "deployed_at": "yesterday", "target_resources": ["a"]},
            {"id": "d2", "deployed_at": "2026-12-01T10:00:00Z", "target_resources": []},
            {"deployed_at": "2026-12-01T10:00:00Z", "target_resources": ["a", "nope"]}
          ]
        }
        """;

    TopologyJsonException e = failure(json);

    assertThat(e.problems())
        .containsExactly(
            "line 4, resources[1].id: is required and must be a non-blank string",
            "line 5, resources[2].tags: holds a string that is not JSON: Unexpected character"
                + " ('n' (code 110)): was expecting double-quote to start field name",
            "line 6, resources[3].id: duplicates the resource on line 3: 'a'",
            "line 7, resources[4].region: must be a string, number or boolean, but was OBJECT",
            "line 10, dependencies[0].strength: must be a number in [0, 1], but was 7",
            "line 11, dependencies[1].target_id: names no resource of the file: 'zz'",
            "line 12, dependencies[2].target_id: equals source_id: a resource cannot depend on"
                + " itself",
            "line 13, dependencies[3].relationship: must be DEPENDS_ON or CONNECTS_TO, but was"
                + " 'CALLS'",
            "line 16, deployments[0].deployed_at: must be an ISO-8601 time such as"
                + " 2026-12-01T10:00:00Z, but was 'yesterday'",
            "line 17, deployments[1].target_resources: must be a non-empty array of resource ids",
            "line 18, deployments[2].id: is required and must be a non-blank string",
            "line 18, deployments[2].target_resources[1]: names no resource of the file: 'nope'");
    assertThat(e.getMessage()).startsWith("<stream>: 12 problems: line 4, resources[1].id");
  }

  @Test
  void rejectsAnUnknownTopLevelFieldAndASectionThatIsNoArray() {
    TopologyJsonException e = failure("{\n\"resource\": [],\n\"dependencies\": {}\n}");

    assertThat(e.problems())
        .containsExactly(
            "line 2, resource: unknown field; expected one of resources, dependencies, deployments",
            "line 3, dependencies: must be an array");
  }

  @Test
  void rejectsATopLevelValueThatIsNoObject() {
    assertThat(failure("[1, 2]").problems())
        .containsExactly("line 1: the topology must be a JSON object");
  }

  @Test
  void rejectsDuplicateEdgesAndDeployments() {
    String json =
        """
        {"resources": [{"id": "a"}, {"id": "b"}],
         "dependencies": [
           {"source_id": "a", "target_id": "b", "category": "data"},
           {"source_id": "a", "target_id": "b", "category": "network"},
           {"source_id": "a", "target_id": "b", "relationship": "CONNECTS_TO"}],
         "deployments": [
           {"id": "d", "deployed_at": "2026-12-01T10:00:00Z", "target_resources": ["a"]},
           {"id": "d", "deployed_at": "2026-12-01T11:00:00Z", "target_resources": ["b"]}]}
        """;

    assertThat(failure(json).problems())
        .containsExactly(
            "line 4, dependencies[1]: duplicates the DEPENDS_ON edge on line 3",
            "line 8, deployments[1].id: duplicates the deployment on line 7: 'd'");
  }

  @Test
  void readsAnEmptyTopology() {
    InMemoryTopologyGraph empty =
        TopologyJson.read(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)));

    assertThat(empty.resources()).isEmpty();
  }

  @Test
  void namesTheFileInTheMessage(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prod-topology.json");
    Files.writeString(file, "{\"resources\": [{\"id\": 42}]}");

    assertThatThrownBy(() -> TopologyJson.read(file))
        .isInstanceOf(TopologyJsonException.class)
        .hasMessage(
            "prod-topology.json: line 1, resources[0].id: is required and must be a non-blank"
                + " string");
  }

  @Test
  void reportsAMissingFileAsAnIoFailure(@TempDir Path dir) {
    assertThatThrownBy(() -> TopologyJson.read(dir.resolve("missing.json")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("missing.json");
  }
}
