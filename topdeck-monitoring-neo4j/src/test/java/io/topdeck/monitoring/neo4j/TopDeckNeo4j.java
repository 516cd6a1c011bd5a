package io.topdeck.monitoring.neo4j;

import io.topdeck.monitoring.api.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * A real Neo4j started in-process by the harness, with authentication on and a small graph in
 * TopDeck's shape:
 *
 * <pre>
 * api-gateway -DEPENDS_ON(network, 0.9)-> webapp-prod -DEPENDS_ON(data, 1.0)-> sql-db-prod
 * api-gateway -CONNECTS_TO(https, strength 7)-> webapp-prod -CONNECTS_TO(sql)-> sql-db-prod
 * webapp-prod -DEPENDS_ON(data, no strength)-> sessions (an AWS cache)
 * webapp-prod -CONNECTS_TO(tcp, 0.2)-> sql-db-prod (a second, weaker connection)
 * </pre>
 *
 * and deployments of webapp-prod and sql-db-prod in each form TopDeck writes.
 */
final class TopDeckNeo4j implements AutoCloseable {

  static final String RG =
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-prod";
  static final String GATEWAY = RG + "/providers/Microsoft.Network/applicationGateways/api-gateway";
  static final String WEB = RG + "/providers/Microsoft.Web/sites/webapp-prod";
  static final String SQL = RG + "/providers/Microsoft.Sql/servers/sql-prod/databases/sql-db-prod";
  static final String CACHE = "arn:aws:elasticache:us-east-1:123456789012:cluster:sessions";
  static final List<String> RESOURCE_IDS = List.of(GATEWAY, WEB, SQL, CACHE);

  static final String USER = "neo4j";
  static final String PASSWORD = "topdeck-Harness-pw-7731";

  private static final String FIXTURE =
      """
      CREATE (gw:Resource:ApplicationGateway {id: $gateway, resource_type: 'application_gateway',
              name: 'api-gateway', cloud_provider: 'azure', region: 'eastus', status: 'running',
              environment: 'prod', resource_group: 'rg-prod',
              tags: '{"team": "platform", "env": "prod", "cost_center": 42}'})
      CREATE (web:Resource:AppService {id: $web, resource_type: 'app_service',
              display_name: 'webapp-prod', cloud_provider: 'azure', region: 'eastus',
              status: 'running', tags: '{"team": "web"}'})
      CREATE (db:Resource:SQLDatabase {id: $sql, resource_type: 'sql_database',
              name: 'sql-db-prod', cloud_provider: 'azure', region: 'westeurope',
              status: 'degraded', tags: '{}', `tags.owner`: 'dba'})
      CREATE (cache:Resource {id: $cache, resource_type: 'elasticache', name: 'sessions',
              cloud_provider: 'aws', region: 'us-east-1', status: 'running', tags: 'not json'})
      CREATE (pod:Pod {id: 'aks-prod:default:web-7d9f', name: 'web-7d9f'})
      CREATE (gw)-[:DEPENDS_ON {category: 'network', dependency_type: 'required',
              strength: 0.9}]->(web)
      CREATE (web)-[:DEPENDS_ON {category: 'data', dependency_type: 'required',
              strength: 1.0}]->(db)
      CREATE (web)-[:DEPENDS_ON {category: 'data', dependency_type: 'optional'}]->(cache)
      CREATE (gw)-[:CONNECTS_TO {protocol: 'https', port: 443, strength: 7}]->(web)
      CREATE (web)-[:CONNECTS_TO {protocol: 'sql', port: 1433}]->(db)
      CREATE (web)-[:CONNECTS_TO {protocol: 'tcp', port: 11000, strength: 0.2}]->(db)
      CREATE (pod)-[:CONNECTS_TO {protocol: 'sql', port: 1433}]->(db)
      CREATE (:Deployment {id: 'deploy-101', version: '2.4.0', previous_version: '2.3.9',
              deployed_at: '2026-11-30T09:00:00.250000', status: 'success',
              target_resources: $webList, pipeline_name: 'webapp-ci', deployed_by: 'ci-bot',
              run_number: 101})
      CREATE (d102:Deployment {id: 'deploy-102', version: '2.4.1', previous_version: '2.4.0',
              deployed_at: datetime('2026-12-01T10:00:00Z'), status: 'failed',
              target_resources: '[]'})-[:DEPLOYS_TO]->(web)
      CREATE (:Deployment {id: 'deploy-103', version: '2.4.2', previous_version: '2.4.1',
              deployed_at: '2026-12-01T12:00:00+00:00', status: 'success',
              target_resources: [$web, $sql]})
      CREATE (d201:Deployment {id: 'deploy-201', version: 'schema-17',
              deployed_at: localdatetime('2026-12-01T11:00:00'),
              status: 'success'})-[:DEPLOYS_TO]->(db)
      CREATE (:Deployment {id: 'deploy-301', version: '9.9.9', deployed_at: '2026-12-01T10:30:00Z',
              status: 'success', target_resources: $stagingList})
      CREATE (:Deployment {id: 'deploy-401', version: '2.4.1-hotfix', deployed_at: 'yesterday',
              status: 'success', target_resources: $webList})
      """;

  private final Neo4j neo4j;

  private TopDeckNeo4j(Neo4j neo4j) {
    this.neo4j = neo4j;
  }

  /** Starts the server, loads the graph and sets the password of user {@code neo4j}. */
  static TopDeckNeo4j start() {
    Neo4j neo4j =
        Neo4jBuilders.newInProcessBuilder()
            .withDisabledServer()
            .withConfig(GraphDatabaseSettings.auth_enabled, true)
            .withFixture(
                (GraphDatabaseService db) -> {
                  db.executeTransactionally(
                      FIXTURE,
                      Map.of(
                          "gateway", GATEWAY,
                          "web", WEB,
                          "sql", SQL,
                          "cache", CACHE,
                          "webList", "[\"" + WEB + "\"]",
                          "stagingList", "[\"" + WEB + "-staging\"]"));
                  return null;
                })
            .build();
    neo4j
        .databaseManagementService()
        .database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
        .executeTransactionally(
            "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
            Map.of("password", PASSWORD));
    return new TopDeckNeo4j(neo4j);
  }

  URI boltUri() {
    return neo4j.boltURI();
  }

  /** Returns a config for this server with the right credentials. */
  Neo4jTopologyConfig.Builder config() {
    return Neo4jTopologyConfig.builder()
        .uri(boltUri())
        .user(USER)
        .password(Secret.of(PASSWORD))
        .queryTimeout(Duration.ofSeconds(10))
        .maxRetryTime(Duration.ZERO);
  }

  /**
   * Runs a write on the default database, bypassing the driver: for tests that change the graph.
   */
  void write(String cypher, Map<String, Object> parameters) {
    neo4j.defaultDatabaseService().executeTransactionally(cypher, parameters);
  }

  @Override
  public void close() {
    neo4j.close();
  }
}
