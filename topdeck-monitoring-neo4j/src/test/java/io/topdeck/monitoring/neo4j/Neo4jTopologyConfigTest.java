package io.topdeck.monitoring.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.Secret;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Neo4jTopologyConfigTest {

  private static final Secret PASSWORD = Secret.of("Config-Test-Password-0042");

  private static Neo4jTopologyConfig.Builder valid() {
    return Neo4jTopologyConfig.builder()
        .uri("neo4j+s://graph.example.com:7687")
        .user("reader")
        .password(PASSWORD);
  }

  @Test
  void appliesTheDefaults() {
    Neo4jTopologyConfig config = valid().build();

    assertThat(config.database()).isEmpty();
    assertThat(config.queryTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.maxResources()).isEqualTo(100_000);
  }

  @Test
  void reportsEveryProblemAtOnce() {
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () ->
                Neo4jTopologyConfig.builder()
                    .uri("http://graph.example.com")
                    .user(" ")
                    .database("1bad name")
                    .queryTimeout(Duration.ZERO)
                    .connectionTimeout(null)
                    .maxRetryTime(Duration.ofSeconds(-1))
                    .cacheTtl(Duration.ofDays(2))
                    .maxResources(0)
                    .build());

    assertThat(e.problems())
        .hasSize(9)
        .anyMatch(p -> p.startsWith("uri scheme must be one of"))
        .contains("user must not be blank", "password must be set", "connectionTimeout must be set")
        .anyMatch(p -> p.startsWith("database must be"))
        .anyMatch(p -> p.startsWith("queryTimeout must be in (0"))
        .anyMatch(p -> p.startsWith("maxRetryTime must be in [0"))
        .anyMatch(p -> p.startsWith("cacheTtl must be in [0"))
        .anyMatch(p -> p.startsWith("maxResources must be in [1"));
    assertThat(e.getMessage()).startsWith("9 configuration problems: ");
  }

  @Test
  void rejectsCredentialsInTheUriWithoutEchoingThem() {
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () -> valid().uri("bolt://reader:Uri-Secret-77@graph.example.com").build());

    assertThat(e.problems())
        .containsExactly("uri must not carry credentials; set user and password instead");
    assertThat(e.getMessage()).doesNotContain("Uri-Secret-77");
  }

  @Test
  void reportsAnUnparsableUriOnceBesideTheOtherProblems() {
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class, () -> valid().uri("bolt://bad host").user(null).build());

    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(0)).startsWith("uri is not a URI");
    assertThat(e.problems().get(1)).isEqualTo("user must not be blank");
  }

  @Test
  void neverShowsThePasswordInToString() {
    String text = valid().database("topology").build().toString();

    assertThat(text)
        .doesNotContain(PASSWORD.reveal())
        .contains("password=****", "user=reader", "database=topology", "neo4j+s://graph");
  }

  @Test
  void readsAPlatformConfig() {
    Neo4jTopologyConfig config =
        Neo4jTopologyConfig.from(
            new PlatformConfig(
                "neo4j",
                Map.of(
                    "uri", "bolt://127.0.0.1:7687",
                    "user", "reader",
                    "database", "topology",
                    "queryTimeout", "PT10S",
                    "cacheTtl", "PT1M",
                    "maxResources", "5000"),
                Map.of("password", PASSWORD)));

    assertThat(config.uri().getPort()).isEqualTo(7687);
    assertThat(config.database()).isEqualTo("topology");
    assertThat(config.queryTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.cacheTtl()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.maxResources()).isEqualTo(5000);
    assertThat(config.password()).isEqualTo(PASSWORD);
  }

  @Test
  void rejectsUnknownKeysAndBadValuesOfAPlatformConfigTogether() {
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () ->
                Neo4jTopologyConfig.from(
                    new PlatformConfig(
                        "neo4j",
                        Map.of(
                            "uri", "bolt://127.0.0.1:7687",
                            "user", "reader",
                            "timeout", "PT10S",
                            "cacheTtl", "5 minutes",
                            "maxResources", "many"),
                        Map.of("token", PASSWORD))));

    assertThat(e.problems())
        .anyMatch(p -> p.startsWith("unknown property 'timeout'"))
        .anyMatch(p -> p.startsWith("unknown secret 'token'"))
        .anyMatch(p -> p.startsWith("cacheTtl must be an ISO-8601 duration"))
        .anyMatch(p -> p.startsWith("maxResources must be an integer"))
        .contains("password must be set");
    assertThat(e.getMessage()).doesNotContain(PASSWORD.reveal());
  }
}
