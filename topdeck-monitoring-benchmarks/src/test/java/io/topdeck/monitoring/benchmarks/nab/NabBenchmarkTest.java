package io.topdeck.monitoring.benchmarks.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabBenchmarkTest {

  @Test
  void builtInDetectorsAreTheBaselineAndNull() {
    assertThat(NabBenchmark.DETECTORS).containsKeys("windowedGaussian", "null");
    assertThat(NabBenchmark.DETECTORS.get("null").get().update(0, 1e9)).isZero();
  }

  @Test
  void runWritesResultsAndScoreTablesInNabsLayout(@TempDir Path dir) throws IOException {
    Path corpus = NabDatasetTest.writeCorpus(dir.resolve("corpus"));
    Path out = dir.resolve("out");

    NabBenchmark.main(
        new String[] {
          "--data", corpus.toString(), "--out", out.toString(), "--detector", "windowedGaussian"
        });

    assertThat(out.resolve("windowedGaussian/catA/windowedGaussian_a.csv")).isRegularFile();
    assertThat(out.resolve("windowedGaussian/windowedGaussian_standard_scores.csv"))
        .isRegularFile();
    assertThat(Files.readAllLines(out.resolve("windowedGaussian/catA/windowedGaussian_b.csv")))
        .hasSize(6);
  }

  @Test
  void scoreOnlyReadsExistingResults(@TempDir Path dir) throws IOException {
    Path corpus = NabDatasetTest.writeCorpus(dir.resolve("corpus"));
    Path out = dir.resolve("out");
    NabBenchmark.main(
        new String[] {"--data", corpus.toString(), "--out", out.toString(), "--detector", "null"});
    Files.delete(out.resolve("null/null_standard_scores.csv"));

    NabBenchmark.main(
        new String[] {"--data", corpus.toString(), "--score-only", out.resolve("null").toString()});

    assertThat(out.resolve("null/null_standard_scores.csv")).doesNotExist();
  }

  @Test
  void unknownDetectorFailsListingTheKnownOnes(@TempDir Path dir) throws IOException {
    Path corpus = NabDatasetTest.writeCorpus(dir.resolve("corpus"));

    assertThatThrownBy(
            () -> NabBenchmark.main(new String[] {"--data", corpus.toString(), "--detector", "x"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown detector 'x'")
        .hasMessageContaining("windowedGaussian");
  }

  @Test
  void badThresholdOrOptionFailsClearly() {
    assertThatThrownBy(() -> NabBenchmark.main(new String[] {"--threshold", "abc"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--threshold");
    assertThatThrownBy(() -> NabBenchmark.main(new String[] {"--frobnicate", "1"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--frobnicate");
  }
}
