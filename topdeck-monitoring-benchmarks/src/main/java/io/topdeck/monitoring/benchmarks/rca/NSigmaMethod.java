package io.topdeck.monitoring.benchmarks.rca;

import java.util.List;
import java.util.Optional;

/**
 * N-sigma: ranks resources by the largest |z| of any of their series after the incident time, with
 * z taken against the mean and standard deviation of the 30 minutes before. Names nothing when no
 * series passes {@value #THRESHOLD} standard deviations.
 */
public final class NSigmaMethod implements RcaMethod {

  /** The z a series must pass for the method to name anything. */
  public static final double THRESHOLD = 3;

  @Override
  public String name() {
    return "n-sigma";
  }

  @Override
  public RcaResult analyze(RcaInput input) {
    Deviations.Result d = Deviations.of(input, Deviations.Kind.GAUSSIAN, THRESHOLD);
    List<RcaResult.Ranked> ranking = Rankings.byScore(d.byResource());
    if (ranking.isEmpty() || ranking.get(0).score() <= THRESHOLD) {
      return RcaResult.none();
    }
    String top = ranking.get(0).resourceId();
    return new RcaResult(ranking, Optional.empty(), Deviations.detectedAt(input, d, top));
  }
}
