package io.topdeck.monitoring.benchmarks.nab;

import io.topdeck.monitoring.core.anomaly.StreamingDetector;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a streaming detector over a NAB corpus and scores the result the way NAB does.
 *
 * <p>Each file gets a fresh detector and sees its rows once, in row order; the detector never sees
 * labels. Results and score tables are written in NAB's layout, so NAB's own tools can read them.
 */
public final class NabRunner {

  private static final Logger logger = LoggerFactory.getLogger(NabRunner.class);

  private NabRunner() {}

  /**
   * Returns the detector's score for every row of every file.
   *
   * @throws IllegalStateException when the detector returns NaN or a score outside [0, 1]
   */
  public static List<ScoredFile> run(NabDataset dataset, Supplier<StreamingDetector> detectors) {
    List<ScoredFile> scored = new ArrayList<>();
    for (NabDataFile file : dataset.files()) {
      StreamingDetector detector = Objects.requireNonNull(detectors.get(), "detector");
      double[] scores = new double[file.size()];
      for (int i = 0; i < scores.length; i++) {
        double s = detector.update(file.epochMillis()[i], file.values()[i]);
        if (!(s >= 0.0 && s <= 1.0)) {
          throw new IllegalStateException(
              "Detector returned " + s + " (not in [0, 1]) for " + file.key() + " row " + i);
        }
        scores[i] = s;
      }
      scored.add(new ScoredFile(file, scores));
    }
    return scored;
  }

