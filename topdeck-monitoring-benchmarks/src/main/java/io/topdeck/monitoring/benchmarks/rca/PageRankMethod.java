package io.topdeck.monitoring.benchmarks.rca;

import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ResourceRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A MonitorRank/MicroRank-style random walk: personalized PageRank seeded by the anomalous
 * resources (N-sigma score over {@value #ANOMALOUS}), walking from callers to the dependencies they
 * call in proportion to how anomalous those are, back to callers with a small weight ({@value
 * #BACKWARD}), and staying put when a resource is more anomalous than all its dependencies. The
 * walk's stationary mass ranks the resources, including those with no metrics at all.
 */
public final class PageRankMethod implements RcaMethod {

  static final double ANOMALOUS = 3;
  static final double BACKWARD = 0.1;
  static final double DAMPING = 0.85;
  static final int ITERATIONS = 50;

  @Override
  public String name() {
    return "pagerank";
  }

  @Override
  public RcaResult analyze(RcaInput input) {
    Deviations.Result d = Deviations.of(input, Deviations.Kind.GAUSSIAN, ANOMALOUS);
    List<String> ids = input.topology().resources().stream().map(ResourceRef::id).toList();
    int n = ids.size();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < n; i++) {
      index.put(ids.get(i), i);
    }
    double[] weight = new double[n];
    double[] restart = new double[n];
    double restartTotal = 0;
    for (int i = 0; i < n; i++) {
      double z = d.byResource().getOrDefault(ids.get(i), 0.0);
      weight[i] = 0.01 + Math.min(z, 100) / 100;
      if (z > ANOMALOUS) {
        restart[i] = weight[i];
        restartTotal += weight[i];
      }
    }
    if (restartTotal == 0) {
      return RcaResult.none();
    }
    for (int i = 0; i < n; i++) {
      restart[i] /= restartTotal;
    }
    List<List<int[]>> out = new ArrayList<>();
    List<List<Double>> outWeights = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>());
      outWeights.add(new ArrayList<>());
    }
    double[] strongestDependency = new double[n];
    for (Dependency e : input.topology().edges()) {
      if (e.type() != Dependency.Type.DEPENDS_ON) {
        continue;
      }
      int from = index.get(e.fromId());
      int to = index.get(e.toId());
      out.get(from).add(new int[] {to});
      outWeights.get(from).add(weight[to]);
      out.get(to).add(new int[] {from});
      outWeights.get(to).add(BACKWARD * weight[from]);
      strongestDependency[from] = Math.max(strongestDependency[from], weight[to]);
    }
    for (int i = 0; i < n; i++) {
      out.get(i).add(new int[] {i});
      outWeights.get(i).add(Math.max(0, weight[i] - strongestDependency[i]));
    }
    double[] rank = restart.clone();
    for (int it = 0; it < ITERATIONS; it++) {
      double[] next = new double[n];
      double dangling = 0;
      for (int i = 0; i < n; i++) {
        double total = outWeights.get(i).stream().mapToDouble(Double::doubleValue).sum();
        if (total <= 0) {
          dangling += rank[i];
          continue;
        }
        for (int k = 0; k < out.get(i).size(); k++) {
          next[out.get(i).get(k)[0]] += DAMPING * rank[i] * outWeights.get(i).get(k) / total;
        }
      }
      for (int i = 0; i < n; i++) {
        next[i] += (1 - DAMPING + DAMPING * dangling) * restart[i];
      }
      rank = next;
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      scores.put(ids.get(i), rank[i]);
    }
    List<RcaResult.Ranked> ranking = Rankings.byScore(scores);
    String top = ranking.get(0).resourceId();
    return new RcaResult(ranking, Optional.empty(), Deviations.detectedAt(input, d, top));
  }
}
