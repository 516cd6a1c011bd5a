package io.topdeck.monitoring.benchmarks.rca;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Scores methods' results against the ground truth.
 *
 * <p><b>Abstaining.</b> A method abstains on a case when its ranking is empty or its top confidence
 * is below the minimum confidence (default {@value #DEFAULT_MIN_CONFIDENCE}). Methods that do not
 * estimate a confidence report 1, so only an empty ranking makes them abstain.
 *
 * <p><b>Top-k.</b> On a case with roots, hit@k is the share of the roots found in the first k
 * resources, out of at most k: {@code |roots ∩ top-k| / min(k, |roots|)}; with one root it is 1 or
 * 0, with two roots top-1 counts a hit when either root comes first. An abstention scores 0. On a
 * case with no root (a fault-free window, a traffic surge) hit@k is 1 for every k when the method
 * abstains and 0 otherwise. Avg@5 is the mean of hit@1 to hit@5.
 *
 * <p><b>Change blame.</b> A method blames at most one change per case, and only when it does not
 * abstain. Precision is the share of blames that name a root change; recall is the share of cases
 * with a root change whose root change was blamed. Decoy false blame is the share of cases with at
 * least one decoy change (every change that is not a root change) whose blame fell on a decoy.
 *
 * <p><b>Time to detect.</b> The median, over the cases with roots where the method did not abstain
 * and reported one, of the time from the fault's injection to the detection of the first anomaly
 * the method used. Methods that report no detection time show none.
 */
public final class RcaScorer {

  /** The confidence below which a method's answer counts as "no root cause". */
  public static final double DEFAULT_MIN_CONFIDENCE = 0.5;

  /** The level label of the summary row that pools all levels. */
  public static final String ALL = "all";

  private RcaScorer() {}

  /**
   * The score of one method on one case.
   *
   * @param level the case's level
   * @param fault the case's fault
   * @param method the method's name
   * @param caseId the case
   * @param noRoot whether the case has no root
   * @param hits hit@1 to hit@5
   * @param abstained whether the method abstained
   * @param blamed the change blamed, if any
   * @param blameCorrect whether the blamed change is a root change
   * @param hasRootChange whether the case has a root change
   * @param hasDecoy whether the case has a decoy change
   * @param decoyBlamed whether the blamed change is a decoy
   * @param ttdSeconds the time to detect, when measured
   */
  public record Outcome(
      String level,
      String fault,
      String method,
      String caseId,
      boolean noRoot,
      double[] hits,
      boolean abstained,
      Optional<String> blamed,
      boolean blameCorrect,
      boolean hasRootChange,
      boolean hasDecoy,
      boolean decoyBlamed,
      OptionalLong ttdSeconds) {

    /** Validates and copies. */
    public Outcome {
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(fault, "fault");
      Objects.requireNonNull(method, "method");
      hits = hits.clone();
      if (hits.length != 5) {
        throw new IllegalArgumentException("hits must hold hit@1 to hit@5");
      }
    }

    /** Returns hit@k, for k from 1 to 5. */
    public double hit(int k) {
      return hits[k - 1];
    }

    /** Returns the mean of hit@1 to hit@5. */
    public double avg5() {
      return Arrays.stream(hits).average().orElse(0);
    }
  }

  /** Scores one result with the default minimum confidence. */
  public static Outcome score(String method, GroundTruth truth, String caseId, RcaResult result) {
    return score(method, truth, caseId, result, DEFAULT_MIN_CONFIDENCE);
  }

  /** Scores one result; see the class comment for the rules. */
  public static Outcome score(
      String method, GroundTruth truth, String caseId, RcaResult result, double minConfidence) {
    boolean abstained = result.ranking().isEmpty() || result.topConfidence() < minConfidence;
    double[] hits = new double[5];
    if (truth.noRoot()) {
      Arrays.fill(hits, abstained ? 1 : 0);
    } else if (!abstained) {
      Set<String> roots = new HashSet<>(truth.roots());
      int found = 0;
      for (int k = 1; k <= 5; k++) {
        if (k <= result.ranking().size()
            && roots.contains(result.ranking().get(k - 1).resourceId())) {
          found++;
        }
        hits[k - 1] = found / (double) Math.min(k, roots.size());
      }
    }
    Optional<String> blamed = abstained ? Optional.empty() : result.blamedChange();
    boolean correct = blamed.isPresent() && truth.rootChanges().contains(blamed.get());
    boolean decoy = blamed.isPresent() && truth.decoyChanges().contains(blamed.get());
    OptionalLong ttd = OptionalLong.empty();
    if (!truth.noRoot() && !abstained && result.detectedAt().isPresent()) {
      ttd =
          OptionalLong.of(
              Duration.between(truth.injectTime(), result.detectedAt().get()).getSeconds());
    }
    return new Outcome(
        truth.level(),
        truth.fault(),
        method,
        caseId,
        truth.noRoot(),
        hits,
        abstained,
        blamed,
        correct,
        !truth.rootChanges().isEmpty(),
        !truth.decoyChanges().isEmpty(),
        decoy,
        ttd);
  }

  /**
   * The scores of one method on one level.
   *
   * @param level the level (or other group), or {@link #ALL}
   * @param method the method
   * @param cases the number of cases
   * @param top1 mean hit@1
   * @param top3 mean hit@3
   * @param avg5 mean Avg@5
   * @param noRootCases cases with no root
   * @param noRootAbstained of those, the ones the method abstained on
   * @param blames cases where the method blamed a change
   * @param correctBlames of those, the ones that named a root change
   * @param rootChangeCases cases with a root change
   * @param decoyCases cases with a decoy change
   * @param decoyBlames of those, the ones where the method blamed a decoy
   * @param medianTtdSeconds median time to detect, NaN when not measured
   */
  public record Summary(
      String level,
      String method,
      int cases,
      double top1,
      double top3,
      double avg5,
      int noRootCases,
      int noRootAbstained,
      int blames,
      int correctBlames,
      int rootChangeCases,
      int decoyCases,
      int decoyBlames,
      double medianTtdSeconds) {

    /** Returns the blame precision, NaN when nothing was blamed. */
    public double blamePrecision() {
      return blames == 0 ? Double.NaN : correctBlames / (double) blames;
    }

    /** Returns the blame recall, NaN when no case has a root change. */
    public double blameRecall() {
      return rootChangeCases == 0 ? Double.NaN : correctBlames / (double) rootChangeCases;
    }

    /** Returns the decoy false-blame rate, NaN when no case has a decoy. */
    public double decoyFalseBlame() {
      return decoyCases == 0 ? Double.NaN : decoyBlames / (double) decoyCases;
    }
  }

  /** Returns one summary per level and method, in first-seen order, then one per method for all. */
  public static List<Summary> summarize(List<Outcome> outcomes) {
    return summarize(outcomes, Outcome::level);
  }

  /**
   * Returns one summary per group and method, groups sorted, then one per method for all; {@code
   * group} gives an outcome's group, for example its level or its fault.
   */
  public static List<Summary> summarize(
      List<Outcome> outcomes, java.util.function.Function<Outcome, String> group) {
    Map<String, Map<String, List<Outcome>>> groups = new LinkedHashMap<>();
    Map<String, List<Outcome>> all = new LinkedHashMap<>();
    for (Outcome o : outcomes) {
      groups
          .computeIfAbsent(group.apply(o), k -> new LinkedHashMap<>())
          .computeIfAbsent(o.method(), k -> new ArrayList<>())
          .add(o);
      all.computeIfAbsent(o.method(), k -> new ArrayList<>()).add(o);
    }
    List<String> levels = new ArrayList<>(groups.keySet());
    levels.sort(String::compareTo);
    List<Summary> summaries = new ArrayList<>();
    for (String level : levels) {
      groups.get(level).forEach((method, list) -> summaries.add(summary(level, method, list)));
    }
    if (levels.size() > 1) {
      all.forEach((method, list) -> summaries.add(summary(ALL, method, list)));
    }
    return summaries;
  }

  static Summary summary(String level, String method, List<Outcome> list) {
    int n = list.size();
    double top1 = list.stream().mapToDouble(o -> o.hit(1)).sum() / n;
    double top3 = list.stream().mapToDouble(o -> o.hit(3)).sum() / n;
    double avg5 = list.stream().mapToDouble(Outcome::avg5).sum() / n;
    long[] ttd =
        list.stream()
            .filter(o -> o.ttdSeconds().isPresent())
            .mapToLong(o -> o.ttdSeconds().getAsLong())
            .sorted()
            .toArray();
    double median =
        ttd.length == 0
            ? Double.NaN
            : ttd.length % 2 == 1
                ? ttd[ttd.length / 2]
                : (ttd[ttd.length / 2 - 1] + ttd[ttd.length / 2]) / 2.0;
    return new Summary(
        level,
        method,
        n,
        top1,
        top3,
        avg5,
        (int) list.stream().filter(Outcome::noRoot).count(),
        (int) list.stream().filter(o -> o.noRoot() && o.abstained()).count(),
        (int) list.stream().filter(o -> o.blamed().isPresent()).count(),
        (int) list.stream().filter(Outcome::blameCorrect).count(),
        (int) list.stream().filter(Outcome::hasRootChange).count(),
        (int) list.stream().filter(Outcome::hasDecoy).count(),
        (int) list.stream().filter(o -> o.hasDecoy() && o.decoyBlamed()).count(),
        median);
  }

  /** Returns the summaries as a fixed-width table. */
  public static String format(List<Summary> summaries) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%-16s %-15s %4s %6s %6s %6s %7s %6s %6s %7s %7s%n",
            "level",
            "method",
            "n",
            "top1",
            "top3",
            "avg@5",
            "noroot",
            "blameP",
            "blameR",
            "decoyFB",
            "TTD(s)"));
    String previous = null;
    for (Summary m : summaries) {
      if (previous != null && !previous.equals(m.level())) {
        s.append('\n');
      }
      previous = m.level();
      s.append(
          String.format(
              Locale.ROOT,
              "%-16s %-15s %4d %6.2f %6.2f %6.2f %7s %6s %6s %7s %7s%n",
              m.level(),
              m.method(),
              m.cases(),
              m.top1(),
              m.top3(),
              m.avg5(),
              m.noRootCases() == 0 ? "-" : m.noRootAbstained() + "/" + m.noRootCases(),
              ratio(m.blamePrecision()),
              ratio(m.blameRecall()),
              ratio(m.decoyFalseBlame()),
              Double.isNaN(m.medianTtdSeconds())
                  ? "-"
                  : String.format(Locale.ROOT, "%.0f", m.medianTtdSeconds())));
    }
    return s.toString();
  }

  private static String ratio(double x) {
    return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.2f", x);
  }
}
