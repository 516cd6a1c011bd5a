package io.topdeck.monitoring.benchmarks.rca;

import java.util.List;
import java.util.Optional;

/**
 * A simplified BARO: ranks resources by the largest robust change of any of their series, |x -
 * median| / IQR after the incident time against the 30 minutes before. Unlike BARO it does not
 * locate the change point with a Bayesian online detector; it uses the given incident time, as
 * RCAEval's protocol allows. It always names a ranking.
 */
public final class BaroMethod implements RcaMethod {

  @Override
  public String name() {
    return "baro";
  }

  @Override
  public RcaResult analyze(RcaInput input) {
    Deviations.Result d = Deviations.of(input, Deviations.Kind.ROBUST, 3);
    List<RcaResult.Ranked> ranking = Rankings.byScore(d.byResource());
    if (ranking.isEmpty()) {
      return RcaResult.none();
    }
    String top = ranking.get(0).resourceId();
    return new RcaResult(ranking, Optional.empty(), Deviations.detectedAt(input, d, top));
  }
}
