package io.topdeck.monitoring.benchmarks.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.core.anomaly.StreamingDetector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabRunnerTest {

  @Test
  void feedsEachRowOnceInRowOrderToAFreshDetectorPerFile(@TempDir Path dir) throws IOException {
    NabDataset dataset = NabDataset.load(NabDatasetTest.writeCorpus(dir));
    List<List<Double>> seen = new ArrayList<>();

    NabRunner.run(
        dataset,
        () -> {
          List<Double> values = new ArrayList<>();
          seen.add(values);
          return (t, v) -> {
            values.add(v);
            return 0.0;
          };
        });

    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).hasSize(40);
    assertThat(seen.get(1)).containsExactly(1.5, 2.5, 3.5, 4.5, 5.5);
  }

  @Test
  void scoreOutsideUnitIntervalOrNaNFailsNamingFileAndRow(@TempDir Path dir) throws IOException {
    NabDataset dataset = NabDataset.load(NabDatasetTest.writeCorpus(dir));

    for (double bad : new double[] {Double.NaN, 1.5, -0.1}) {
      StreamingDetector detector = (t, v) -> v == 4.0 ? bad : 0.0;
      assertThatThrownBy(() -> NabRunner.run(dataset, () -> detector))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("catA/a.csv row 4");
    }
  }

  @Test
  void writtenResultsReadBackByColumnNameWithLabels(@TempDir Path dir) throws IOException {
    NabDataset dataset = NabDataset.load(NabDatasetTest.writeCorpus(dir.resolve("corpus")));
    List<ScoredFile> scored = NabRunner.run(dataset, () -> (t, v) -> v / 10.0);

    NabRunner.writeResults(dir.resolve("results"), "half", scored);
    List<ScoredFile> read = NabRunner.readResults(dataset, dir.resolve("results/half"));

    Path b = dir.resolve("results/half/catA/half_b.csv");
    assertThat(Files.readAllLines(b))
        .containsExactly(
            "timestamp,value,anomaly_score,label",
            "2014-03-09 01:55:00,1.5,0.15,0",
            "2014-03-09 03:00:00,2.5,0.25,1",
            "2014-03-09 03:00:00,3.5,0.35,1",
            "2014-03-09 02:00:00,4.5,0.45,1",
            "2014-03-09 03:05:00,5.5,0.55,1");
    assertThat(read).hasSize(2);
    assertThat(read.get(1).anomalyScores()).containsExactly(0.15, 0.25, 0.35, 0.45, 0.55);
  }

  @Test
  void resultsWithoutAnomalyScoreColumnFail(@TempDir Path dir) throws IOException {
    NabDataset dataset = NabDataset.load(NabDatasetTest.writeCorpus(dir.resolve("corpus")));
    Path catDir = Files.createDirectories(dir.resolve("results/x/catA"));
    Files.writeString(catDir.resolve("x_b.csv"), "timestamp,score\n");

    assertThatThrownBy(() -> NabRunner.readResults(dataset, dir.resolve("results/x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("anomaly_score");
  }

  @Test
  void scoreTablesHoldOneRowPerFileAndNabsTotalsRow(@TempDir Path dir) throws IOException {
    NabDataset dataset = NabDataset.load(NabDatasetTest.writeCorpus(dir.resolve("corpus")));
    List<ScoredFile> scored = NabRunner.run(dataset, () -> (t, v) -> 0.0);
    NabReport report = NabRunner.score(dataset, "null", scored, 0.5);

    NabRunner.writeScoreTables(dir.resolve("out"), "null", scored, report);

    List<String> lines = Files.readAllLines(dir.resolve("out/null_reward_low_FN_rate_scores.csv"));
    assertThat(lines.get(0))
        .isEqualTo("Detector,Profile,File,Threshold,Score,TP,TN,FP,FN,Total_Count");
    assertThat(lines).hasSize(4);
    String[] a = lines.get(1).split(",");
    String[] b = lines.get(2).split(",");
    String[] totals = lines.get(3).split(",");
    assertThat(List.of(totals).subList(0, 4)).containsExactly("Totals", "", "", "");
    assertThat(Double.parseDouble(totals[4]))
        .isEqualTo(Double.parseDouble(a[4]) + Double.parseDouble(b[4]));
    for (int col = 5; col <= 9; col++) {
      assertThat(Long.parseLong(totals[col]))
          .isEqualTo(Long.parseLong(a[col]) + Long.parseLong(b[col]));
    }
    assertThat(totals[9]).isEqualTo("45");
    assertThat(a[2]).isEqualTo("catA/a.csv");
    assertThat(Double.parseDouble(a[3])).isEqualTo(report.profiles().get(1).hindsightThreshold());
  }
}
