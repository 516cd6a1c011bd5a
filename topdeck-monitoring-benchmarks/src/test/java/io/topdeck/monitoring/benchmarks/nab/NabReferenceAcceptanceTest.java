package io.topdeck.monitoring.benchmarks.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Reproduces the reference results NAB stored next to its corpus. */
@Tag("acceptance")
class NabReferenceAcceptanceTest {

  private static final List<String> DETECTORS = List.of("numenta", "null", "windowedGaussian");
  private static final List<String> RAW_FILES =
      List.of(
          "artificialNoAnomaly/art_daily_small_noise",
          "realAWSCloudwatch/ec2_cpu_utilization_24ae8d",
          "realKnownCause/ec2_request_latency_system_failure");

  private static Path nab;
  private static NabDataset dataset;
  private static List<ScoredFile> numentaFull;

  @BeforeAll
  static void loadCorpus() {
    String shared = System.getProperty("topdeck.shared.dir");
    if (shared == null || !Files.isDirectory(Path.of(shared))) {
      throw new IllegalStateException(
          "System property topdeck.shared.dir must name the shared data folder (run with"
              + " -P acceptance); got "
              + shared);
    }
    nab = Path.of(shared, "datasets", "nab");
    dataset = NabDataset.load(nab);
    numentaFull = NabRunner.readResults(dataset, nab.resolve("results/numenta-full"));
  }

  @Test
  void corpusHas58FilesWith365558RowsAnd116Windows() {
    assertThat(dataset.files()).hasSize(58);
    assertThat(dataset.files().stream().mapToInt(NabDataFile::size).sum()).isEqualTo(365_558);
    assertThat(dataset.windowCount()).isEqualTo(116);
    assertThat(numentaFull).hasSize(58);
  }

  @Test
  void numentaAtNabsStoredThresholdsGivesThePublishedScores() {
    JsonNode thresholds = NabDataset.readJson(nab.resolve("config/thresholds.json"));
    JsonNode published = NabDataset.readJson(nab.resolve("results/final_results.json"));
    for (NabProfile profile : dataset.profiles().values()) {
      double threshold =
          thresholds.path("numenta").path(profile.name()).path("threshold").asDouble();
      double raw =
          numentaFull.stream()
              .mapToDouble(f -> NabScorer.scoreFile(f, profile, threshold).score())
              .sum();
      double expected = published.path("numenta").path(profile.name()).asDouble();

      assertThat(NabScorer.normalize(raw, dataset.windowCount(), profile))
          .as(profile.name())
          .isCloseTo(expected, within(1e-6));
    }
  }

  @Test
  void freshSweepOfNumentaScoresAtLeastTheStoredThresholds() {
    JsonNode published = NabDataset.readJson(nab.resolve("results/final_results.json"));
    for (NabProfile profile : dataset.profiles().values()) {
      NabScorer.Sweep sweep = NabScorer.sweep(numentaFull, profile);
      double normalized = NabScorer.normalize(sweep.bestScore(), dataset.windowCount(), profile);

      assertThat(normalized)
          .as(profile.name())
          .isGreaterThanOrEqualTo(published.path("numenta").path(profile.name()).asDouble() - 1e-9);
    }
  }

  @Test
  void perRowScoreColumnsOfTheStoredResultsFilesAreReproduced() {
    for (String detector : DETECTORS) {
      for (String key : RAW_FILES) {
        NabDataFile file = file(key);
        Path results = rawResultsFile(detector, file);
        ScoredFile scored = new ScoredFile(file, NabRunner.readAnomalyScores(results, file.size()));
        for (NabProfile profile : dataset.profiles().values()) {
          double threshold = storedTable(detector, profile).values().iterator().next().threshold();
          double[] expected = NabRunner.readColumn(results, "S(t)_" + profile.name(), file.size());

          assertThat(NabScorer.rowScores(scored, profile, threshold))
              .as("%s %s %s", detector, key, profile.name())
              .containsExactly(expected, within(1e-9));
        }
      }
    }
  }

  @Test
  void numentaScoreTablesAreReproducedForAllFilesAndTotals() {
    assertTablesReproduced("numenta", numentaFull);
  }

  @Test
  void nullScoreTablesAreReproducedForAllFilesAndTotals() {
    assertTablesReproduced("null", NabRunner.run(dataset, NabBenchmark.DETECTORS.get("null")));
  }

