package io.topdeck.monitoring.core.risk;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.MetricSeries;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Severity;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.api.TopologyGraph;
import io.topdeck.monitoring.core.anomaly.Detectors;
import io.topdeck.monitoring.core.anomaly.SeriesAnomalyDetector;
import io.topdeck.monitoring.core.anomaly.StreamingDetector;
import io.topdeck.monitoring.core.correlation.ErrorSignature;
import io.topdeck.monitoring.core.incident.MetricColumns;
import io.topdeck.monitoring.core.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the {@link RiskSignals} of a resource: it collects 30 days of the resource's metrics at
 * a coarse step (15 minutes by default), detects anomalies, fits a {@link RobustTrend} to the last
 * 7 days of each metric, applies the {@link SaturationRule} to each percent metric (and, with its
 * level divided by 100, to connection pool usage given as a ratio), sums the deadlocks of the last
 * 7 days, and reads the deployments of the last 30 days from the graph and the platform.
 *
 * <p>A trend counts when it is significant (see {@link Trend#SIGNIFICANCE}; the test allows for
 * autocorrelated samples, see {@link RobustTrend}), adverse (a rise; rising request and query rates
 * are load, not risk) and material (it moves the metric by at least 5% of its level over 7 days).
 * Percent metrics are compared with a capacity level of 95, and connection pool usage with 0.95.
 *
 * <p>A deployment "failed" when an incident started within {@code incidentWindow} (4 hours by
 * default) after it. Without incident starts from the caller, the onsets of the resource's own
 * anomalies of severity HIGH or more stand for them. A platform call that fails is logged and the
 * assessment goes on with what it has. Safe for use by several threads when the collector and graph
 * are.
 *
 * <p>The health score starts at 100 and adds the weight of each factor: saturation (-25 per rule
 * that holds, at most -30), a capacity level reached within 7 days (-20) or 30 days (-10), other
 * adverse trends (-8 each, at most -16), deadlocks (up to -15, growing with their log), anomalies
 * in the last 7 days (-3 per high or critical, -1 per medium, at most -15), the change-failure rate
 * (-20 times the rate) and a wide blast radius (-5 from 10 dependants). A resource with no finite
 * metric value in the 30 days gets a {@code no-telemetry} factor of weight 0: its score then
 * reflects only what the graph says, and the factor tells it from a healthy one. Known limit: the
 * weights are fixed judgements, not fitted to outcomes.
 *
 * @since 0.1.0
 */
public final class RiskAssessor {

  private static final Logger logger = LoggerFactory.getLogger(RiskAssessor.class);

  private static final Duration WEEK = Duration.ofDays(7);
  private static final Duration MONTH = Duration.ofDays(30);
  private static final Set<String> LOAD_METRICS =
      Set.of("requestRate", "queriesPerSecond", "networkInBytesPerSec", "networkOutBytesPerSec");

  private final TopologyGraph graph;
  private final MetricsCollector collector;
  private final Duration step;
  private final Supplier<? extends StreamingDetector> detectors;
  private final SaturationRule rule;
  private final Duration incidentWindow;
  private final double capacityPercent;

  private RiskAssessor(Builder b) {
    this.graph = b.graph;
    this.collector = b.collector;
    this.step = b.step;
    this.detectors = b.detectors;
    this.rule = b.rule;
    this.incidentWindow = b.incidentWindow;
    this.capacityPercent = b.capacityPercent;
  }

  /** Returns a builder of an assessor over {@code graph}, reading through {@code collector}. */
  public static Builder builder(TopologyGraph graph, MetricsCollector collector) {
    return new Builder(graph, collector);
  }

  /**
   * Returns the signals of {@code resourceId} at {@code at}, with its own strong anomalies standing
   * for incidents.
   *
   * @throws IllegalArgumentException if the resource is not in the topology
   */
  public RiskSignals assess(String resourceId, Instant at) {
    return assess(resourceId, at, null);
  }

  /**
   * Returns the signals of {@code resourceId} at {@code at}, with {@code incidentStarts} (the
   * starts of incidents that involved the resource) for the change-failure rate.
   *
   * @throws IllegalArgumentException if the resource is not in the topology
   */
  public RiskSignals assess(String resourceId, Instant at, List<Instant> incidentStarts) {
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(at, "at");
    ResourceRef resource =
        graph
            .resource(resourceId)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Resource '" + resourceId + "' is not in the topology"));
    TimeRange month = TimeRange.ending(at, MONTH);
    List<MetricSeries> series = collect(resource, month);
    List<Anomaly> anomalies = new ArrayList<>();
    for (MetricSeries s : series) {
      anomalies.addAll(SeriesAnomalyDetector.detect(resource.id(), s, detectors));
    }
    List<Instant> incidents =
        incidentStarts != null
            ? List.copyOf(incidentStarts)
            : anomalies.stream()
                .filter(a -> a.severity().compareTo(Severity.HIGH) >= 0)
                .map(Anomaly::onset)
                .toList();
    List<ChangeEvent> deployments = deployments(resource, month);
    List<MetricTrend> trends = trends(resource, series, at);
    List<String> saturation = saturation(series, at);
    double deadlocks = deadlocksPerWeek(resource, series, at);
    long failed =
        deployments.stream()
            .filter(
                d ->
                    incidents.stream()
                        .anyMatch(
                            t -> t.isAfter(d.time()) && !t.isAfter(d.time().plus(incidentWindow))))
            .count();
    OptionalDouble failureRate =
        deployments.isEmpty()
            ? OptionalDouble.empty()
            : OptionalDouble.of(failed / (double) deployments.size());
    Optional<Duration> sinceDeployment =
        deployments.stream()
            .map(ChangeEvent::time)
            .max(Comparator.naturalOrder())
            .map(t -> Duration.between(t, at));
    int dependants = Topology.upstream(graph, resource.id()).size();
    Map<Severity, Integer> week = countBySeverity(anomalies, TimeRange.ending(at, WEEK));
    Map<Severity, Integer> all = countBySeverity(anomalies, month);
    List<HealthFactor> factors = new ArrayList<>();
    saturationFactor(saturation).ifPresent(factors::add);
    trendFactors(trends, factors);
    deadlockFactor(deadlocks).ifPresent(factors::add);
    anomalyFactor(week).ifPresent(factors::add);
    if (!deployments.isEmpty() && failed > 0) {
      factors.add(
          new HealthFactor(
              "change-failure-rate",
              -20.0 * failed / deployments.size(),
              failed
                  + " of "
                  + deployments.size()
                  + " deployments in the last 30 days "
                  + (failed == 1 ? "was" : "were")
                  + " followed by an incident within "
                  + RiskTexts.duration(incidentWindow)));
    }
    if (series.stream().noneMatch(RiskAssessor::hasFiniteValue)) {
      // Nothing to judge by: the score stays 100, and this factor says why.
      factors.add(
          new HealthFactor(
              "no-telemetry",
              0,
              "no metric of "
                  + resource.name()
                  + " had a value in the last 30 days: the score reflects only its deployments"
                  + " and dependants, not its health"));
    }
    if (dependants >= 10) {
      factors.add(
          new HealthFactor(
              "blast-radius",
              -5,
              dependants + " resources depend on " + resource.name() + ", directly or not"));
    }
    return new RiskSignals(
        resource,
        at,
        week,
        all,
        trends,
        saturation,
        deadlocks,
        deployments.size(),
        failureRate,
        sinceDeployment,
        dependants,
        HealthScore.of(factors),
        recommendations(resource, trends, saturation, dependants, failed, deployments.size()));
  }

  // ---- collection ----

  private List<MetricSeries> collect(ResourceRef r, TimeRange range) {
    List<MetricSeries> series = new ArrayList<>();
    if (collector.supports(Signal.APPLICATION)) {
      series.addAll(
          MetricColumns.ofApplication(
              read(r, "application metrics", () -> collector.applicationMetrics(r, range, step))));
    }
    if (collector.supports(Signal.DATABASE)) {
      series.addAll(
          MetricColumns.ofDatabase(
              read(r, "database metrics", () -> collector.databaseMetrics(r, range, step))));
    }
    if (collector.supports(Signal.INFRASTRUCTURE)) {
      series.addAll(
          MetricColumns.ofInfrastructure(
              read(
                  r,
                  "infrastructure metrics",
                  () -> collector.infrastructureMetrics(r, range, step))));
    }
    return series;
  }

  private <T> List<T> read(ResourceRef r, String what, Supplier<List<T>> call) {
    try {
      return call.get();
    } catch (MonitoringException e) {
      logger.warn(
          "Failed to read {} of {} from platform {}; assessing risk without them",
          what,
          r.id(),
          collector.platform(),
          e);
      return List.of();
    }
  }

  private List<ChangeEvent> deployments(ResourceRef r, TimeRange range) {
    Map<String, ChangeEvent> byId = new LinkedHashMap<>();
    graph.changes(r.id(), range).forEach(c -> byId.putIfAbsent(c.id(), c));
    read(r, "changes", () -> collector.changes(r, range)).forEach(c -> byId.putIfAbsent(c.id(), c));
    return byId.values().stream()
        .filter(c -> c.type() == ChangeEvent.ChangeType.DEPLOYMENT)
        .sorted(Comparator.comparing(ChangeEvent::time))
        .toList();
  }

  // ---- signals ----

  private List<MetricTrend> trends(ResourceRef r, List<MetricSeries> series, Instant at) {
    TimeRange week = TimeRange.ending(at, WEEK);
    List<MetricTrend> out = new ArrayList<>();
    for (MetricSeries s : series) {
      if (LOAD_METRICS.contains(s.name())) {
        continue;
      }
      List<MetricPoint> recent =
          s.points().stream().filter(p -> week.contains(p.timestamp())).toList();
      Optional<Trend> fitted = RobustTrend.fit(recent, RobustTrend.DEFAULT_MAX_SAMPLES);
      if (fitted.isEmpty()) {
        continue;
      }
      Trend t = fitted.get();
      double level = Math.abs(t.valueAtEnd());
      boolean material = Math.abs(t.slopePerDay() * 7) >= 0.05 * Math.max(level, 1e-9);
      if (!t.significant() || t.slopePerDay() <= 0 || !material) {
        continue;
      }
      OptionalDouble capacity = capacity(s);
      Optional<Duration> eta =
          capacity.isPresent() ? t.timeToReach(capacity.getAsDouble()) : Optional.empty();
      out.add(
          new MetricTrend(s.name(), s.unit(), t, capacity, eta, trendSentence(r, s, t, capacity)));
    }
    out.sort(
        Comparator.comparing((MetricTrend m) -> m.timeToLevel().orElse(Duration.ofDays(100_000)))
            .thenComparing(MetricTrend::metricName));
    return out;
  }

  private OptionalDouble capacity(MetricSeries s) {
    if (s.unit().equals("percent")) {
      return OptionalDouble.of(capacityPercent);
    }
    if (isPoolRatio(s)) {
      return OptionalDouble.of(capacityPercent / 100);
    }
    return OptionalDouble.empty();
  }

  private static String trendSentence(
      ResourceRef r, MetricSeries s, Trend t, OptionalDouble capacity) {
    boolean percent = s.unit().equals("percent");
    String unit = percent ? " points" : s.unit().isEmpty() ? "" : " " + s.unit();
    StringBuilder text =
        new StringBuilder(s.name())
            .append(" of ")
            .append(r.name())
            .append(" rises by ")
            .append(RiskTexts.number(t.slopePerDay()))
            .append(unit)
            .append(" a day over the last 7 days (Theil–Sen, ")
            .append(t.pValue() < 0.001 ? "p < 0.001" : "p = " + RiskTexts.number(t.pValue()))
            .append(")");
    if (capacity.isPresent()) {
      String level = RiskTexts.number(capacity.getAsDouble()) + (percent ? "%" : "");
      Optional<Duration> eta = t.timeToReach(capacity.getAsDouble());
      if (eta.isPresent() && eta.get().isZero()) {
        text.append(" and is past ").append(level);
      } else {
        eta.ifPresent(
            d ->
                text.append(" and reaches ")
                    .append(level)
                    .append(" in ")
                    .append(RiskTexts.about(d)));
      }
    }
    return text.toString();
  }

  private List<String> saturation(List<MetricSeries> series, Instant at) {
    List<String> out = new ArrayList<>();
    for (MetricSeries s : series) {
      // A connection pool's usage comes as a ratio: the rule's percent level applies divided by
      // 100, as the capacity level does.
      SaturationRule applied;
      if (s.unit().equals("percent")) {
        applied = rule;
      } else if (isPoolRatio(s)) {
        applied = new SaturationRule(rule.threshold() / 100, rule.fraction(), rule.window());
      } else {
        continue;
      }
      SaturationRule.Result result = applied.evaluate(s.points(), at);
      if (result.holds()) {
        out.add(
            String.format(
                Locale.ROOT,
                "%s was above %s for %.0f%% of the last %s (rule: %s)",
                s.name(),
                RiskTexts.number(applied.threshold()),
                result.breachingFraction() * 100,
                RiskTexts.duration(applied.window()),
                applied.describe()));
      }
    }
    return out;
  }

  private static boolean hasFiniteValue(MetricSeries s) {
    return s.points().stream().anyMatch(p -> Double.isFinite(p.value()));
  }

  private static boolean isPoolRatio(MetricSeries s) {
    return s.unit().equals("ratio") && s.name().toLowerCase(Locale.ROOT).contains("pool");
  }

  private double deadlocksPerWeek(ResourceRef r, List<MetricSeries> series, Instant at) {
    TimeRange week = TimeRange.ending(at, WEEK);
    for (MetricSeries s : series) {
      if (s.name().equals("deadlocks")) {
        return s.points().stream()
            .filter(p -> week.contains(p.timestamp()) && Double.isFinite(p.value()))
            .mapToDouble(MetricPoint::value)
            .sum();
      }
    }
    List<ErrorEvent> errors = read(r, "errors", () -> collector.errors(r, week));
    // Summed as doubles: a long sum wraps to a negative total on absurd counts.
    double count =
        errors.stream()
            .filter(e -> ErrorSignature.of(e).contains(ErrorSignature.DEADLOCK))
            .mapToDouble(ErrorEvent::count)
            .sum();
    return count > 0 ? count : Double.NaN;
  }

  private static Map<Severity, Integer> countBySeverity(List<Anomaly> anomalies, TimeRange range) {
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    anomalies.stream()
        .filter(a -> range.contains(a.onset()))
        .forEach(a -> counts.merge(a.severity(), 1, Integer::sum));
    return counts;
  }

  // ---- health ----

  private static Optional<HealthFactor> saturationFactor(List<String> saturation) {
    if (saturation.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new HealthFactor(
            "saturation", Math.max(-30, -25.0 * saturation.size()), String.join("; ", saturation)));
  }

  private static void trendFactors(List<MetricTrend> trends, List<HealthFactor> factors) {
    double other = 0;
    for (MetricTrend t : trends) {
      Optional<Duration> eta = t.timeToLevel();
      if (eta.isPresent() && eta.get().compareTo(WEEK) <= 0) {
        factors.add(new HealthFactor("capacity-" + t.metricName(), -20, t.sentence()));
      } else if (eta.isPresent() && eta.get().compareTo(MONTH) <= 0) {
        factors.add(new HealthFactor("capacity-" + t.metricName(), -10, t.sentence()));
      } else {
        double weight = Math.max(-8, -16 - other);
        if (weight < 0) {
          factors.add(new HealthFactor("trend-" + t.metricName(), weight, t.sentence()));
          other += weight;
        }
      }
    }
  }

  private static Optional<HealthFactor> deadlockFactor(double perWeek) {
    if (!(perWeek > 0)) {
      return Optional.empty();
    }
    double weight = -Math.min(15, 2.5 * Math.log(1 + perWeek) / Math.log(2));
    return Optional.of(
        new HealthFactor(
            "deadlocks", weight, RiskTexts.number(perWeek) + " deadlocks in the last 7 days"));
  }

  private static Optional<HealthFactor> anomalyFactor(Map<Severity, Integer> week) {
    int strong = week.getOrDefault(Severity.HIGH, 0) + week.getOrDefault(Severity.CRITICAL, 0);
    int medium = week.getOrDefault(Severity.MEDIUM, 0);
    if (strong + medium == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new HealthFactor(
            "anomalies",
            Math.max(-15, -3.0 * strong - medium),
            strong + " high or critical and " + medium + " medium anomalies in the last 7 days"));
  }

  // ---- recommendations ----

  private List<String> recommendations(
      ResourceRef r,
      List<MetricTrend> trends,
      List<String> saturation,
      int dependants,
      long failed,
      int deployments) {
    List<String> out = new ArrayList<>();
    boolean database = isDatabase(r);
    String blast =
        dependants == 0
            ? ""
            : "; "
                + dependants
                + (dependants == 1 ? " resource depends" : " resources depend")
                + " on it";
    Optional<MetricTrend> cpu =
        trends.stream()
            .filter(t -> t.metricName().toLowerCase(Locale.ROOT).contains("cpu"))
            .filter(t -> t.timeToLevel().isPresent())
            .findFirst();
    boolean cpuSaturated = saturation.stream().anyMatch(s -> s.startsWith("cpu"));
    if (cpu.isPresent() || cpuSaturated) {
      String when =
          cpu.map(
                  t ->
                      " before "
                          + t.metricName()
                          + " reaches "
                          + RiskTexts.number(t.level().orElseThrow())
                          + "% in "
                          + RiskTexts.about(t.timeToLevel().orElseThrow()))
              .orElse(" now: " + saturation.get(0).replaceAll(" \\(rule.*", ""));
      out.add(
          (database
                  ? "Scale up the database " + r.name() + " (a larger tier or more DTU/vCores)"
                  : "Scale out " + r.name() + " or give it more CPU")
              + when
              + blast);
    }
    trends.stream()
        .filter(t -> t.metricName().toLowerCase(Locale.ROOT).contains("storage"))
        .filter(t -> t.timeToLevel().isPresent())
        .findFirst()
        .ifPresent(
            t ->
                out.add(
                    "Add storage to "
                        + r.name()
                        + " before it reaches "
                        + RiskTexts.number(t.level().orElseThrow())
                        + "% in "
                        + RiskTexts.about(t.timeToLevel().orElseThrow())));
    if (trends.stream().anyMatch(t -> t.metricName().equals("deadlocks"))) {
      out.add(
          "Find the transactions that deadlock in "
              + r.name()
              + " and make them take their locks in one order");
    }
    if (trends.stream().anyMatch(t -> t.metricName().equals("averageQueryTimeMs"))) {
      out.add(
          "Find the queries of "
              + r.name()
              + " whose time grows (missing indexes, growing tables) and tune them");
    }
    if (deployments > 0 && failed / (double) deployments >= 0.3) {
      out.add(
          "Review how "
              + r.name()
              + " is deployed: "
              + failed
              + " of "
              + deployments
              + " deployments were followed by an incident");
    }
    return out;
  }

  private boolean isDatabase(ResourceRef r) {
    String type = r.type().toLowerCase(Locale.ROOT);
    if (List.of("sql", "database", "db", "rds", "postgres", "mysql", "mongo", "cosmos").stream()
        .anyMatch(type::contains)) {
      return true;
    }
    return graph.dependantsOf(r.id()).stream()
        .map(Dependency::category)
        .anyMatch(c -> c.equalsIgnoreCase("database"));
  }

  /** Builds a {@link RiskAssessor}. Not thread-safe. */
  public static final class Builder {
    private final TopologyGraph graph;
    private final MetricsCollector collector;
    private Duration step = Duration.ofMinutes(15);
    private Supplier<? extends StreamingDetector> detectors = Detectors::defaultDetector;
    private SaturationRule rule = SaturationRule.DEFAULT;
    private Duration incidentWindow = Duration.ofHours(4);
    private double capacityPercent = 95;

    private Builder(TopologyGraph graph, MetricsCollector collector) {
      this.graph = Objects.requireNonNull(graph, "graph");
      this.collector = Objects.requireNonNull(collector, "collector");
    }

    /**
     * Sets the step of the 30 days collected. Defaults to 15 minutes.
     *
     * @throws IllegalArgumentException if under one minute
     */
    public Builder step(Duration step) {
      Objects.requireNonNull(step, "step");
      if (step.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException("step must be at least 1 minute, but was " + step);
      }
      this.step = step;
      return this;
    }

    /** Sets the detector made for each series. Defaults to {@link Detectors#defaultDetector()}. */
    public Builder detectors(Supplier<? extends StreamingDetector> detectors) {
      this.detectors = Objects.requireNonNull(detectors, "detectors");
      return this;
    }

    /** Sets the saturation rule of percent metrics. Defaults to {@link SaturationRule#DEFAULT}. */
    public Builder saturationRule(SaturationRule rule) {
      this.rule = Objects.requireNonNull(rule, "rule");
      return this;
    }

    /**
     * Sets how soon after a deployment an incident makes it a failed one. Defaults to 4 hours.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder incidentWindow(Duration window) {
      Objects.requireNonNull(window, "window");
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("incidentWindow must be positive, but was " + window);
      }
      this.incidentWindow = window;
      return this;
    }

    /**
     * Sets the capacity level of percent metrics (and, divided by 100, of pool usage). Defaults to
     * 95.
     *
     * @throws IllegalArgumentException if not in (0, 100]
     */
    public Builder capacityPercent(double level) {
      if (!(level > 0 && level <= 100)) {
        throw new IllegalArgumentException("capacityPercent must be in (0, 100], but was " + level);
      }
      this.capacityPercent = level;
      return this;
    }

    /** Returns the assessor. */
    public RiskAssessor build() {
      return new RiskAssessor(this);
    }
  }
}
