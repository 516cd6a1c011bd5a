package io.topdeck.monitoring.benchmarks.rca;

import io.topdeck.monitoring.api.ChangeEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Blames the change (deployment or configuration change) closest before the first anomaly, within
 * {@value #LOOKBACK_MINUTES} minutes: its targets rank first, then the other resources by their
 * N-sigma score. The first anomaly is the first point after the incident time at which any series
 * passes {@value #THRESHOLD} standard deviations. Without a change in reach it ranks by N-sigma and
 * blames nothing; without an anomaly it names nothing.
 */
public final class NearestChangeMethod implements RcaMethod {

  static final double THRESHOLD = 5;
  static final long LOOKBACK_MINUTES = 60;

  @Override
  public String name() {
    return "nearest-change";
  }

  @Override
  public RcaResult analyze(RcaInput input) {
    Deviations.Result d = Deviations.of(input, Deviations.Kind.GAUSSIAN, THRESHOLD);
    Optional<Integer> first = d.firstExceedance().values().stream().min(Integer::compare);
    if (first.isEmpty()) {
      return RcaResult.none();
    }
    Instant firstAnomaly = Instant.ofEpochSecond(input.metrics().times()[first.get()]);
    Instant earliest = firstAnomaly.minusSeconds(LOOKBACK_MINUTES * 60);
    Optional<ChangeEvent> nearest =
        input.changes().stream()
            .filter(c -> !c.time().isAfter(firstAnomaly) && !c.time().isBefore(earliest))
            .max(Comparator.comparing(ChangeEvent::time));
    Map<String, Double> scores = new LinkedHashMap<>(d.byResource());
    nearest.ifPresent(c -> c.targetResourceIds().forEach(t -> scores.put(t, Double.MAX_VALUE)));
    List<RcaResult.Ranked> ranking = new ArrayList<>(Rankings.byScore(scores));
    return new RcaResult(ranking, nearest.map(ChangeEvent::id), Optional.of(firstAnomaly));
  }
}
