package io.topdeck.monitoring.core.engine;

/**
 * How many queries a platform accepts in one call.
 *
 * @param maxPerCall the most queries (metric queries, metrics, trace ids) in one call, at least 1
 */
public record BatchLimits(int maxPerCall) {

  /** CloudWatch {@code GetMetricData}: 500 metric data queries per call. */
  public static final BatchLimits CLOUDWATCH = new BatchLimits(500);

  /** Azure Monitor Metrics: 20 metric names per call. */
  public static final BatchLimits AZURE_METRICS = new BatchLimits(20);

  /** X-Ray {@code BatchGetTraces}: 5 trace ids per call. */
  public static final BatchLimits XRAY = new BatchLimits(5);

  public BatchLimits {
    if (maxPerCall < 1) {
      throw new IllegalArgumentException("maxPerCall must be at least 1, but was " + maxPerCall);
    }
  }

  /** Returns the fewest calls that carry {@code queries} queries: the ceiling of their ratio. */
  public long minimumCalls(long queries) {
    return (queries + maxPerCall - 1) / maxPerCall;
  }
}
