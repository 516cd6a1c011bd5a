package io.topdeck.monitoring.core.risk;

import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The risk signals of one resource at one instant.
 *
 * @param resource the resource
 * @param at the instant assessed
 * @param anomalies7d anomalies by severity in the 7 days before {@code at}; absent severities had
 *     none
 * @param anomalies30d anomalies by severity in the 30 days before {@code at}
 * @param trends significant, material trends over the last 7 days, soonest to reach its level first
 * @param saturation the saturation rules that hold, one sentence each
 * @param deadlocksPerWeek deadlocks in the last 7 days; NaN when the platform reports none
 * @param deploymentsIn30d deployments in the last 30 days
 * @param changeFailureRate the share of those deployments followed by an incident within the
 *     configured time; empty without deployments
 * @param timeSinceLastDeployment the time since the last deployment in 30 days, if any
 * @param dependants how many resources depend on this one, directly or not
 * @param health the health score and its factors
 * @param recommendations what to do, most urgent first
 * @since 0.1.0
 */
public record RiskSignals(
    ResourceRef resource,
    Instant at,
    Map<Severity, Integer> anomalies7d,
    Map<Severity, Integer> anomalies30d,
    List<MetricTrend> trends,
    List<String> saturation,
    double deadlocksPerWeek,
    int deploymentsIn30d,
    OptionalDouble changeFailureRate,
    Optional<Duration> timeSinceLastDeployment,
    int dependants,
    HealthScore health,
    List<String> recommendations) {

  public RiskSignals {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(at, "at");
    anomalies7d = Map.copyOf(anomalies7d);
    anomalies30d = Map.copyOf(anomalies30d);
    trends = List.copyOf(trends);
    saturation = List.copyOf(saturation);
    Objects.requireNonNull(changeFailureRate, "changeFailureRate");
    Objects.requireNonNull(timeSinceLastDeployment, "timeSinceLastDeployment");
    Objects.requireNonNull(health, "health");
    recommendations = List.copyOf(recommendations);
  }

  /** Returns the trend of {@code metricName}, if it is significant and material. */
  public Optional<MetricTrend> trend(String metricName) {
    return trends.stream().filter(t -> t.metricName().equals(metricName)).findFirst();
  }
}
