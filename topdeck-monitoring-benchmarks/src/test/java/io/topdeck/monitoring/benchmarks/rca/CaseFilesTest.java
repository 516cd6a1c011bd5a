package io.topdeck.monitoring.benchmarks.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseFilesTest {

  @TempDir Path tmp;

  @Test
  void aWrittenCaseReadsBackEqual() {
    RcaCase original = new IncidentGenerator(9).generate(Level.L3, 100, 4);

    RcaCase read = CaseFiles.read(CaseFiles.write(original, tmp));

    assertThat(read.id()).isEqualTo(original.id());
    assertThat(read.topology()).isEqualTo(original.topology());
    assertThat(read.metrics()).isEqualTo(original.metrics());
    assertThat(read.changes()).isEqualTo(original.changes());
    assertThat(read.errors()).isEqualTo(original.errors());
    assertThat(read.truth()).isEqualTo(original.truth());
  }

  @Test
  void theMetricsFileHasOneRowPerPointAndLeavesMissingPointsOut() throws IOException {
    RcaCase c = new IncidentGenerator(9).generate(Level.L3, 10, 1);
    Path dir = CaseFiles.write(c, tmp);

    long points =
        c.metrics().series().values().stream()
            .flatMapToDouble(java.util.Arrays::stream)
            .filter(v -> !Double.isNaN(v))
            .count();
    try (var lines = Files.lines(dir.resolve(CaseFiles.METRICS))) {
      assertThat(lines.count()).isEqualTo(points + 1);
    }
    assertThat(Files.readString(dir.resolve(CaseFiles.METRICS)))
        .startsWith("timestamp,resource,metric,value\n")
        .doesNotContain("NaN");
  }

  @Test
  void aMalformedMetricsRowIsReportedWithItsLine() throws IOException {
    Path file = tmp.resolve("metrics.csv");
    Files.writeString(file, "timestamp,resource,metric,value\n100,a,cpu,1\n130,a,cpu\n");

    assertThatThrownBy(() -> CaseFiles.readMetrics(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("expected 4 fields");
  }

  @Test
  void aTopologyEdgeToAnUnknownResourceIsRejected() throws IOException {
    Path file = tmp.resolve("topology.json");
    Files.writeString(
        file,
        "{\"resources\":[{\"id\":\"a\",\"type\":\"service\"}],"
            + "\"edges\":[{\"from\":\"a\",\"to\":\"b\",\"type\":\"DEPENDS_ON\"}]}");

    assertThatThrownBy(() -> CaseFiles.readTopology(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a -> b");
  }
}
