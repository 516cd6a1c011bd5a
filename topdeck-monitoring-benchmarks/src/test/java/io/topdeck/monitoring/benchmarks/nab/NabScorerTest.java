package io.topdeck.monitoring.benchmarks.nab;

import static io.topdeck.monitoring.benchmarks.nab.TestFiles.STANDARD;
import static io.topdeck.monitoring.benchmarks.nab.TestFiles.UNIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NabScorerTest {

  // README §2.7: n=100, window rows [40, 50], probation 15, standard profile.
  private static final NabDataFile TOY = TestFiles.file("toy", 100, new NabWindow(40, 50));
  private static final ScoredFile TOY_SCORED =
      new ScoredFile(TOY, TestFiles.scores(100, 10, 0.9, 20, 0.8, 42, 0.7, 45, 0.95, 60, 0.6));

  @Test
  void probationIsFifteenPercentCappedAt750Rows() {
    assertThat(NabScorer.probationLength(100)).isEqualTo(15);
    assertThat(NabScorer.probationLength(4032)).isEqualTo(604);
    assertThat(NabScorer.probationLength(5000)).isEqualTo(750);
    assertThat(NabScorer.probationLength(22695)).isEqualTo(750);
  }

  @Test
  void scaledSigmoidMatchesNabsAnchorPoints() {
    assertThat(NabScorer.scaledSigmoid(-1.0)).isCloseTo(0.9866142981514305, within(1e-15));
    assertThat(NabScorer.scaledSigmoid(-0.5)).isCloseTo(0.84828, within(1e-5));
    assertThat(NabScorer.scaledSigmoid(0.0)).isZero();
    assertThat(NabScorer.scaledSigmoid(3.0)).isEqualTo(-1.0);
  }

  @Test
  void toyFileRowScoresMatchTheWorkedExample() {
    double[] s = NabScorer.sweepScores(100, TOY.windows(), STANDARD);
    assertThat(s[20]).isCloseTo(-0.11, within(1e-12));
    assertThat(s[40]).isCloseTo(1.0, within(1e-12));
    assertThat(s[42]).isCloseTo(0.980223, within(1e-6));
    assertThat(s[45]).isCloseTo(0.889135, within(1e-6));
    assertThat(s[60]).isCloseTo(-0.108528, within(1e-6));
  }

  @Test
  void toyFileSweepListsEveryDistinctScoreAndIgnoresProbation() {
    NabScorer.Sweep sweep = NabScorer.sweep(List.of(TOY_SCORED), STANDARD);

    double[] thresholds = new double[sweep.size()];
    double[] scores = new double[sweep.size()];
    for (int i = 0; i < sweep.size(); i++) {
      thresholds[i] = sweep.threshold(i);
      scores[i] = sweep.score(i);
    }
    assertThat(thresholds).containsExactly(1.1, 0.95, 0.8, 0.7, 0.6, 0.0);
    assertThat(scores)
        .containsExactly(
            new double[] {-1.0, 0.889135, 0.779135, 0.870223, 0.761696, -6.8877}, within(1e-4));
  }

  @Test
  void toyFileBestThresholdIs095AndNormalizesTo94457() {
    NabScorer.Sweep sweep = NabScorer.sweep(List.of(TOY_SCORED), STANDARD);

    assertThat(sweep.bestThreshold()).isEqualTo(0.95);
    assertThat(NabScorer.normalize(sweep.bestScore(), 1, STANDARD)).isCloseTo(94.457, within(1e-3));
  }

  @Test
  void nabsOwnScorerTestGivesRawMinus095405AndItsRowCounts() {
    NabDataFile file = TestFiles.file("nab", 100, new NabWindow(30, 34), new NabWindow(65, 69));
    ScoredFile scored = new ScoredFile(file, TestFiles.scores(100, 30, 1, 31, 1, 37, 1));

    ThresholdScore score = NabScorer.scoreFile(scored, UNIT, 0.5, 0);

    assertThat(score.score()).isCloseTo(-0.95405, within(1e-5));
    assertThat(List.of(score.tn(), score.tp(), score.fp(), score.fn()))
        .containsExactly(89L, 2L, 1L, 8L);
    assertThat(score.totalCount()).isEqualTo(100);
  }

  @Test
  void fileWithoutWindowsOnlyPaysForFalsePositivesAndHasNoNormalizedScore() {
    NabDataFile file = TestFiles.file("flat", 100);
    ScoredFile scored = new ScoredFile(file, TestFiles.scores(100, 5, 1, 50, 1, 70, 0.4));

    ThresholdScore score = NabScorer.scoreFile(scored, STANDARD, 0.5);

    assertThat(score.score()).isCloseTo(-0.11, within(1e-12));
    assertThat(List.of(score.tp(), score.fp(), score.fn(), score.tn()))
        .containsExactly(0L, 1L, 0L, 84L);
    assertThat(NabScorer.normalize(score.score(), 0, STANDARD)).isNaN();
  }

  @Test
  void thresholdBelowEveryScoreDetectsEveryScorableRow() {
    ThresholdScore score = NabScorer.scoreFile(TOY_SCORED, STANDARD, -0.5);
    NabScorer.Sweep sweep = NabScorer.sweep(List.of(TOY_SCORED), STANDARD);

    assertThat(score.fn()).isZero();
    assertThat(score.tn()).isZero();
    assertThat(score.tp() + score.fp()).isEqualTo(85);
    assertThat(score.score()).isCloseTo(sweep.score(sweep.size() - 1), within(1e-9));
  }

  @Test
  void tiedRawScoresGoToTheHighestThreshold() {
    // The detection at 0.8 comes later in the window than the one at 0.9: it changes nothing.
    NabDataFile file = TestFiles.file("tie", 100, new NabWindow(40, 50));
    ScoredFile scored = new ScoredFile(file, TestFiles.scores(100, 41, 0.9, 48, 0.8));

    NabScorer.Sweep sweep = NabScorer.sweep(List.of(scored), STANDARD);

    assertThat(sweep.score(1)).isEqualTo(sweep.score(2));
    assertThat(sweep.bestThreshold()).isEqualTo(0.9);
  }

  @Test
  void equalAnomalyScoresShareOneSweepRecord() {
    NabDataFile file = TestFiles.file("same", 100, new NabWindow(40, 50));
    ScoredFile scored = new ScoredFile(file, TestFiles.scores(100, 20, 0.7, 45, 0.7, 80, 0.7));

    NabScorer.Sweep sweep = NabScorer.sweep(List.of(scored), STANDARD);

    assertThat(sweep.threshold(1)).isEqualTo(0.7);
    assertThat(sweep.threshold(2)).isEqualTo(0.0);
    assertThat(sweep.size()).isEqualTo(3);
  }

  @Test
  void sweepAgreesWithPerFileScoringAtEveryThresholdOnRandomCorpora() {
    Random random = new Random(42);
    List<ScoredFile> corpus = new ArrayList<>();
    for (int f = 0; f < 5; f++) {
      int n = 300 + random.nextInt(400);
      NabDataFile file =
          TestFiles.file(
              "r" + f,
              n,
              new NabWindow(n / 3, n / 3 + 20),
              new NabWindow(2 * n / 3, 2 * n / 3 + 9));
      double[] scores = new double[n];
      for (int i = 0; i < n; i++) {
        scores[i] = Math.round(random.nextDouble() * 50) / 50.0; // many ties
      }
      corpus.add(new ScoredFile(file, scores));
    }
    for (NabProfile profile : List.of(STANDARD, new NabProfile("fn", 1.0, 0.11, 2.0))) {
      NabScorer.Sweep sweep = NabScorer.sweep(corpus, profile);
      for (int i = 0; i < sweep.size(); i++) {
        double threshold = sweep.threshold(i);
        double direct =
            corpus.stream()
                .mapToDouble(f -> NabScorer.scoreFile(f, profile, threshold).score())
                .sum();
        assertThat(sweep.score(i)).as("threshold %s", threshold).isCloseTo(direct, within(1e-9));
      }
    }
  }

  @Test
  void rowScoresPutEachWindowOnItsFirstRowAndSumToTheFileScore() {
    double[] rows = NabScorer.rowScores(TOY_SCORED, STANDARD, 0.6);

    // Rows 42 (0.7) and 45 (0.95) are detected; the earlier one earns more.
    assertThat(rows[40]).isCloseTo(0.980223, within(1e-6));
    assertThat(rows[42]).isZero();
    assertThat(rows[45]).isZero();
    assertThat(rows[20]).isCloseTo(-0.11, within(1e-12));
    assertThat(rows[10]).isZero();
    double sum = 0;
    for (double r : rows) {
      sum += r;
    }
    assertThat(sum)
        .isCloseTo(NabScorer.scoreFile(TOY_SCORED, STANDARD, 0.6).score(), within(1e-12));
  }

  @Test
  void missedWindowCostsTheFalseNegativeWeight() {
    ScoredFile scored = new ScoredFile(TOY, new double[100]);

    assertThat(NabScorer.scoreFile(scored, new NabProfile("fn", 1, 0.11, 2), 0.5).score())
        .isEqualTo(-2.0);
    assertThat(NabScorer.normalize(-2.0, 1, new NabProfile("fn", 1, 0.11, 2))).isZero();
  }
}
