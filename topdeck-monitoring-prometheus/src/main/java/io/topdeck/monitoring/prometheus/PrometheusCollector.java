package io.topdeck.monitoring.prometheus;

import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.DatabaseMetrics;
import io.topdeck.monitoring.api.InfrastructureMetrics;
import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.MetricSeries;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.MonitoringException.Kind;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A {@link MetricsCollector} over the Prometheus HTTP API: application figures from HTTP server
 * histograms, infrastructure figures from node_exporter (and kube-state-metrics for restarts), and
 * database figures from postgres_exporter or mysqld_exporter.
 *
 * <p>Each figure is one range query of a PromQL template (see {@link PromQlTemplates} for the
 * defaults, the placeholders and how to override them). The label selector of a resource is built
 * from its attributes {@code job}, {@code instance}, {@code namespace}, {@code service} and {@code
 * application}, or taken verbatim from its attribute {@code promql.selector}; a resource with none
 * of them fails with {@link Kind#BAD_QUERY}. Rates use the window {@code max(step, 4 ×
 * scrapeInterval)}, so that a window always holds at least four samples; counts per step (restarts,
 * deadlocks, lock wait) use {@code increase} over the step itself, and are {@code NaN} when the
 * step is shorter than two scrape intervals.
 *
 * <p>The figure of the step {@code [t, t + step)} is Prometheus' value at the step's end, {@code t
 * + step}, reported at {@code t}: a rate or increase then covers the step itself and a gauge gives
 * its value when the step ends. To compare with a plain {@code query_range} of the same PromQL,
 * evaluate it at {@code from + step, from + 2 × step, ...}.
 *
 * <p>The figures are joined by timestamp: a figure with no point at a step is {@code NaN}, and a
 * step where no figure has a point is left out. A single-valued template that returns more than one
 * series fails with {@link Kind#BAD_QUERY} rather than picking one. Status-code rates are keyed by
 * the label {@code status}, else {@code code}, else {@code unknown}.
 *
 * @since 0.1.0
 */
public final class PrometheusCollector implements MetricsCollector {

  private static final Set<Signal> SIGNALS =
      Set.of(Signal.APPLICATION, Signal.DATABASE, Signal.INFRASTRUCTURE);
  private static final List<String> APPLICATION_KEYS =
      List.of(
          PromQlTemplates.REQUEST_RATE,
          PromQlTemplates.ERROR_RATE,
          PromQlTemplates.AVERAGE,
          PromQlTemplates.P95,
          PromQlTemplates.P99,
          PromQlTemplates.STATUS_RATES);

  private final PrometheusClient client;
  private final PrometheusConfig config;
  private final Clock clock;

  /** Creates a collector with its own client; opens no connection yet. */
  public PrometheusCollector(PrometheusConfig config) {
    this(new PrometheusClient(config), Clock.systemUTC());
  }

  PrometheusCollector(PrometheusClient client, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.config = client.config();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String platform() {
    return PrometheusConfig.PLATFORM;
  }

  @Override
  public Set<Signal> supportedSignals() {
    return SIGNALS;
  }

  /** Returns the low-level client this collector queries through. */
  public PrometheusClient client() {
    return client;
  }

  /** Returns the rate window used for {@code step}: {@code max(step, 4 × scrapeInterval)}. */
  public Duration rateWindow(Duration step) {
    Duration floor = config.scrapeInterval().multipliedBy(4);
    return step.compareTo(floor) > 0 ? step : floor;
  }

  /**
   * Returns the exact PromQL the collector evaluates for figure {@code key} of {@code resource}, or
   * empty when the figure is switched off or its template needs the {@code ${podSelector}} that the
   * resource lacks.
   *
   * @param convention the HTTP convention for application keys; ignored for the others
   * @throws IllegalArgumentException if {@code key} is unknown, or {@code convention} is {@code
   *     AUTO} for an application key without override
   * @throws MonitoringException of kind {@code BAD_QUERY} if the template needs a selector and the
   *     resource has no selecting attribute
   */
  public Optional<String> promql(
      String key, ResourceRef resource, Duration step, HttpConvention convention) {
    String template = template(key, resource, convention);
    if (template.isBlank()) {
      return Optional.empty();
    }
    Map<String, String> values = new HashMap<>();
    values.put("window", PromQlTemplates.duration(rateWindow(step)));
    values.put("step", PromQlTemplates.duration(step));
    String pods = podSelector(resource);
    if (PromQlTemplates.uses(template, "podSelector")) {
      if (pods == null) {
        return Optional.empty();
      }
      values.put("podSelector", pods);
    }
    if (PromQlTemplates.uses(template, "selector")) {
      values.put("selector", selector(resource));
    }
    return Optional.of(PromQlTemplates.render(template, values));
  }

  @Override
  public List<ApplicationMetrics> applicationMetrics(
      ResourceRef resource, TimeRange range, Duration step) {
    checkArgs(resource, range, step);
    HttpConvention convention = config.httpConvention();
    if (convention == HttpConvention.AUTO) {
      Optional<HttpConvention> found = detectConvention(resource, range);
      if (found.isEmpty() && !hasApplicationOverride(resource)) {
        return List.of();
      }
      convention = found.orElse(HttpConvention.MICROMETER);
    }
    Map<String, Map<Instant, Double>> figures = new LinkedHashMap<>();
    for (String key : APPLICATION_KEYS.subList(0, 5)) {
      figures.put(key, single(key, resource, range, step, convention));
    }
    Map<String, Map<Instant, Double>> statuses = statusRates(resource, range, step, convention);
    TreeSet<Instant> steps = timestamps(figures.values());
    statuses.values().forEach(m -> steps.addAll(m.keySet()));
    List<ApplicationMetrics> out = new ArrayList<>(steps.size());
    for (Instant t : steps) {
      Map<String, Double> codes = new TreeMap<>();
      statuses.forEach(
          (code, points) -> {
            Double v = points.get(t);
            if (v != null) {
              codes.put(code, v);
            }
          });
      out.add(
          new ApplicationMetrics(
              resource,
              t,
              at(figures, PromQlTemplates.REQUEST_RATE, t),
              at(figures, PromQlTemplates.ERROR_RATE, t),
              at(figures, PromQlTemplates.AVERAGE, t),
              at(figures, PromQlTemplates.P95, t),
              at(figures, PromQlTemplates.P99, t),
              codes));
    }
    return out;
  }

  @Override
  public List<InfrastructureMetrics> infrastructureMetrics(
      ResourceRef resource, TimeRange range, Duration step) {
    checkArgs(resource, range, step);
    Map<String, Map<Instant, Double>> f =
        figures(
            List.of(
                PromQlTemplates.CPU,
                PromQlTemplates.MEMORY_USED,
                PromQlTemplates.MEMORY_PERCENT,
                PromQlTemplates.NETWORK_IN,
                PromQlTemplates.NETWORK_OUT,
                PromQlTemplates.DISK_READ,
                PromQlTemplates.DISK_WRITE,
                PromQlTemplates.CONTAINER_RESTARTS),
            resource,
            range,
            step);
    return join(
        f,
        t ->
            new InfrastructureMetrics(
                resource,
                t,
                at(f, PromQlTemplates.CPU, t),
                at(f, PromQlTemplates.MEMORY_USED, t),
                at(f, PromQlTemplates.MEMORY_PERCENT, t),
                at(f, PromQlTemplates.NETWORK_IN, t),
                at(f, PromQlTemplates.NETWORK_OUT, t),
                at(f, PromQlTemplates.DISK_READ, t),
                at(f, PromQlTemplates.DISK_WRITE, t),
                at(f, PromQlTemplates.CONTAINER_RESTARTS, t)));
  }

  @Override
  public List<DatabaseMetrics> databaseMetrics(
      ResourceRef resource, TimeRange range, Duration step) {
    checkArgs(resource, range, step);
    Map<String, Map<Instant, Double>> f =
        figures(
            List.of(
                PromQlTemplates.DB_QUERIES,
                PromQlTemplates.DB_QUERY_TIME,
                PromQlTemplates.DB_SLOW_QUERIES,
                PromQlTemplates.DB_DEADLOCKS,
                PromQlTemplates.DB_TIMEOUTS,
                PromQlTemplates.DB_LOCK_WAIT,
                PromQlTemplates.DB_CONNECTIONS,
                PromQlTemplates.DB_CPU,
                PromQlTemplates.DB_STORAGE),
            resource,
            range,
            step);
    return join(
        f,
        t ->
            new DatabaseMetrics(
                resource,
                t,
                at(f, PromQlTemplates.DB_QUERIES, t),
                at(f, PromQlTemplates.DB_QUERY_TIME, t),
                at(f, PromQlTemplates.DB_SLOW_QUERIES, t),
                at(f, PromQlTemplates.DB_DEADLOCKS, t),
                at(f, PromQlTemplates.DB_TIMEOUTS, t),
                at(f, PromQlTemplates.DB_LOCK_WAIT, t),
                at(f, PromQlTemplates.DB_CONNECTIONS, t),
                at(f, PromQlTemplates.DB_CPU, t),
                at(f, PromQlTemplates.DB_STORAGE, t)));
  }

  /**
   * Returns one resource per node_exporter target Prometheus holds data for now, with the
   * attributes {@code job} and {@code instance}, type {@code host} and id {@code job/instance},
   * sorted by id.
   *
   * @throws MonitoringException when the query fails
   */
  public List<ResourceRef> discoverNodeExporterTargets() {
    QueryResult result = client.query(PromQlTemplates.NODE_EXPORTER_TARGETS, clock.instant());
    List<ResourceRef> out = new ArrayList<>();
    for (MetricSeries series : result.series()) {
      String job = series.labels().getOrDefault("job", "");
      String instance = series.labels().getOrDefault("instance", "");
      if (instance.isEmpty()) {
        continue;
      }
      out.add(
          new ResourceRef(
              job + "/" + instance, "host", instance, Map.of("job", job, "instance", instance)));
    }
    out.sort(Comparator.comparing(ResourceRef::id));
    return out;
  }

  @Override
  public void close() {
    client.close();
  }

  private Optional<HttpConvention> detectConvention(ResourceRef resource, TimeRange range) {
    Duration lookback = range.duration().plus(rateWindow(Duration.ZERO));
    String probe =
        PromQlTemplates.render(
            PromQlTemplates.HTTP_CONVENTION_PROBE,
            Map.of("selector", selector(resource), "range", PromQlTemplates.duration(lookback)));
    Set<String> names = new TreeSet<>();
    for (MetricSeries s : client.query(probe, range.to()).series()) {
      names.add(s.labels().getOrDefault("__name__", ""));
    }
    if (names.contains("http_server_requests_seconds_count")) {
      return Optional.of(HttpConvention.MICROMETER);
    }
    if (names.contains("http_request_duration_seconds_count")) {
      return Optional.of(HttpConvention.HTTP_REQUEST_DURATION);
    }
    return Optional.empty();
  }

  private boolean hasApplicationOverride(ResourceRef resource) {
    return APPLICATION_KEYS.stream()
        .anyMatch(
            k ->
                resource.attribute(PromQlTemplates.OVERRIDE_PREFIX + k) != null
                    || config.template(k) != null);
  }

  private String template(String key, ResourceRef resource, HttpConvention convention) {
    if (!PromQlTemplates.isKey(key)) {
      throw new IllegalArgumentException("unknown template key: " + key);
    }
    String fromResource = resource.attribute(PromQlTemplates.OVERRIDE_PREFIX + key);
    if (fromResource != null) {
      return fromResource;
    }
    String fromConfig = config.template(key);
    return fromConfig != null ? fromConfig : PromQlTemplates.defaultTemplate(key, convention);
  }

  private static String selector(ResourceRef resource) {
    String explicit = resource.attribute(PromQlTemplates.SELECTOR_ATTRIBUTE);
    if (explicit != null && !explicit.isBlank()) {
      return explicit;
    }
    String built = build(resource, PromQlTemplates.SELECTOR_ATTRIBUTES);
    if (built == null) {
      throw new MonitoringException(
          Kind.BAD_QUERY,
          PrometheusConfig.PLATFORM,
          "resource "
              + resource.id()
              + " has none of the attributes "
              + PromQlTemplates.SELECTOR_ATTRIBUTES
              + " nor "
              + PromQlTemplates.SELECTOR_ATTRIBUTE
              + " to select its series by");
    }
    return built;
  }

  private static String podSelector(ResourceRef resource) {
    return build(resource, PromQlTemplates.POD_SELECTOR_ATTRIBUTES);
  }

  private static String build(ResourceRef resource, List<String> attributes) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String name : attributes) {
      String value = resource.attribute(name);
      if (value != null && !value.isEmpty()) {
        labels.put(name, value);
      }
    }
    return labels.isEmpty() ? null : PromQlTemplates.selector(labels);
  }

  private Map<String, Map<Instant, Double>> figures(
      List<String> keys, ResourceRef resource, TimeRange range, Duration step) {
    Map<String, Map<Instant, Double>> out = new LinkedHashMap<>();
    for (String key : keys) {
      out.put(key, single(key, resource, range, step, HttpConvention.MICROMETER));
    }
    return out;
  }

  private Map<Instant, Double> single(
      String key, ResourceRef resource, TimeRange range, Duration step, HttpConvention conv) {
    Optional<String> promql = promql(key, resource, step, conv);
    if (promql.isEmpty()) {
      return Map.of();
    }
    List<MetricSeries> series = evaluate(promql.get(), range, step);
    if (series.size() > 1) {
      throw new MonitoringException(
          Kind.BAD_QUERY,
          PrometheusConfig.PLATFORM,
          "template "
              + key
              + " returned "
              + series.size()
              + " series for resource "
              + resource.id()
              + "; a figure needs one (aggregate with sum or avg)");
    }
    return series.isEmpty() ? Map.of() : points(series.get(0));
  }

  private Map<String, Map<Instant, Double>> statusRates(
      ResourceRef resource, TimeRange range, Duration step, HttpConvention conv) {
    Optional<String> promql = promql(PromQlTemplates.STATUS_RATES, resource, step, conv);
    Map<String, Map<Instant, Double>> out = new TreeMap<>();
    if (promql.isEmpty()) {
      return out;
    }
    for (MetricSeries s : evaluate(promql.get(), range, step)) {
      String code = s.labels().getOrDefault("status", s.labels().getOrDefault("code", ""));
      Map<Instant, Double> target =
          out.computeIfAbsent(code.isEmpty() ? "unknown" : code, c -> new HashMap<>());
      // Two series with the same status (for example both labels set) add up.
      points(s).forEach((t, v) -> target.merge(t, v, Double::sum));
    }
    return out;
  }

  /**
   * Evaluates {@code promql} at the end of every step and returns the series with each point moved
   * back to its step's start, so that a rate or increase over a window ending at {@code t + step}
   * describes the step {@code [t, t + step)}, as the API's per-step contract says.
   */
  private List<MetricSeries> evaluate(String promql, TimeRange range, Duration step) {
    TimeRange stepEnds = new TimeRange(range.from().plus(step), range.to().plus(step));
    List<MetricSeries> out = new ArrayList<>();
    for (MetricSeries s : client.queryRange(promql, stepEnds, step).series()) {
      List<MetricPoint> points = new ArrayList<>(s.points().size());
      s.points().forEach(p -> points.add(new MetricPoint(p.timestamp().minus(step), p.value())));
      out.add(new MetricSeries(s.name(), s.unit(), s.labels(), points));
    }
    return out;
  }

  private static Map<Instant, Double> points(MetricSeries series) {
    Map<Instant, Double> out = new HashMap<>();
    for (MetricPoint p : series.points()) {
      out.put(p.timestamp(), p.value());
    }
    return out;
  }

  private static TreeSet<Instant> timestamps(Iterable<Map<Instant, Double>> figures) {
    TreeSet<Instant> steps = new TreeSet<>();
    figures.forEach(m -> steps.addAll(m.keySet()));
    return steps;
  }

  private static <T> List<T> join(
      Map<String, Map<Instant, Double>> figures, Function<Instant, T> row) {
    TreeSet<Instant> steps = timestamps(figures.values());
    List<T> out = new ArrayList<>(steps.size());
    steps.forEach(t -> out.add(row.apply(t)));
    return out;
  }

  private static double at(Map<String, Map<Instant, Double>> figures, String key, Instant t) {
    Double v = figures.getOrDefault(key, Map.of()).get(t);
    return v == null ? Double.NaN : v;
  }

  private static void checkArgs(ResourceRef resource, TimeRange range, Duration step) {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(step, "step");
    if (step.toMillis() < 1) {
      throw new IllegalArgumentException("step must be at least 1 ms, but was " + step);
    }
  }
}
