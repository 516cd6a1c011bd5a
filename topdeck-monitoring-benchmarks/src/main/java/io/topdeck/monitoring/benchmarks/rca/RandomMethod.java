package io.topdeck.monitoring.benchmarks.rca;

import io.topdeck.monitoring.api.ResourceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/** Ranks every resource in a random order, seeded by the method's seed and the case id. */
public final class RandomMethod implements RcaMethod {

  private final long seed;

  /** Creates the method; the same seed gives the same ranking of a case. */
  public RandomMethod(long seed) {
    this.seed = seed;
  }

  @Override
  public String name() {
    return "random";
  }

  @Override
  public RcaResult analyze(RcaInput input) {
    List<String> ids =
        new ArrayList<>(input.topology().resources().stream().map(ResourceRef::id).toList());
    SplittableRandom rng = new SplittableRandom(seed * 31 + input.caseId().hashCode());
    List<RcaResult.Ranked> ranking = new ArrayList<>();
    while (!ids.isEmpty()) {
      ranking.add(new RcaResult.Ranked(ids.remove(rng.nextInt(ids.size())), 0, 1));
    }
    return new RcaResult(ranking, Optional.empty(), Optional.empty());
  }
}
