package io.topdeck.monitoring.neo4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.MonitoringException.Kind;
import io.topdeck.monitoring.api.Secret;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.ConnectionReadTimeoutException;
import org.neo4j.driver.exceptions.DatabaseException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.exceptions.TransientException;
import org.neo4j.driver.exceptions.value.Uncoercible;

class Neo4jErrorsTest {

  private static final URI URI = java.net.URI.create("neo4j+s://graph.example.com");
  private static final Secret PASSWORD = Secret.of("s3cret-Value-991");

  @Test
  void mapsASyntaxErrorToBadQuery() {
    assertThat(
            Neo4jErrors.kind(
                new ClientException("Neo.ClientError.Statement.SyntaxError", "Invalid input")))
        .isEqualTo(Kind.BAD_QUERY);
  }

  @Test
  void mapsServerAndClientTimeoutsToTimeout() {
    assertThat(
            Neo4jErrors.kind(
                new ClientException(
                    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
                    "The transaction has been terminated")))
        .isEqualTo(Kind.TIMEOUT);
    assertThat(
            Neo4jErrors.kind(
                new TransientException(
                    "Neo.TransientError.Transaction.TransactionTimedOut", "timed out")))
        .isEqualTo(Kind.TIMEOUT);
    assertThat(Neo4jErrors.kind(ConnectionReadTimeoutException.INSTANCE)).isEqualTo(Kind.TIMEOUT);
  }

  @Test
  void mapsRefusedCredentialsAndPermissionsToUnauthorized() {
    assertThat(
            Neo4jErrors.kind(
                new AuthenticationException("Neo.ClientError.Security.Unauthorized", "no")))
        .isEqualTo(Kind.UNAUTHORIZED);
    assertThat(
            Neo4jErrors.kind(new ClientException("Neo.ClientError.Security.Forbidden", "denied")))
        .isEqualTo(Kind.UNAUTHORIZED);
  }

  @Test
  void mapsUnreachableOrFailingServersToUnavailable() {
    assertThat(Neo4jErrors.kind(new ServiceUnavailableException("refused")))
        .isEqualTo(Kind.UNAVAILABLE);
    assertThat(Neo4jErrors.kind(new SessionExpiredException("leader switch")))
        .isEqualTo(Kind.UNAVAILABLE);
    assertThat(
            Neo4jErrors.kind(
                new TransientException(
                    "Neo.TransientError.General.MemoryPoolOutOfMemoryError", "")))
        .isEqualTo(Kind.UNAVAILABLE);
    assertThat(
            Neo4jErrors.kind(
                new DatabaseException("Neo.DatabaseError.General.UnknownError", "boom")))
        .isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void mapsAValueOfAnUnexpectedTypeToMalformedResponse() {
    assertThat(Neo4jErrors.kind(new Uncoercible("NODE", "String")))
        .isEqualTo(Kind.MALFORMED_RESPONSE);
  }

  @Test
  void masksThePasswordShouldTheDriverEverEchoIt() {
    MonitoringException e =
        Neo4jErrors.map(
            new AuthenticationException(
                "Neo.ClientError.Security.Unauthorized", "bad password s3cret-Value-991 given"),
            "Reading the topology",
            URI,
            PASSWORD);

    assertThat(e.getMessage())
        .isEqualTo(
            "neo4j: Reading the topology failed at neo4j+s://graph.example.com: the server"
                + " refused the credentials or their permissions."
                + " [Neo.ClientError.Security.Unauthorized] bad password **** given");
    assertThat(e.platform()).isEqualTo("neo4j");
    assertThat(e.getCause()).isInstanceOf(AuthenticationException.class);
  }
}
