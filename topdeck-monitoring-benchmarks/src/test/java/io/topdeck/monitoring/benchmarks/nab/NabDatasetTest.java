package io.topdeck.monitoring.benchmarks.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabDatasetTest {

  static final String PROFILES =
      """
      {"standard": {"CostMatrix": {"tpWeight": 1.0, "fnWeight": 1.0, "fpWeight": 0.11,
        "tnWeight": 1.0}},
       "reward_low_FN_rate": {"CostMatrix": {"tpWeight": 1.0, "fnWeight": 2.0,
        "fpWeight": 0.11, "tnWeight": 1.0}}}
      """;

  /** Writes a two-file corpus in NAB's layout; file b repeats a timestamp and steps back. */
  static Path writeCorpus(Path root) throws IOException {
    Files.createDirectories(root.resolve("data/catA"));
    Files.createDirectories(root.resolve("labels"));
    Files.createDirectories(root.resolve("config"));
    StringBuilder a = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < 40; i++) {
      a.append(String.format("2014-04-01 %02d:%02d:00,%d%n", i / 12, (i % 12) * 5, i % 7));
    }
    Files.writeString(root.resolve("data/catA/a.csv"), a.toString());
    Files.writeString(
        root.resolve("data/catA/b.csv"),
        """
        timestamp,value
        2014-03-09 01:55:00,1.5
        2014-03-09 03:00:00,2.5
        2014-03-09 03:00:00,3.5
        2014-03-09 02:00:00,4.5
        2014-03-09 03:05:00,5.5
        """);
    Files.writeString(
        root.resolve("labels/combined_windows.json"),
        """
        {"catA/a.csv": [["2014-04-01 01:00:00.000000", "2014-04-01 01:20:00.000000"]],
         "catA/b.csv": [["2014-03-09 03:00:00.000000", "2014-03-09 03:05:00.000000"]]}
        """);
    Files.writeString(root.resolve("config/profiles.json"), PROFILES);
    return root;
  }

  @Test
  void readsFilesWindowsAndProfilesInNabsLayout(@TempDir Path dir) throws IOException {
    NabDataset dataset = NabDataset.load(writeCorpus(dir));

    assertThat(dataset.files())
        .extracting(NabDataFile::key)
        .containsExactly("catA/a.csv", "catA/b.csv");
    assertThat(dataset.files().get(0).windows()).containsExactly(new NabWindow(12, 16));
    assertThat(dataset.windowCount()).isEqualTo(2);
    assertThat(dataset.profiles().keySet()).containsExactly("standard", "reward_low_FN_rate");
    assertThat(dataset.profiles().get("reward_low_FN_rate").fnWeight()).isEqualTo(2.0);
  }

  @Test
  void keepsRowOrderWhenTimestampsRepeatOrStepBackAndReadsThemAsUtc(@TempDir Path dir)
      throws IOException {
    NabDataFile b = NabDataset.load(writeCorpus(dir)).files().get(1);

    assertThat(b.values()).containsExactly(1.5, 2.5, 3.5, 4.5, 5.5);
    assertThat(b.epochMillis()[3])
        .isEqualTo(Instant.parse("2014-03-09T02:00:00Z").toEpochMilli())
        .isLessThan(b.epochMillis()[2]);
    // A window boundary is the first row holding that timestamp, as list.index() in NAB.
    assertThat(b.windows()).containsExactly(new NabWindow(1, 4));
  }

  @Test
  void missingDirectoryFailsNamingThePath(@TempDir Path dir) {
    Path missing = dir.resolve("nowhere");

    assertThatThrownBy(() -> NabDataset.load(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void windowBoundaryThatIsNoRowFails(@TempDir Path dir) throws IOException {
    writeCorpus(dir);
    Files.writeString(
        dir.resolve("labels/combined_windows.json"),
        """
        {"catA/a.csv": [["2014-04-01 01:01:00.000000", "2014-04-01 01:20:00.000000"]],
         "catA/b.csv": []}
        """);

    assertThatThrownBy(() -> NabDataset.load(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("catA/a.csv")
        .hasMessageContaining("2014-04-01 01:01:00");
  }

  @Test
  void malformedValueFailsNamingFileAndLine(@TempDir Path dir) throws IOException {
    writeCorpus(dir);
    Files.writeString(dir.resolve("data/catA/b.csv"), "timestamp,value\n2014-03-09 01:55:00,x\n");

    assertThatThrownBy(() -> NabDataset.load(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("b.csv line 2");
  }
}
