package io.topdeck.monitoring.prometheus;

import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.EndpointPolicy;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The configuration of the Prometheus collector, validated once when built.
 *
 * <p>From a {@link PlatformConfig} ({@link #from(PlatformConfig)}) these properties are read:
 *
 * <ul>
 *   <li>{@code url} (required): the base URL of the Prometheus server, {@code http} or {@code
 *       https}, for example {@code http://prometheus:9090} or {@code https://host/prometheus}; it
 *       must hold no user info, query or fragment
 *   <li>{@code connectTimeout}: default {@code 5s}
 *   <li>{@code readTimeout}: default {@code 30s}; the longest wait for the next bytes
 *   <li>{@code callTimeout}: the longest a whole call may take, connecting, sending and reading the
 *       complete body, so that a server trickling bytes cannot hold a caller; default the larger of
 *       {@code 60s} and {@code connectTimeout + 2 × readTimeout}
 *   <li>{@code username}: the user for basic authentication; needs the secret {@code password}
 *   <li>{@code maxPointsPerRequest}: the most points per series a range request asks for, default
 *       11,000 (Prometheus' own limit); longer ranges are split
 *   <li>{@code maxRequestsPerRange}: the most requests one range query is split into, default 100;
 *       a range that needs more fails with {@code BAD_QUERY} rather than flood the server
 *   <li>{@code maxResponseBytes}: the largest response body read, default 64 MiB
 *   <li>{@code scrapeInterval}: the assumed scrape interval, default {@code 15s}; the rate window
 *       is {@code max(step, 4 × scrapeInterval)}
 *   <li>{@code httpConvention}: {@code auto} (default), {@code micrometer} or {@code
 *       http_request_duration}; see {@link HttpConvention}
 *   <li>{@code allowInsecureHttp}: {@code false} (default) refuses plain {@code http} to any host
 *       but a loopback address; {@code true} allows it
 *   <li>{@code promql.<key>}: a PromQL template overriding the default of the figure {@code key},
 *       one of {@link PromQlTemplates#KEYS}
 * </ul>
 *
 * <p>and these secrets: {@code bearerToken} (sent as {@code Authorization: Bearer}) or {@code
 * password} (with {@code username}, sent as basic authentication); not both. Durations are written
 * as {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} or in ISO-8601 ({@code PT5S}); each timeout
 * must lie between 1 ms and 24 h. The bearer token must be visible ASCII, since it is sent as is in
 * a header. A template override may use only the placeholders {@link PromQlTemplates#PLACEHOLDERS}.
 *
 * @param url the base URL, http or https
 * @param bearerToken the bearer token, or {@code null}
 * @param username the basic-authentication user, or {@code null}
 * @param password the basic-authentication password, or {@code null}
 * @param connectTimeout the connect timeout, 1 ms to 24 h
 * @param readTimeout the read timeout, 1 ms to 24 h
 * @param callTimeout the timeout of a whole call, 1 ms to 24 h
 * @param maxPointsPerRequest the most points per series per range request, at least 2
 * @param maxRequestsPerRange the most requests one range query is split into, 1 to 1,000,000
 * @param maxResponseBytes the largest response body read, 1 KiB to 1 GiB
 * @param scrapeInterval the assumed scrape interval, positive
 * @param httpConvention which HTTP metric names the application templates use
 * @param templates PromQL template overrides keyed by {@link PromQlTemplates#KEYS}
 * @param allowInsecureHttp whether plain {@code http} to a host other than a loopback address is
 *     allowed; see {@link EndpointPolicy}
 * @since 0.1.0
 */
public record PrometheusConfig(
    URI url,
    Secret bearerToken,
    String username,
    Secret password,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    int maxPointsPerRequest,
    int maxRequestsPerRange,
    long maxResponseBytes,
    Duration scrapeInterval,
    HttpConvention httpConvention,
    Map<String, String> templates,
    boolean allowInsecureHttp) {

  /** The platform id. */
  public static final String PLATFORM = "prometheus";

  /** The default connect timeout, 5 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** The default read timeout, 30 seconds. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  /** The least default call timeout, 60 seconds; see {@link #defaultCallTimeout}. */
  public static final Duration MIN_DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

  /** The default most requests per range query, 100. */
  public static final int DEFAULT_MAX_REQUESTS_PER_RANGE = 100;

  /** The shortest timeout accepted, 1 ms: OkHttp would round anything shorter to "no timeout". */
  public static final Duration MIN_TIMEOUT = Duration.ofMillis(1);

  /** The longest timeout accepted, 24 hours. */
  public static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  /** The default points per range request, Prometheus' own limit of 11,000. */
  public static final int DEFAULT_MAX_POINTS_PER_REQUEST = 11_000;

  /** The default response body limit, 64 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 64L * 1024 * 1024;

  /** The default assumed scrape interval, 15 seconds. */
  public static final Duration DEFAULT_SCRAPE_INTERVAL = Duration.ofSeconds(15);

  private static final Set<String> PROPERTY_KEYS =
      Set.of(
          "url",
          "connectTimeout",
          "readTimeout",
          "callTimeout",
          "username",
          "maxPointsPerRequest",
          "maxRequestsPerRange",
          "maxResponseBytes",
          "scrapeInterval",
          "httpConvention",
          "allowInsecureHttp");
  private static final Set<String> SECRET_KEYS = Set.of("bearerToken", "password");
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  /**
   * Validates every component and reports all problems at once.
   *
   * @throws ConfigurationException listing every problem; the message never holds a secret
   */
  public PrometheusConfig {
    templates = templates == null ? Map.of() : Map.copyOf(templates);
    List<String> problems = new ArrayList<>();
    checkUrl(url, problems);
    if (problems.isEmpty()) {
      try {
        new EndpointPolicy(allowInsecureHttp).check("url", url.toString());
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    if (bearerToken != null && (username != null || password != null)) {
      problems.add("bearerToken and username/password are exclusive, but both were given");
    }
    if ((username == null) != (password == null)) {
      problems.add("username and password must be given together, but only one was given");
    }
    if (username != null && (username.isBlank() || username.indexOf(':') >= 0)) {
      problems.add("username must be non-blank and hold no ':'");
    }
    if (bearerToken != null && !isHeaderToken(bearerToken.reveal())) {
      // Never echo the value: the point of the check is a token that cannot be sent.
      problems.add(
          "bearerToken must be non-empty visible ASCII (it is sent as is in a header),"
              + " but holds other characters");
    }
    checkTimeout("connectTimeout", connectTimeout, problems);
    checkTimeout("readTimeout", readTimeout, problems);
    checkTimeout("callTimeout", callTimeout, problems);
    checkPositive("scrapeInterval", scrapeInterval, problems);
    if (maxPointsPerRequest < 2) {
      problems.add("maxPointsPerRequest must be at least 2, but was " + maxPointsPerRequest);
    }
    if (maxRequestsPerRange < 1 || maxRequestsPerRange > 1_000_000) {
      problems.add(
          "maxRequestsPerRange must be between 1 and 1000000, but was " + maxRequestsPerRange);
    }
    if (maxResponseBytes < 1024 || maxResponseBytes > 1024L * 1024 * 1024) {
      problems.add(
          "maxResponseBytes must be between 1024 and 1073741824, but was " + maxResponseBytes);
    }
    if (httpConvention == null) {
      problems.add("httpConvention must not be null");
    }
    for (String key : new TreeSet<>(templates.keySet())) {
      if (!PromQlTemplates.isKey(key)) {
        problems.add(
            "promql."
                + key
                + " is not a known template; known are "
                + String.join(", ", PromQlTemplates.KEYS));
      } else {
        List<String> unknown = PromQlTemplates.unknownPlaceholders(templates.get(key));
        if (!unknown.isEmpty()) {
          problems.add(
              "promql."
                  + key
                  + " uses unknown placeholder "
                  + unknown.stream().map(n -> "${" + n + "}").collect(Collectors.joining(", "))
                  + "; known are "
                  + PromQlTemplates.PLACEHOLDERS.stream()
                      .map(n -> "${" + n + "}")
                      .collect(Collectors.joining(", ")));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
  }

  /** Returns a builder with the defaults, for the server at {@code url}. */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /**
   * Returns the config described by {@code config}, checked as a whole.
   *
   * @throws ConfigurationException listing every problem, including unknown keys; the message never
   *     holds a secret's value
   */
  public static PrometheusConfig from(PlatformConfig config) {
    Objects.requireNonNull(config, "config");
    List<String> problems = new ArrayList<>();
    Map<String, String> props = config.properties();
    Map<String, String> templates = new LinkedHashMap<>();
    for (String key : new TreeSet<>(props.keySet())) {
      if (key.startsWith(PromQlTemplates.OVERRIDE_PREFIX)) {
        templates.put(key.substring(PromQlTemplates.OVERRIDE_PREFIX.length()), props.get(key));
      } else if (!PROPERTY_KEYS.contains(key)) {
        problems.add("unknown property " + key + "; known are " + new TreeSet<>(PROPERTY_KEYS));
      }
    }
    for (String key : new TreeSet<>(config.secrets().keySet())) {
      if (!SECRET_KEYS.contains(key)) {
        problems.add("unknown secret " + key + "; known are " + new TreeSet<>(SECRET_KEYS));
      }
    }
    URI url = null;
    String rawUrl = props.get("url");
    if (rawUrl == null || rawUrl.isBlank()) {
      problems.add("url is required");
    } else {
      url = parseUrl(rawUrl, problems);
    }
    Duration connect = duration(props, "connectTimeout", DEFAULT_CONNECT_TIMEOUT, problems);
    Duration read = duration(props, "readTimeout", DEFAULT_READ_TIMEOUT, problems);
    Duration call = duration(props, "callTimeout", null, problems);
    Duration scrape = duration(props, "scrapeInterval", DEFAULT_SCRAPE_INTERVAL, problems);
    long maxPoints = number(props, "maxPointsPerRequest", DEFAULT_MAX_POINTS_PER_REQUEST, problems);
    long maxRequests =
        number(props, "maxRequestsPerRange", DEFAULT_MAX_REQUESTS_PER_RANGE, problems);
    long maxBytes = number(props, "maxResponseBytes", DEFAULT_MAX_RESPONSE_BYTES, problems);
    HttpConvention convention = convention(props.get("httpConvention"), problems);
    boolean insecure = bool(props, "allowInsecureHttp", problems);
    try {
      PrometheusConfig candidate =
          new PrometheusConfig(
              url == null ? URI.create("https://placeholder.invalid") : url,
              config.secrets().get("bearerToken"),
              props.get("username"),
              config.secrets().get("password"),
              connect,
              read,
              call != null ? call : defaultCallTimeout(connect, read),
              clampToInt(maxPoints),
              clampToInt(maxRequests),
              maxBytes,
              scrape,
              convention,
              templates,
              insecure);
      if (problems.isEmpty()) {
        return candidate;
      }
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    throw new ConfigurationException(problems);
  }

  /**
   * Returns the call timeout used when none is given: the larger of {@link
   * #MIN_DEFAULT_CALL_TIMEOUT} and {@code connectTimeout + 2 × readTimeout}, at most {@link
   * #MAX_TIMEOUT}, so that raising the read timeout alone never cuts a call short.
   */
  public static Duration defaultCallTimeout(Duration connectTimeout, Duration readTimeout) {
    Duration derived = MIN_DEFAULT_CALL_TIMEOUT;
    if (connectTimeout != null && readTimeout != null) {
      Duration sum = saturatedSum(connectTimeout, readTimeout, readTimeout);
      derived = sum.compareTo(derived) > 0 ? sum : derived;
    }
    return derived.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : derived;
  }

  private static Duration saturatedSum(Duration... parts) {
    Duration sum = Duration.ZERO;
    for (Duration part : parts) {
      if (part.compareTo(MAX_TIMEOUT) > 0) {
        return MAX_TIMEOUT;
      }
      sum = sum.plus(part.isNegative() ? Duration.ZERO : part);
    }
    return sum;
  }

  private static boolean bool(Map<String, String> props, String key, List<String> problems) {
    String raw = props.get(key);
    if (raw == null || raw.equals("false")) {
      return false;
    }
    if (raw.equals("true")) {
      return true;
    }
    problems.add(key + " must be true or false, but was '" + raw + "'");
    return false;
  }

  private static int clampToInt(long value) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }

  /** Returns whether {@code value} is non-empty and only visible ASCII (0x21 to 0x7E). */
  private static boolean isHeaderToken(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** Returns the template override for {@code key}, or {@code null} when the default applies. */
  public String template(String key) {
    return templates.get(key);
  }

  /** Shows the settings; secrets appear as {@code OBFUSCATED}. */
  @Override
  public String toString() {
    return "PrometheusConfig[url="
        + url
        + ", bearerToken="
        + (bearerToken == null ? "none" : "OBFUSCATED")
        + ", username="
        + username
        + ", password="
        + (password == null ? "none" : "OBFUSCATED")
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", callTimeout="
        + callTimeout
        + ", maxPointsPerRequest="
        + maxPointsPerRequest
        + ", maxRequestsPerRange="
        + maxRequestsPerRange
        + ", maxResponseBytes="
        + maxResponseBytes
        + ", scrapeInterval="
        + scrapeInterval
        + ", httpConvention="
        + httpConvention
        + ", templates="
        + new TreeMap<>(templates)
        + ", allowInsecureHttp="
        + allowInsecureHttp
        + "]";
  }

  private static void checkUrl(URI url, List<String> problems) {
    if (url == null) {
      problems.add("url must not be null");
      return;
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      problems.add("url must use http or https, but was " + shown(url.toString()));
    } else if (url.getHost() == null || url.getHost().isEmpty()) {
      problems.add("url must name a host, but was " + shown(url.toString()));
    }
    if (url.getRawUserInfo() != null) {
      problems.add("url must not hold user info; use username and the secret password instead");
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      problems.add("url must hold no query or fragment, but was " + shown(url.toString()));
    }
  }

  private static URI parseUrl(String raw, List<String> problems) {
    if (!raw.trim().contains("://")) {
      problems.add("url must start with http:// or https://, but was " + shown(raw));
      return null;
    }
    try {
      URI uri = new URI(raw.trim());
      if (!uri.isAbsolute()) {
        problems.add("url must be an absolute http or https URL, but was " + shown(raw));
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      problems.add(
          "url is malformed ("
              + e.getReason()
              + " at index "
              + e.getIndex()
              + "), but was "
              + shown(raw));
      return null;
    }
  }

  /**
   * Quotes a URL for a message as scheme://host:port/path: a query or fragment may hold an access
   * token, and user info a password, so neither is shown.
   */
  private static String shown(String raw) {
    if (raw.indexOf('@') >= 0) {
      return "<redacted: holds '@'>";
    }
    int cut = raw.length();
    for (char c : new char[] {'?', '#'}) {
      int at = raw.indexOf(c);
      if (at >= 0 && at < cut) {
        cut = at;
      }
    }
    return "'"
        + raw.substring(0, cut)
        + "'"
        + (cut < raw.length() ? " (query and fragment not shown)" : "");
  }

  private static void checkTimeout(String key, Duration value, List<String> problems) {
    if (value == null || value.compareTo(MIN_TIMEOUT) < 0 || value.compareTo(MAX_TIMEOUT) > 0) {
      problems.add(key + " must be between 1ms and 24h, but was " + value);
    }
  }

  private static void checkPositive(String key, Duration value, List<String> problems) {
    if (value == null || value.isNegative() || value.isZero()) {
      problems.add(key + " must be positive, but was " + value);
    }
  }

  private static Duration duration(
      Map<String, String> props, String key, Duration fallback, List<String> problems) {
    String raw = props.get(key);
    if (raw == null) {
      return fallback;
    }
    Matcher m = SIMPLE_DURATION.matcher(raw.trim());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(raw.trim());
    } catch (DateTimeParseException e) {
      problems.add(key + " must be a duration like 500ms, 5s, 2m or PT5S, but was '" + raw + "'");
      return fallback;
    }
  }

  private static long number(
      Map<String, String> props, String key, long fallback, List<String> problems) {
    String raw = props.get(key);
    if (raw == null) {
      return fallback;
    }
    try {
      return Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      problems.add(key + " must be a whole number, but was '" + raw + "'");
      return fallback;
    }
  }

  private static HttpConvention convention(String raw, List<String> problems) {
    if (raw == null) {
      return HttpConvention.AUTO;
    }
    for (HttpConvention c : HttpConvention.values()) {
      if (c.configValue().equals(raw.trim().toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    problems.add(
        "httpConvention must be auto, micrometer or http_request_duration, but was '" + raw + "'");
    return HttpConvention.AUTO;
  }

  /**
   * Builds a {@link PrometheusConfig}; every setter has the default named in the record's
   * documentation.
   */
  public static final class Builder {
    private final String url;
    private Secret bearerToken;
    private String username;
    private Secret password;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration callTimeout;
    private int maxPointsPerRequest = DEFAULT_MAX_POINTS_PER_REQUEST;
    private int maxRequestsPerRange = DEFAULT_MAX_REQUESTS_PER_RANGE;
    private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private Duration scrapeInterval = DEFAULT_SCRAPE_INTERVAL;
    private HttpConvention httpConvention = HttpConvention.AUTO;
    private final Map<String, String> templates = new LinkedHashMap<>();
    private boolean allowInsecureHttp;

    private Builder(String url) {
      this.url = Objects.requireNonNull(url, "url");
    }

    /** Sets the bearer token sent as {@code Authorization: Bearer}. */
    public Builder bearerToken(Secret token) {
      this.bearerToken = Objects.requireNonNull(token, "token");
      return this;
    }

    /** Sets the user and password sent as basic authentication. */
    public Builder basicAuth(String username, Secret password) {
      this.username = Objects.requireNonNull(username, "username");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** Sets the connect timeout; default 5 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Sets the read timeout; default 30 s. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sets the timeout of a whole call; default the larger of 60 s and {@code connectTimeout + 2 ×
     * readTimeout}.
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Sets the most requests one range query is split into; default 100. */
    public Builder maxRequestsPerRange(int requests) {
      this.maxRequestsPerRange = requests;
      return this;
    }

    /** Sets the most points per series per range request; default 11,000. */
    public Builder maxPointsPerRequest(int points) {
      this.maxPointsPerRequest = points;
      return this;
    }

    /** Sets the largest response body read; default 64 MiB. */
    public Builder maxResponseBytes(long bytes) {
      this.maxResponseBytes = bytes;
      return this;
    }

    /** Sets the assumed scrape interval; default 15 s. */
    public Builder scrapeInterval(Duration interval) {
      this.scrapeInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** Sets the HTTP metric convention; default {@link HttpConvention#AUTO}. */
    public Builder httpConvention(HttpConvention convention) {
      this.httpConvention = Objects.requireNonNull(convention, "convention");
      return this;
    }

    /** Overrides the PromQL template of {@code key}; an empty template switches it off. */
    public Builder template(String key, String promql) {
      templates.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(promql, "promql"));
      return this;
    }

    /**
     * Returns the config.
     *
     * @throws ConfigurationException listing every problem
     */
    public PrometheusConfig build() {
      List<String> problems = new ArrayList<>();
      URI parsed = parseUrl(url, problems);
      if (!problems.isEmpty()) {
        throw new ConfigurationException(problems);
      }
      return new PrometheusConfig(
          parsed,
          bearerToken,
          username,
          password,
          connectTimeout,
          readTimeout,
          callTimeout != null ? callTimeout : defaultCallTimeout(connectTimeout, readTimeout),
          maxPointsPerRequest,
          maxRequestsPerRange,
          maxResponseBytes,
          scrapeInterval,
          httpConvention,
          templates,
          allowInsecureHttp);
    }

    /**
     * Allows plain {@code http} to a host other than a loopback address; default false, so that
     * credentials and data never cross a network unencrypted by accident.
     */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }
  }
}
