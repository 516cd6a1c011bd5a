package io.topdeck.monitoring.prometheus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL templates the collector evaluates, one per figure, and the helpers that fill them.
 *
 * <p>A template holds placeholders that the collector fills per call:
 *
 * <ul>
 *   <li>{@code ${selector}}: the label matchers of the resource, without braces, for example {@code
 *       job="node",instance="10.0.0.1:9100"}; see {@link #selector(Map)}
 *   <li>{@code ${podSelector}}: the matchers built from the attributes {@code namespace}, {@code
 *       pod} and {@code container}; a figure whose template needs it is {@code NaN} for a resource
 *       that has none of them
 *   <li>{@code ${window}}: the rate window, {@code max(step, 4 × scrape interval)}
 *   <li>{@code ${step}}: the step, for counts per step computed with {@code increase}
 * </ul>
 *
 * <p>A template is overridden with the property {@code promql.<key>} of the collector's
 * configuration, or, for one resource, with its attribute {@code promql.<key>}; the attribute wins.
 * An empty template switches the figure off: it is then {@code NaN}. The keys are listed in {@link
 * #KEYS}, for example {@code promql.p95} or {@code promql.cpu}.
 *
 * <p>Single-valued templates must return at most one series per step (aggregate with {@code sum} or
 * {@code avg}); the status template returns one series per status code.
 *
 * @since 0.1.0
 */
public final class PromQlTemplates {

  /** Application: requests per second. */
  public static final String REQUEST_RATE = "requestRate";

  /** Application: share of 5xx responses, 0 to 1. */
  public static final String ERROR_RATE = "errorRate";

  /** Application: mean response time in milliseconds. */
  public static final String AVERAGE = "avg";

  /** Application: 95th percentile response time in milliseconds. */
  public static final String P95 = "p95";

  /** Application: 99th percentile response time in milliseconds. */
  public static final String P99 = "p99";

  /** Application: requests per second by status code, one series per code. */
  public static final String STATUS_RATES = "statusRates";

  /** Infrastructure: CPU busy percent. */
  public static final String CPU = "cpu";

  /** Infrastructure: memory in use in bytes. */
  public static final String MEMORY_USED = "memoryUsed";

  /** Infrastructure: memory in use in percent. */
  public static final String MEMORY_PERCENT = "memoryPercent";

  /** Infrastructure: bytes received per second. */
  public static final String NETWORK_IN = "networkIn";

  /** Infrastructure: bytes sent per second. */
  public static final String NETWORK_OUT = "networkOut";

  /** Infrastructure: bytes read from disk per second. */
  public static final String DISK_READ = "diskRead";

  /** Infrastructure: bytes written to disk per second. */
  public static final String DISK_WRITE = "diskWrite";

  /** Infrastructure: container restarts during the step. */
  public static final String CONTAINER_RESTARTS = "containerRestarts";

  /** Database: queries (PostgreSQL: transactions) per second. */
  public static final String DB_QUERIES = "dbQueries";

  /** Database: mean query time in milliseconds; no default. */
  public static final String DB_QUERY_TIME = "dbQueryTime";

  /** Database: slow queries per second. */
  public static final String DB_SLOW_QUERIES = "dbSlowQueries";

  /** Database: deadlocks during the step. */
  public static final String DB_DEADLOCKS = "dbDeadlocks";

  /** Database: timeouts during the step; no default. */
  public static final String DB_TIMEOUTS = "dbTimeouts";

  /** Database: lock wait time during the step in milliseconds. */
  public static final String DB_LOCK_WAIT = "dbLockWait";

  /** Database: connections in use as a share of the maximum, 0 to 1. */
  public static final String DB_CONNECTIONS = "dbConnections";

  /** Database: CPU percent; no default. */
  public static final String DB_CPU = "dbCpu";

  /** Database: storage percent; no default. */
  public static final String DB_STORAGE = "dbStorage";

  /** Every template key, in the order of the figures. */
  public static final List<String> KEYS =
      List.of(
          REQUEST_RATE,
          ERROR_RATE,
          AVERAGE,
          P95,
          P99,
          STATUS_RATES,
          CPU,
          MEMORY_USED,
          MEMORY_PERCENT,
          NETWORK_IN,
          NETWORK_OUT,
          DISK_READ,
          DISK_WRITE,
          CONTAINER_RESTARTS,
          DB_QUERIES,
          DB_QUERY_TIME,
          DB_SLOW_QUERIES,
          DB_DEADLOCKS,
          DB_TIMEOUTS,
          DB_LOCK_WAIT,
          DB_CONNECTIONS,
          DB_CPU,
          DB_STORAGE);

  /** Resource attributes whose values become label matchers, in this order. */
  public static final List<String> SELECTOR_ATTRIBUTES =
      List.of("job", "instance", "namespace", "service", "application");

  /** The placeholders a figure template may hold, in the order of the class documentation. */
  public static final List<String> PLACEHOLDERS =
      List.of("selector", "podSelector", "window", "step");

  /** Resource attributes whose values become the {@code ${podSelector}} matchers. */
  public static final List<String> POD_SELECTOR_ATTRIBUTES =
      List.of("namespace", "pod", "container");

  /** The resource attribute that replaces the built selector with raw label matchers. */
  public static final String SELECTOR_ATTRIBUTE = "promql.selector";

  /** The prefix of template overrides in configuration properties and resource attributes. */
  public static final String OVERRIDE_PREFIX = "promql.";

  /** Node exporter: CPU busy percent, averaged over all cores. */
  public static final String NODE_CPU_PERCENT =
      "100 * (1 - avg(rate(node_cpu_seconds_total{${selector},mode=\"idle\"}[${window}])))";

  /** Node exporter: memory in use, total minus available, in bytes. */
  public static final String NODE_MEMORY_USED_BYTES =
      "sum(node_memory_MemTotal_bytes{${selector}})"
          + " - sum(node_memory_MemAvailable_bytes{${selector}})";

  /** Node exporter: memory in use in percent of the total. */
  public static final String NODE_MEMORY_PERCENT =
      "100 * (1 - sum(node_memory_MemAvailable_bytes{${selector}})"
          + " / sum(node_memory_MemTotal_bytes{${selector}}))";

  /** Node exporter: bytes received per second over all interfaces but loopback. */
  public static final String NODE_NETWORK_IN =
      "sum(rate(node_network_receive_bytes_total{${selector},device!=\"lo\"}[${window}]))";

  /** Node exporter: bytes sent per second over all interfaces but loopback. */
  public static final String NODE_NETWORK_OUT =
      "sum(rate(node_network_transmit_bytes_total{${selector},device!=\"lo\"}[${window}]))";

  /** Node exporter: bytes read per second over all disks. */
  public static final String NODE_DISK_READ =
      "sum(rate(node_disk_read_bytes_total{${selector}}[${window}]))";

  /** Node exporter: bytes written per second over all disks. */
  public static final String NODE_DISK_WRITE =
      "sum(rate(node_disk_written_bytes_total{${selector}}[${window}]))";

  /** kube-state-metrics: container restarts during the step. */
  public static final String KUBE_CONTAINER_RESTARTS =
      "sum(increase(kube_pod_container_status_restarts_total{${podSelector}}[${step}]))";

  /** postgres_exporter, else mysqld_exporter: transactions or queries per second. */
  public static final String DB_QUERIES_DEFAULT =
      "sum(rate(pg_stat_database_xact_commit{${selector}}[${window}]))"
          + " + sum(rate(pg_stat_database_xact_rollback{${selector}}[${window}]))"
          + " or sum(rate(mysql_global_status_queries{${selector}}[${window}]))";

  /** mysqld_exporter: slow queries per second. */
  public static final String DB_SLOW_QUERIES_DEFAULT =
      "sum(rate(mysql_global_status_slow_queries{${selector}}[${window}]))";

  /**
   * postgres_exporter, else mysqld_exporter's InnoDB metrics (exported only when the {@code
   * info_schema.innodb_metrics} collector is on): deadlocks during the step.
   */
  public static final String DB_DEADLOCKS_DEFAULT =
      "sum(increase(pg_stat_database_deadlocks{${selector}}[${step}]))"
          + " or sum(increase(mysql_info_schema_innodb_metrics_lock_lock_deadlocks_total"
          + "{${selector}}[${step}]))";

  /** mysqld_exporter: InnoDB row lock time during the step, already in milliseconds. */
  public static final String DB_LOCK_WAIT_DEFAULT =
      "sum(increase(mysql_global_status_innodb_row_lock_time{${selector}}[${step}]))";

  /** postgres_exporter, else mysqld_exporter: connections in use per allowed connection. */
  public static final String DB_CONNECTIONS_DEFAULT =
      "sum(pg_stat_activity_count{${selector}}) / max(pg_settings_max_connections{${selector}})"
          + " or sum(mysql_global_status_threads_connected{${selector}})"
          + " / max(mysql_global_variables_max_connections{${selector}})";

  /** Micrometer: requests per second. */
  public static final String MICROMETER_REQUEST_RATE =
      "sum(rate(http_server_requests_seconds_count{${selector}}[${window}]))";

  /** Micrometer: share of 5xx responses; {@code NaN} when there were no requests. */
  public static final String MICROMETER_ERROR_RATE =
      "(sum(rate(http_server_requests_seconds_count{${selector},status=~\"5..\"}[${window}]))"
          + " or vector(0))"
          + " / sum(rate(http_server_requests_seconds_count{${selector}}[${window}]))";

  /** Micrometer: mean response time in milliseconds. */
  public static final String MICROMETER_AVERAGE =
      "1000 * sum(rate(http_server_requests_seconds_sum{${selector}}[${window}]))"
          + " / sum(rate(http_server_requests_seconds_count{${selector}}[${window}]))";

  /** Micrometer: 95th percentile in milliseconds (needs histogram buckets published). */
  public static final String MICROMETER_P95 = quantile("0.95", "http_server_requests_seconds");

  /** Micrometer: 99th percentile in milliseconds (needs histogram buckets published). */
  public static final String MICROMETER_P99 = quantile("0.99", "http_server_requests_seconds");

  /** Micrometer: requests per second by status code. */
  public static final String MICROMETER_STATUS_RATES =
      "sum by (status) (rate(http_server_requests_seconds_count{${selector}}[${window}]))";

  /** http_request_duration_seconds: requests per second. */
  public static final String HTTP_DURATION_REQUEST_RATE =
      "sum(rate(http_request_duration_seconds_count{${selector}}[${window}]))";

  /** http_request_duration_seconds: share of 5xx responses, status label code or status. */
  public static final String HTTP_DURATION_ERROR_RATE =
      "(sum(rate(http_request_duration_seconds_count{${selector},code=~\"5..\"}[${window}]))"
          + " or sum(rate(http_request_duration_seconds_count{${selector},status=~\"5..\"}"
          + "[${window}])) or vector(0))"
          + " / sum(rate(http_request_duration_seconds_count{${selector}}[${window}]))";

  /** http_request_duration_seconds: mean response time in milliseconds. */
  public static final String HTTP_DURATION_AVERAGE =
      "1000 * sum(rate(http_request_duration_seconds_sum{${selector}}[${window}]))"
          + " / sum(rate(http_request_duration_seconds_count{${selector}}[${window}]))";

  /** http_request_duration_seconds: 95th percentile in milliseconds. */
  public static final String HTTP_DURATION_P95 = quantile("0.95", "http_request_duration_seconds");

  /** http_request_duration_seconds: 99th percentile in milliseconds. */
  public static final String HTTP_DURATION_P99 = quantile("0.99", "http_request_duration_seconds");

  /** http_request_duration_seconds: requests per second by the label code or status. */
  public static final String HTTP_DURATION_STATUS_RATES =
      "sum by (code, status) (rate(http_request_duration_seconds_count{${selector}}[${window}]))";

  /**
   * The instant query that tells which HTTP convention a resource exposes: it returns one sample
   * per metric name found. Placeholder {@code ${range}} is the length of the requested range.
   */
  public static final String HTTP_CONVENTION_PROBE =
      "count by (__name__) (last_over_time({__name__=~\"http_server_requests_seconds_count"
          + "|http_request_duration_seconds_count\",${selector}}[${range}]))";

  /** The query that lists node_exporter targets, one sample per job and instance. */
  public static final String NODE_EXPORTER_TARGETS =
      "count by (job, instance) (node_cpu_seconds_total)";

  private static final Set<String> KNOWN_KEYS = Set.copyOf(KEYS);
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)}");

  private PromQlTemplates() {}

  /** Returns whether {@code key} names a template. */
  public static boolean isKey(String key) {
    return KNOWN_KEYS.contains(key);
  }

  /**
   * Returns the default template for {@code key} under {@code convention}, or an empty string for a
   * figure with no default.
   *
   * @throws IllegalArgumentException if {@code key} is not one of {@link #KEYS}, or {@code
   *     convention} is {@link HttpConvention#AUTO} for an application key
   */
  public static String defaultTemplate(String key, HttpConvention convention) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(convention, "convention");
    boolean micrometer = convention == HttpConvention.MICROMETER;
    boolean application =
        List.of(REQUEST_RATE, ERROR_RATE, AVERAGE, P95, P99, STATUS_RATES).contains(key);
    if (application && convention == HttpConvention.AUTO) {
      throw new IllegalArgumentException("convention must be resolved, but was auto for " + key);
    }
    return switch (key) {
      case REQUEST_RATE -> micrometer ? MICROMETER_REQUEST_RATE : HTTP_DURATION_REQUEST_RATE;
      case ERROR_RATE -> micrometer ? MICROMETER_ERROR_RATE : HTTP_DURATION_ERROR_RATE;
      case AVERAGE -> micrometer ? MICROMETER_AVERAGE : HTTP_DURATION_AVERAGE;
      case P95 -> micrometer ? MICROMETER_P95 : HTTP_DURATION_P95;
      case P99 -> micrometer ? MICROMETER_P99 : HTTP_DURATION_P99;
      case STATUS_RATES -> micrometer ? MICROMETER_STATUS_RATES : HTTP_DURATION_STATUS_RATES;
      case CPU -> NODE_CPU_PERCENT;
      case MEMORY_USED -> NODE_MEMORY_USED_BYTES;
      case MEMORY_PERCENT -> NODE_MEMORY_PERCENT;
      case NETWORK_IN -> NODE_NETWORK_IN;
      case NETWORK_OUT -> NODE_NETWORK_OUT;
      case DISK_READ -> NODE_DISK_READ;
      case DISK_WRITE -> NODE_DISK_WRITE;
      case CONTAINER_RESTARTS -> KUBE_CONTAINER_RESTARTS;
      case DB_QUERIES -> DB_QUERIES_DEFAULT;
      case DB_SLOW_QUERIES -> DB_SLOW_QUERIES_DEFAULT;
      case DB_DEADLOCKS -> DB_DEADLOCKS_DEFAULT;
      case DB_LOCK_WAIT -> DB_LOCK_WAIT_DEFAULT;
      case DB_CONNECTIONS -> DB_CONNECTIONS_DEFAULT;
      case DB_QUERY_TIME, DB_TIMEOUTS, DB_CPU, DB_STORAGE -> "";
      default -> throw new IllegalArgumentException("unknown template key: " + key);
    };
  }

  /**
   * Returns {@code template} with each {@code ${name}} replaced by {@code values.get(name)}.
   *
   * @throws IllegalArgumentException if a placeholder has no value
   */
  public static String render(String template, Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 64);
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "template placeholder ${" + matcher.group(1) + "} has no value");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /**
   * Returns the names of the placeholders in {@code template} that are not {@link #PLACEHOLDERS},
   * in order of first appearance, each once.
   */
  public static List<String> unknownPlaceholders(String template) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    Set<String> unknown = new java.util.LinkedHashSet<>();
    while (matcher.find()) {
      if (!PLACEHOLDERS.contains(matcher.group(1))) {
        unknown.add(matcher.group(1));
      }
    }
    return List.copyOf(unknown);
  }

  /** Returns whether {@code template} holds the placeholder {@code ${name}}. */
  public static boolean uses(String template, String name) {
    return template.contains("${" + name + "}");
  }

  /**
   * Returns label matchers {@code name="value"} joined by commas, in the iteration order of {@code
   * labels}, with each value escaped by {@link #escapeLabelValue(String)}.
   */
  public static String selector(Map<String, String> labels) {
    StringBuilder out = new StringBuilder();
    labels.forEach(
        (name, value) -> {
          if (out.length() > 0) {
            out.append(',');
          }
          out.append(name).append("=\"").append(escapeLabelValue(value)).append('"');
        });
    return out.toString();
  }

  /** Returns {@code value} escaped for a double-quoted PromQL string. */
  public static String escapeLabelValue(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Returns {@code duration} as a PromQL duration: whole seconds as {@code 60s}, else ms. */
  public static String duration(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
  }

  private static String quantile(String q, String metric) {
    return "1000 * histogram_quantile("
        + q
        + ", sum by (le) (rate("
        + metric
        + "_bucket{${selector}}[${window}])))";
  }
}
