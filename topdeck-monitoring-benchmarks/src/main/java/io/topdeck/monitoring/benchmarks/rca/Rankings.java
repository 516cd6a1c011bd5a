package io.topdeck.monitoring.benchmarks.rca;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Turns per-resource scores into rankings. */
final class Rankings {

  private Rankings() {}

  /** Returns the resources by descending score (ties by id), each with confidence 1. */
  static List<RcaResult.Ranked> byScore(Map<String, Double> scores) {
    List<RcaResult.Ranked> ranked = new ArrayList<>();
    scores.forEach((r, s) -> ranked.add(new RcaResult.Ranked(r, s, 1)));
    ranked.sort(
        Comparator.comparingDouble(RcaResult.Ranked::score)
            .reversed()
            .thenComparing(RcaResult.Ranked::resourceId));
    return ranked;
  }
}
