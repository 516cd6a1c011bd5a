package io.topdeck.monitoring.benchmarks.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RcaScorerTest {

  private static final Instant T = Instant.parse("2026-11-02T00:40:00Z");

  @Test
  void oneRootInSecondPlaceMissesTop1AndScoresAvg5OfFourFifths() {
    RcaScorer.Outcome o = score(truth(List.of("b"), List.of(), List.of()), result("a", "b", "c"));

    assertThat(o.hits()).containsExactly(0, 1, 1, 1, 1);
    assertThat(o.avg5()).isCloseTo(0.8, within(1e-12));
  }

  @Test
  void twoRootsCountTheShareFoundOutOfAtMostK() {
    RcaScorer.Outcome o =
        score(truth(List.of("a", "d"), List.of(), List.of()), result("a", "b", "c", "d", "e"));

    // hit@1 = 1/1, hit@2 = 1/2, hit@3 = 1/2, hit@4 = 2/2, hit@5 = 2/2
    assertThat(o.hits()).containsExactly(1, 0.5, 0.5, 1, 1);
    assertThat(o.avg5()).isCloseTo(0.8, within(1e-12));
  }

  @Test
  void aNoRootCaseIsAHitOnlyWhenTheMethodAbstains() {
    GroundTruth none = truth(List.of(), List.of(), List.of());

    assertThat(score(none, RcaResult.none()).hits()).containsOnly(1.0);
    assertThat(score(none, result("a")).hits()).containsOnly(0.0);
    assertThat(score(none, ranked(0.4, "a")).hits()).containsOnly(1.0);
  }

  @Test
  void anAnswerBelowTheMinimumConfidenceIsAnAbstentionAndMissesTheRoot() {
    RcaScorer.Outcome o = score(truth(List.of("a"), List.of(), List.of()), ranked(0.3, "a"));

    assertThat(o.abstained()).isTrue();
    assertThat(o.hits()).containsOnly(0.0);
  }

  @Test
  void blamePrecisionRecallAndDecoyFalseBlameFollowTheirDefinitions() {
    List<RcaScorer.Outcome> outcomes =
        List.of(
            score(truth(List.of("a"), List.of("c1"), List.of()), blaming("c1", "a")),
            score(truth(List.of("a"), List.of("c2"), List.of("d1")), blaming("d1", "b")),
            score(truth(List.of("a"), List.of(), List.of()), result("a")),
            score(truth(List.of("a"), List.of(), List.of("d2")), blaming("d2", "a")));

    RcaScorer.Summary s = RcaScorer.summary("L4", "m", outcomes);

    assertThat(s.blames()).isEqualTo(3);
    assertThat(s.blamePrecision()).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(s.blameRecall()).isCloseTo(0.5, within(1e-12));
    assertThat(s.decoyFalseBlame()).isEqualTo(1.0);
    assertThat(s.top1()).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void timeToDetectIsTheMedianDelayAfterInjection() {
    GroundTruth truth = truth(List.of("a"), List.of(), List.of());
    List<RcaScorer.Outcome> outcomes =
        Arrays.stream(new long[] {30, 90, 600})
            .mapToObj(
                s ->
                    score(
                        truth,
                        new RcaResult(
                            List.of(new RcaResult.Ranked("a", 1, 1)),
                            Optional.empty(),
                            Optional.of(T.plusSeconds(s)))))
            .toList();

    assertThat(RcaScorer.summary("L1", "m", outcomes).medianTtdSeconds()).isEqualTo(90);
  }

  @Test
  void summariesComeOutPerLevelAndMethodThenPooled() {
    RcaScorer.Outcome l1 = score(truth(List.of("a"), List.of(), List.of()), result("a"));
    RcaScorer.Outcome l2 =
        RcaScorer.score(
            "m",
            new GroundTruth("L2", "x", T, List.of("a"), List.of(), List.of()),
            "c",
            result("b"));

    List<RcaScorer.Summary> s = RcaScorer.summarize(List.of(l2, l1));

    assertThat(s).extracting(RcaScorer.Summary::level).containsExactly("L1", "L2", RcaScorer.ALL);
    assertThat(s.get(2).top1()).isEqualTo(0.5);
    assertThat(RcaScorer.format(s)).contains("L1", "L2", "all", "top1", "decoyFB");
  }

  private static RcaScorer.Outcome score(GroundTruth truth, RcaResult result) {
    return RcaScorer.score("m", truth, "case", result);
  }

  private static GroundTruth truth(List<String> roots, List<String> changes, List<String> decoys) {
    return new GroundTruth("L1", "fault", T, roots, changes, decoys);
  }

  private static RcaResult result(String... ids) {
    return ranked(1, ids);
  }

  private static RcaResult ranked(double confidence, String... ids) {
    return new RcaResult(
        Arrays.stream(ids).map(id -> new RcaResult.Ranked(id, 1, confidence)).toList(),
        Optional.empty(),
        Optional.empty());
  }

  private static RcaResult blaming(String change, String... ids) {
    return new RcaResult(result(ids).ranking(), Optional.of(change), Optional.empty());
  }
}
