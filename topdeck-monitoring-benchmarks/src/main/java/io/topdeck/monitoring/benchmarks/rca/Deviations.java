package io.topdeck.monitoring.benchmarks.rca;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How far each series moved after the incident time, measured against the stretch before it: the
 * statistics the N-sigma, BARO, PageRank and nearest-change baselines share.
 *
 * <p>The reference stretch is the 30 minutes before the incident time and the compared stretch
 * everything from the incident time on; {@code NaN} points are skipped.
 */
final class Deviations {

  /** The length of the reference stretch before the incident time, in seconds. */
  static final long REFERENCE_SECONDS = 30 * 60;

  /** How each series' centre and spread are estimated. */
  enum Kind {
    /** Mean and standard deviation (N-sigma). */
    GAUSSIAN,
    /** Median and inter-quartile range (BARO's robust variant). */
    ROBUST
  }

  /** The largest deviation of each resource and when its strongest series first passed 3. */
  record Result(Map<String, Double> byResource, Map<String, Integer> firstExceedance) {}

  private Deviations() {}

  static Result of(RcaInput input, Kind kind, double exceedance) {
    MetricFrame frame = input.metrics();
    long incident = input.incidentTime().getEpochSecond();
    int split = frame.indexAtOrAfter(incident);
    int from = frame.indexAtOrAfter(incident - REFERENCE_SECONDS);
    Map<String, Double> best = new HashMap<>();
    Map<String, Integer> first = new HashMap<>();
    for (Map.Entry<SeriesKey, double[]> e : frame.series().entrySet()) {
      double[] v = e.getValue();
      double[] reference = finite(v, from, split);
      if (reference.length < 3 || split >= v.length) {
        continue;
      }
      double centre;
      double spread;
      if (kind == Kind.GAUSSIAN) {
        centre = Arrays.stream(reference).average().orElse(0);
        double c = centre;
        spread =
            Math.sqrt(
                Arrays.stream(reference).map(x -> (x - c) * (x - c)).sum() / reference.length);
      } else {
        Arrays.sort(reference);
        centre = quantile(reference, 0.5);
        spread = quantile(reference, 0.75) - quantile(reference, 0.25);
      }
      spread = Math.max(spread, 1e-3 * Math.abs(centre));
      if (spread < 1e-9) {
        // A constant reference (a count that stayed 0) has no spread: the whole series' standard
        // deviation stands in, so one stray event does not score a billion.
        spread = Math.max(1e-9, std(finite(v, from, v.length)));
      }
      double max = 0;
      int firstOver = -1;
      for (int i = split; i < v.length; i++) {
        if (Double.isNaN(v[i])) {
          continue;
        }
        double z = Math.abs(v[i] - centre) / spread;
        max = Math.max(max, z);
        if (firstOver < 0 && z > exceedance) {
          firstOver = i;
        }
      }
      String r = e.getKey().resource();
      if (max > best.getOrDefault(r, -1.0)) {
        best.put(r, max);
        if (firstOver >= 0) {
          first.put(r, firstOver);
        } else {
          first.remove(r);
        }
      }
    }
    return new Result(best, first);
  }

  /** Returns when the top resource first passed the exceedance, if it did. */
  static Optional<Instant> detectedAt(RcaInput input, Result result, String top) {
    Integer i = result.firstExceedance().get(top);
    return i == null
        ? Optional.empty()
        : Optional.of(Instant.ofEpochSecond(input.metrics().times()[i]));
  }

  private static double std(double[] values) {
    double mean = Arrays.stream(values).average().orElse(0);
    return Math.sqrt(
        Arrays.stream(values).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, values.length));
  }

  private static double[] finite(double[] v, int from, int to) {
    return Arrays.stream(v, from, Math.min(to, v.length)).filter(x -> !Double.isNaN(x)).toArray();
  }

  /** Returns the linearly interpolated quantile of sorted values. */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
