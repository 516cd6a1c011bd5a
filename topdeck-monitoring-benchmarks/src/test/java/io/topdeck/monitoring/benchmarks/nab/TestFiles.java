package io.topdeck.monitoring.benchmarks.nab;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Small in-memory NAB files for unit tests. */
final class TestFiles {

  static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0);
  static final NabProfile UNIT = new NabProfile("unit", 1.0, 1.0, 1.0);

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private TestFiles() {}

  /** Returns a file of n rows, five minutes apart, with the given windows. */
  static NabDataFile file(String name, int n, NabWindow... windows) {
    List<String> timestamps = new ArrayList<>();
    long[] millis = new long[n];
    long start = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
    for (int i = 0; i < n; i++) {
      millis[i] = start + i * 300_000L;
      timestamps.add(FORMAT.format(Instant.ofEpochMilli(millis[i])));
    }
    return new NabDataFile("cat", name, timestamps, millis, new double[n], List.of(windows));
  }

  /** Returns scores that are 0 except at the given (row, score) pairs. */
  static double[] scores(int n, double... rowScorePairs) {
    double[] scores = new double[n];
    for (int i = 0; i < rowScorePairs.length; i += 2) {
      scores[(int) rowScorePairs[i]] = rowScorePairs[i + 1];
    }
    return scores;
  }
}