  /**
   * Writes {@code <resultsDir>/<detector>/<category>/<detector>_<name>.csv} with columns {@code
   * timestamp,value,anomaly_score,label} (label 1 inside windows).
   */
  public static void writeResults(Path resultsDir, String detector, List<ScoredFile> scored) {
    for (ScoredFile f : scored) {
      NabDataFile file = f.file();
      Path out =
          resultsDir
              .resolve(detector)
              .resolve(file.category())
              .resolve(detector + "_" + file.name() + ".csv");
      try {
        Files.createDirectories(out.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
          w.write("timestamp,value,anomaly_score,label\n");
          int k = 0;
          for (int i = 0; i < file.size(); i++) {
            while (k < file.windows().size() && file.windows().get(k).end() < i) {
              k++;
            }
            boolean label = k < file.windows().size() && file.windows().get(k).contains(i);
            w.write(file.timestamps().get(i));
            w.write(',');
            w.write(Double.toString(file.values()[i]));
            w.write(',');
            w.write(Double.toString(f.anomalyScores()[i]));
            w.write(label ? ",1\n" : ",0\n");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write " + out, e);
      }
    }
  }

  /**
   * Returns the results found in a detector's results directory in NAB's layout ({@code
   * <category>/<anything>_<name>.csv}, optionally gzipped), reading the {@code anomaly_score}
   * column by name. Files without results are logged and left out; NAB then scores the files it
   * has, while null and perfect scores still count every window.
   *
   * @throws IllegalArgumentException when the directory is missing, or a file lacks the column, has
   *     another row count, or holds a score outside [0, 1]
   */
  public static List<ScoredFile> readResults(NabDataset dataset, Path detectorDir) {
    if (!Files.isDirectory(detectorDir)) {
      throw new IllegalArgumentException("Results directory not found: " + detectorDir);
    }
    List<ScoredFile> scored = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (NabDataFile file : dataset.files()) {
      Path found = findResultsFile(detectorDir.resolve(file.category()), file.name());
      if (found == null) {
        missing.add(file.key());
      } else {
        scored.add(new ScoredFile(file, readAnomalyScores(found, file.size())));
      }
    }
    if (!missing.isEmpty()) {
      logger.warn(
          "No results for {} of {} files in {}: {}",
          missing.size(),
          dataset.files().size(),
          detectorDir,
          missing);
    }
    return scored;
  }

  private static Path findResultsFile(Path categoryDir, String name) {
    if (!Files.isDirectory(categoryDir)) {
      return null;
    }
    try (var children = Files.list(categoryDir)) {
      return children
          .filter(
              p -> {
                String n = p.getFileName().toString();
                return n.endsWith("_" + name + ".csv") || n.endsWith("_" + name + ".csv.gz");
              })
          .sorted()
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + categoryDir, e);
    }
  }

  static double[] readAnomalyScores(Path path, int expectedRows) {
    return readColumn(path, "anomaly_score", expectedRows);
  }

  /** Returns one numeric column of a results file, found by header name. */
  static double[] readColumn(Path path, String column, int expectedRows) {
    try (InputStream raw = Files.newInputStream(path);
        InputStream in =
            path.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String header = reader.readLine();
      int col = header == null ? -1 : Arrays.asList(header.trim().split(",")).indexOf(column);
      if (col < 0) {
        throw new IllegalArgumentException(path + ": no column '" + column + "'");
      }
      double[] values = new double[expectedRows];
      int row = 0;
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        if (row >= expectedRows) {
          throw new IllegalArgumentException(path + ": more rows than the data file's " + row);
        }
        String[] cells = line.split(",", -1);
        try {
          values[row++] = Double.parseDouble(cells[col].trim());
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
          throw new IllegalArgumentException(path + " row " + row + ": bad " + column, e);
        }
      }
      if (row != expectedRows) {
        throw new IllegalArgumentException(
            path + ": " + row + " rows, the data file has " + expectedRows);
      }
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }

  /**
   * Returns the normalized scores per profile at the sweep's hindsight threshold and at a fixed
   * threshold, overall (null and perfect over every window of the corpus) and per category.
   */
  public static NabReport score(
      NabDataset dataset, String detector, List<ScoredFile> scored, double fixedThreshold) {
    List<NabReport.ProfileResult> results = new ArrayList<>();
    Map<String, NabScorer.Sweep> sweeps = NabScorer.sweepAll(scored, dataset.profiles().values());
    for (NabProfile profile : dataset.profiles().values()) {
      double hindsight = sweeps.get(profile.name()).bestThreshold();
      Map<String, ThresholdScore[]> byCategory = new LinkedHashMap<>();
      ThresholdScore hsTotal = zero(hindsight);
      ThresholdScore fixedTotal = zero(fixedThreshold);
      for (ScoredFile f : scored) {
        ThresholdScore hs = NabScorer.scoreFile(f, profile, hindsight);
        ThresholdScore fx = NabScorer.scoreFile(f, profile, fixedThreshold);
        hsTotal = hsTotal.plus(hs);
        fixedTotal = fixedTotal.plus(fx);
        ThresholdScore[] acc =
            byCategory.computeIfAbsent(
                f.file().category(),
                c -> new ThresholdScore[] {zero(hindsight), zero(fixedThreshold)});
        acc[0] = acc[0].plus(hs);
        acc[1] = acc[1].plus(fx);
      }
      List<NabReport.CategoryResult> categories = new ArrayList<>();
      for (Map.Entry<String, ThresholdScore[]> e : byCategory.entrySet()) {
        int windows = windowCount(dataset, e.getKey());
        double hsRaw = e.getValue()[0].score();
        double fxRaw = e.getValue()[1].score();
        categories.add(
            new NabReport.CategoryResult(
                e.getKey(),
                windows,
                hsRaw,
                NabScorer.normalize(hsRaw, windows, profile),
                fxRaw,
                NabScorer.normalize(fxRaw, windows, profile)));
      }
      int windows = dataset.windowCount();
      results.add(
          new NabReport.ProfileResult(
              profile,
              hindsight,
              hsTotal,
              NabScorer.normalize(hsTotal.score(), windows, profile),
              fixedTotal,
              NabScorer.normalize(fixedTotal.score(), windows, profile),
              categories));
    }
    return new NabReport(detector, scored.size(), dataset.files().size(), results);
  }

  /**
   * Writes NAB's per-profile score tables {@code <detectorDir>/<detector>_<profile>_scores.csv}
   * (one row per file plus a Totals row) at each profile's threshold.
   */
  public static void writeScoreTables(
      Path detectorDir, String detector, List<ScoredFile> scored, NabReport report) {
    for (NabReport.ProfileResult p : report.profiles()) {
      Path out = detectorDir.resolve(detector + "_" + p.profile().name() + "_scores.csv");
      try {
        Files.createDirectories(detectorDir);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
          w.write("Detector,Profile,File,Threshold,Score,TP,TN,FP,FN,Total_Count\n");
          ThresholdScore total = zero(p.hindsightThreshold());
          for (ScoredFile f : scored) {
            ThresholdScore s = NabScorer.scoreFile(f, p.profile(), p.hindsightThreshold());
            total = total.plus(s);
            w.write(detector + "," + p.profile().name() + "," + f.file().key() + ",");
            w.write(tableCells(s, true));
          }
          w.write("Totals,,," + tableCells(total, false));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write " + out, e);
      }
    }
  }

  private static String tableCells(ThresholdScore s, boolean withThreshold) {
    return (withThreshold ? Double.toString(s.threshold()) : "")
        + ","
        + s.score()
        + ","
        + s.tp()
        + ","
        + s.tn()
        + ","
        + s.fp()
        + ","
        + s.fn()
        + ","
        + s.totalCount()
        + "\n";
  }

  private static int windowCount(NabDataset dataset, String category) {
    return dataset.files().stream()
        .filter(f -> f.category().equals(category))
        .mapToInt(f -> f.windows().size())
        .sum();
  }

  private static ThresholdScore zero(double threshold) {
    return new ThresholdScore(threshold, 0, 0, 0, 0, 0, 0);
  }
}
