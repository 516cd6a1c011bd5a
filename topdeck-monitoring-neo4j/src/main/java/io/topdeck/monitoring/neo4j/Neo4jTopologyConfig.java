package io.topdeck.monitoring.neo4j;

import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How to reach TopDeck's Neo4j graph and how long to trust what was read from it.
 *
 * <p>The canonical constructor checks every field and reports every problem at once in one {@link
 * ConfigurationException}. {@link #toString()} never shows the password.
 *
 * @param uri the Bolt URI, for example {@code bolt://graph.internal:7687} or {@code
 *     neo4j+s://graph.example.com}; it must not carry credentials
 * @param user the user name
 * @param password the password
 * @param database the database name, or an empty string for the server's default database
 * @param queryTimeout how long one read transaction may run on the server
 * @param connectionTimeout how long opening a connection may take
 * @param maxRetryTime how long the driver may retry a transaction that failed transiently; zero
 *     leaves retries to the caller's resilience layer
 * @param cacheTtl how long a snapshot of the topology is served before it is read again; zero reads
 *     the graph on every call
 * @param maxResources the most {@code :Resource} nodes a snapshot may hold, and the most
 *     deployments read for one resource; larger graphs fail with a clear error instead of
 *     exhausting memory
 */
public record Neo4jTopologyConfig(
    URI uri,
    String user,
    Secret password,
    String database,
    Duration queryTimeout,
    Duration connectionTimeout,
    Duration maxRetryTime,
    Duration cacheTtl,
    int maxResources) {

  /** The platform id used in failures and in {@link PlatformConfig}. */
  public static final String PLATFORM = "neo4j";

  /** The default query timeout: 30 seconds. */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(30);

  /** The default connection timeout: 5 seconds. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  /** The default transient-failure retry budget: 5 seconds. */
  public static final Duration DEFAULT_MAX_RETRY_TIME = Duration.ofSeconds(5);

  /** The default snapshot lifetime: 5 minutes. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);

  /** The default resource bound: 100,000 resources. */
  public static final int DEFAULT_MAX_RESOURCES = 100_000;

  private static final Set<String> SCHEMES =
      Set.of("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc");
  private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9.\\-]{2,62}");
  private static final Duration MAX_DURATION = Duration.ofHours(24);
  private static final int MAX_RESOURCES_LIMIT = 10_000_000;

  private static final Set<String> PROPERTY_KEYS =
      Set.of(
          "uri",
          "user",
          "database",
          "queryTimeout",
          "connectionTimeout",
          "maxRetryTime",
          "cacheTtl",
          "maxResources");
  private static final Set<String> SECRET_KEYS = Set.of("password");
  private static final String URI_MISSING = "uri must be set";

  /**
   * Checks every field.
   *
   * @throws ConfigurationException listing every problem found
   */
  public Neo4jTopologyConfig {
    database = database == null ? "" : database;
    List<String> problems = new ArrayList<>();
    checkUri(uri, problems);
    if (user == null || user.isBlank()) {
      problems.add("user must not be blank");
    }
    if (password == null) {
      problems.add("password must be set");
    }
    if (!database.isEmpty() && !DATABASE_NAME.matcher(database).matches()) {
      problems.add(
          "database must be 3 to 63 letters, digits, dots or dashes starting with a letter, but"
              + " was '"
              + database
              + "'");
    }
    checkPositive("queryTimeout", queryTimeout, problems);
    checkPositive("connectionTimeout", connectionTimeout, problems);
    checkNotNegative("maxRetryTime", maxRetryTime, problems);
    checkNotNegative("cacheTtl", cacheTtl, problems);
    if (maxResources < 1 || maxResources > MAX_RESOURCES_LIMIT) {
      problems.add(
          "maxResources must be in [1, " + MAX_RESOURCES_LIMIT + "], but was " + maxResources);
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
  }

  /** Returns a builder with the defaults; uri, user and password must still be set. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the config a host wrote as a {@link PlatformConfig}: properties {@code uri}, {@code
   * user}, {@code database}, {@code queryTimeout}, {@code connectionTimeout}, {@code maxRetryTime},
   * {@code cacheTtl} (ISO-8601 durations such as {@code PT30S}), {@code maxResources}, and the
   * secret {@code password}.
   *
   * @throws ConfigurationException listing every problem found, unknown keys included
   */
  public static Neo4jTopologyConfig from(PlatformConfig config) {
    Objects.requireNonNull(config, "config");
    List<String> problems = new ArrayList<>();
    if (!PLATFORM.equals(config.platform())) {
      problems.add("platform must be '" + PLATFORM + "', but was '" + config.platform() + "'");
    }
    unknownKeys("property", config.properties().keySet(), PROPERTY_KEYS, problems);
    unknownKeys("secret", config.secrets().keySet(), SECRET_KEYS, problems);
    Map<String, String> p = new HashMap<>(config.properties());
    Builder builder = builder();
    builder.uri(p.get("uri"));
    builder.user(p.get("user"));
    builder.password(config.secrets().get("password"));
    builder.database(p.getOrDefault("database", ""));
    builder.queryTimeout(duration(p, "queryTimeout", DEFAULT_QUERY_TIMEOUT, problems));
    builder.connectionTimeout(
        duration(p, "connectionTimeout", DEFAULT_CONNECTION_TIMEOUT, problems));
    builder.maxRetryTime(duration(p, "maxRetryTime", DEFAULT_MAX_RETRY_TIME, problems));
    builder.cacheTtl(duration(p, "cacheTtl", DEFAULT_CACHE_TTL, problems));
    builder.maxResources(integer(p, "maxResources", DEFAULT_MAX_RESOURCES, problems));
    try {
      Neo4jTopologyConfig built = builder.build();
      if (problems.isEmpty()) {
        return built;
      }
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    throw new ConfigurationException(problems);
  }

  /** Shows every field but the password, which shows as {@code ****}. */
  @Override
  public String toString() {
    return "Neo4jTopologyConfig[uri="
        + uri
        + ", user="
        + user
        + ", password=****, database="
        + (database.isEmpty() ? "<default>" : database)
        + ", queryTimeout="
        + queryTimeout
        + ", connectionTimeout="
        + connectionTimeout
        + ", maxRetryTime="
        + maxRetryTime
        + ", cacheTtl="
        + cacheTtl
        + ", maxResources="
        + maxResources
        + "]";
  }

  private static void checkUri(URI uri, List<String> problems) {
    if (uri == null) {
      problems.add(URI_MISSING);
      return;
    }
    String scheme = uri.getScheme();
    if (scheme == null || !SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
      problems.add("uri scheme must be one of " + new TreeSet<>(SCHEMES) + ", but was " + scheme);
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      problems.add("uri must name a host");
    }
    // A password in the URI would leak through every log line that prints the URI.
    if (uri.getRawUserInfo() != null) {
      problems.add("uri must not carry credentials; set user and password instead");
    }
  }

  private static void checkPositive(String name, Duration value, List<String> problems) {
    if (value == null) {
      problems.add(name + " must be set");
    } else if (value.isNegative() || value.isZero() || value.compareTo(MAX_DURATION) > 0) {
      problems.add(name + " must be in (0, " + MAX_DURATION + "], but was " + value);
    }
  }

  private static void checkNotNegative(String name, Duration value, List<String> problems) {
    if (value == null) {
      problems.add(name + " must be set");
    } else if (value.isNegative() || value.compareTo(MAX_DURATION) > 0) {
      problems.add(name + " must be in [0, " + MAX_DURATION + "], but was " + value);
    }
  }

  private static void unknownKeys(
      String what, Set<String> given, Set<String> known, List<String> problems) {
    for (String key : new TreeSet<>(given)) {
      if (!known.contains(key)) {
        problems.add("unknown " + what + " '" + key + "'; known: " + new TreeSet<>(known));
      }
    }
  }

  private static Duration duration(
      Map<String, String> p, String key, Duration fallback, List<String> problems) {
    String value = p.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Duration.parse(value.trim());
    } catch (DateTimeParseException e) {
      problems.add(key + " must be an ISO-8601 duration such as PT30S, but was '" + value + "'");
      return fallback;
    }
  }

  private static int integer(
      Map<String, String> p, String key, int fallback, List<String> problems) {
    String value = p.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      problems.add(key + " must be an integer, but was '" + value + "'");
      return fallback;
    }
  }

  /** Builds a {@link Neo4jTopologyConfig}, starting from the defaults. */
  public static final class Builder {
    private URI uri;
    private String uriText;
    private String user;
    private Secret password;
    private String database = "";
    private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
    private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
    private Duration maxRetryTime = DEFAULT_MAX_RETRY_TIME;
    private Duration cacheTtl = DEFAULT_CACHE_TTL;
    private int maxResources = DEFAULT_MAX_RESOURCES;

    private Builder() {}

    /** Sets the Bolt URI. */
    public Builder uri(URI uri) {
      this.uri = uri;
      this.uriText = null;
      return this;
    }

    /** Sets the Bolt URI from a string; a string that is no URI is reported by {@link #build()}. */
    public Builder uri(String uri) {
      this.uri = null;
      this.uriText = uri;
      return this;
    }

    /** Sets the user name. */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** Sets the password. */
    public Builder password(Secret password) {
      this.password = password;
      return this;
    }

    /** Sets the database; empty means the server's default database. */
    public Builder database(String database) {
      this.database = database;
      return this;
    }

    /** Sets the server-side timeout of one read transaction. */
    public Builder queryTimeout(Duration queryTimeout) {
      this.queryTimeout = queryTimeout;
      return this;
    }

    /** Sets the timeout for opening a connection. */
    public Builder connectionTimeout(Duration connectionTimeout) {
      this.connectionTimeout = connectionTimeout;
      return this;
    }

    /** Sets how long the driver may retry transient failures; zero disables its retries. */
    public Builder maxRetryTime(Duration maxRetryTime) {
      this.maxRetryTime = maxRetryTime;
      return this;
    }

    /** Sets how long a snapshot is served before the graph is read again. */
    public Builder cacheTtl(Duration cacheTtl) {
      this.cacheTtl = cacheTtl;
      return this;
    }

    /** Sets the most resources a snapshot may hold. */
    public Builder maxResources(int maxResources) {
      this.maxResources = maxResources;
      return this;
    }

    /**
     * Returns the config.
     *
     * @throws ConfigurationException listing every problem found
     */
    public Neo4jTopologyConfig build() {
      List<String> problems = new ArrayList<>();
      URI parsed = uri;
      boolean unparsable = false;
      if (parsed == null && uriText != null) {
        try {
          parsed = new URI(uriText.trim());
        } catch (URISyntaxException e) {
          problems.add("uri is not a URI: " + e.getMessage());
          unparsable = true;
        }
      }
      try {
        Neo4jTopologyConfig config =
            new Neo4jTopologyConfig(
                parsed,
                user,
                password,
                database,
                queryTimeout,
                connectionTimeout,
                maxRetryTime,
                cacheTtl,
                maxResources);
        if (problems.isEmpty()) {
          return config;
        }
      } catch (ConfigurationException e) {
        for (String problem : e.problems()) {
          // The parse failure already says what is wrong with the uri.
          if (!(unparsable && problem.equals(URI_MISSING))) {
            problems.add(problem);
          }
        }
      }
      throw new ConfigurationException(problems);
    }
  }
}