  @Test
  void windowedGaussianTableRowsOfTheStoredResultsFilesAreReproduced() {
    List<ScoredFile> stored = new ArrayList<>();
    for (String key : RAW_FILES) {
      NabDataFile file = file(key);
      Path results = rawResultsFile("windowedGaussian", file);
      stored.add(new ScoredFile(file, NabRunner.readAnomalyScores(results, file.size())));
    }
    for (NabProfile profile : dataset.profiles().values()) {
      Map<String, ThresholdScore> table = storedTable("windowedGaussian", profile);
      for (ScoredFile f : stored) {
        ThresholdScore expected = table.get(f.file().key());
        assertRow(f.file().key(), NabScorer.scoreFile(f, profile, expected.threshold()), expected);
      }
    }
  }

  @Test
  void ourWindowedGaussianReproducesNabsTablesOnceScoresAreRoundedLikeNabsCsv() {
    // NAB (Python 2) wrote scores with 12 significant digits and scored the written files, so
    // 0.99999999999996 became 1.0 and counts at its threshold of 1.0.
    List<ScoredFile> scored = new ArrayList<>();
    for (ScoredFile f : NabRunner.run(dataset, WindowedGaussianDetector::new)) {
      double[] rounded = f.anomalyScores().clone();
      for (int i = 0; i < rounded.length; i++) {
        rounded[i] = Double.parseDouble(String.format(Locale.ROOT, "%.12g", rounded[i]));
      }
      scored.add(new ScoredFile(f.file(), rounded));
    }
    assertTablesReproduced("windowedGaussian", scored);
  }

  private static void assertTablesReproduced(String detector, List<ScoredFile> scored) {
    assertThat(scored).hasSize(58);
    for (NabProfile profile : dataset.profiles().values()) {
      Map<String, ThresholdScore> table = storedTable(detector, profile);
      assertThat(table).hasSize(59);
      double threshold = table.values().iterator().next().threshold();
      ThresholdScore total = new ThresholdScore(threshold, 0, 0, 0, 0, 0, 0);
      for (ScoredFile f : scored) {
        ThresholdScore ours = NabScorer.scoreFile(f, profile, threshold);
        assertRow(
            detector + " " + profile.name() + " " + f.file().key(),
            ours,
            table.get(f.file().key()));
        total = total.plus(ours);
      }
      assertRow(detector + " " + profile.name() + " Totals", total, table.get("Totals"));
    }
  }

  private static void assertRow(String what, ThresholdScore ours, ThresholdScore expected) {
    assertThat(expected).as(what + " is in the stored table").isNotNull();
    assertThat(ours.score()).as(what + " score").isCloseTo(expected.score(), within(1e-6));
    assertThat(List.of(ours.tp(), ours.tn(), ours.fp(), ours.fn(), ours.totalCount()))
        .as(what + " TP, TN, FP, FN, Total_Count")
        .containsExactly(
            expected.tp(), expected.tn(), expected.fp(), expected.fn(), expected.totalCount());
  }

  /** Returns the stored table by file key (and "Totals"), in file order. */
  private static Map<String, ThresholdScore> storedTable(String detector, NabProfile profile) {
    Path path =
        nab.resolve("results")
            .resolve(detector)
            .resolve(detector + "_" + profile.name() + "_scores.csv");
    Map<String, ThresholdScore> rows = new LinkedHashMap<>();
    try {
      List<String> lines = Files.readAllLines(path);
      assertThat(lines.get(0))
          .isEqualTo("Detector,Profile,File,Threshold,Score,TP,TN,FP,FN,Total_Count");
      double threshold = Double.NaN;
      for (String line : lines.subList(1, lines.size())) {
        String[] c = line.split(",", -1);
        boolean totals = c[0].equals("Totals");
        if (!totals) {
          threshold = Double.parseDouble(c[3]);
        }
        rows.put(
            totals ? "Totals" : c[2],
            new ThresholdScore(
                threshold,
                Double.parseDouble(c[4]),
                Long.parseLong(c[5]),
                Long.parseLong(c[6]),
                Long.parseLong(c[7]),
                Long.parseLong(c[8]),
                Long.parseLong(c[9])));
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + path, e);
    }
    return rows;
  }

  private static NabDataFile file(String key) {
    return dataset.files().stream()
        .filter(f -> f.key().equals(key + ".csv"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("No data file " + key));
  }

  private static Path rawResultsFile(String detector, NabDataFile file) {
    return nab.resolve("results")
        .resolve(detector)
        .resolve(file.category())
        .resolve(detector + "_" + file.name() + ".csv");
  }
}
