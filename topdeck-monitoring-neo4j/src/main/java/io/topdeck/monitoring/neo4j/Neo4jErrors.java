package io.topdeck.monitoring.neo4j;

import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.MonitoringException.Kind;
import io.topdeck.monitoring.api.Secret;
import java.net.URI;
import org.neo4j.driver.exceptions.ConnectionReadTimeoutException;
import org.neo4j.driver.exceptions.DatabaseException;
import org.neo4j.driver.exceptions.FatalDiscoveryException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.SecurityException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.exceptions.TransientException;
import org.neo4j.driver.exceptions.value.ValueException;

/** Maps the driver's failures to {@link MonitoringException} kinds. */
final class Neo4jErrors {

  private Neo4jErrors() {}

  /**
   * Returns the failure to throw for {@code e}, raised while doing {@code action} against {@code
   * uri}. The message names the action, the server and the server's status code, and holds the
   * driver's message with any occurrence of the password masked.
   */
  static MonitoringException map(Neo4jException e, String action, URI uri, Secret password) {
    Kind kind = kind(e);
    String code = e.code();
    String message =
        action
            + " failed at "
            + uri
            + ": "
            + describe(kind)
            + (code == null || code.isBlank() ? "" : " [" + code + "]")
            + " "
            + mask(String.valueOf(e.getMessage()), password);
    return new MonitoringException(kind, Neo4jTopologyConfig.PLATFORM, message, null, e);
  }

  /** Returns the kind of failure {@code e} is. */
  static Kind kind(Neo4jException e) {
    String code = e.code() == null ? "" : e.code();
    // Check timeouts first: the server reports them as client or transient errors.
    if (e instanceof ConnectionReadTimeoutException || code.contains("TransactionTimedOut")) {
      return Kind.TIMEOUT;
    }
    if (e instanceof SecurityException || code.startsWith("Neo.ClientError.Security.")) {
      return Kind.UNAUTHORIZED;
    }
    if (e instanceof ServiceUnavailableException
        || e instanceof SessionExpiredException
        || e instanceof TransientException
        || e instanceof DatabaseException) {
      return Kind.UNAVAILABLE;
    }
    if (e instanceof FatalDiscoveryException
        || code.equals("Neo.ClientError.Database.DatabaseNotFound")) {
      return Kind.NOT_FOUND;
    }
    if (e instanceof ValueException) {
      return Kind.MALFORMED_RESPONSE;
    }
    if (code.startsWith("Neo.ClientError.")) {
      return Kind.BAD_QUERY;
    }
    return Kind.UNAVAILABLE;
  }

  private static String describe(Kind kind) {
    return switch (kind) {
      case TIMEOUT -> "the query timed out.";
      case UNAUTHORIZED -> "the server refused the credentials or their permissions.";
      case UNAVAILABLE -> "the server is unavailable.";
      case NOT_FOUND -> "the database does not exist.";
      case MALFORMED_RESPONSE -> "the server returned a value of an unexpected type.";
      case BAD_QUERY -> "the server rejected the query.";
      case THROTTLED -> "the server throttled the call.";
    };
  }

  /** Returns {@code text} with every occurrence of the password replaced by {@code ****}. */
  static String mask(String text, Secret password) {
    if (password == null) {
      return text;
    }
    return text.replace(password.reveal(), "****");
  }
}
