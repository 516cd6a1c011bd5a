package io.topdeck.monitoring.benchmarks.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RcaBenchmarkTest {

  @TempDir Path tmp;

  @Test
  void runsEveryMethodOnEveryCaseAndWritesTheCases() throws Exception {
    RcaBenchmark.Options o =
        RcaBenchmark.parse(
            new String[] {
              "--cases-per-level",
              "2",
              "--sizes",
              "10",
              "--levels",
              "L0,L5",
              "--out",
              tmp.toString(),
              "--threads",
              "1"
            });
    List<RcaMethod> methods =
        o.methods().stream().map(m -> RcaBenchmark.METHODS.get(m).apply(o.seed())).toList();

    List<RcaScorer.Outcome> outcomes = RcaBenchmark.runGenerated(o, methods);

    assertThat(outcomes).hasSize(2 * 2 * RcaBenchmark.DEFAULT_METHODS.size());
    assertThat(outcomes).extracting(RcaScorer.Outcome::method).contains("topdeck", "pagerank");
    try (var dirs = Files.list(tmp)) {
      assertThat(dirs.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("L0-n10-000", "L0-n10-001", "L5-n10-000", "L5-n10-001");
    }
  }

  @Test
  void rejectsUnknownOptionsMethodsAndSizes() {
    assertThatThrownBy(() -> RcaBenchmark.parse(new String[] {"--speed", "1"}))
        .hasMessageContaining("Unknown option --speed");
    assertThatThrownBy(() -> RcaBenchmark.parse(new String[] {"--methods", "oracle"}))
        .hasMessageContaining("Unknown method 'oracle'");
    assertThatThrownBy(() -> RcaBenchmark.parse(new String[] {"--sizes", "10,5"}))
        .hasMessageContaining("--sizes must be from 10");
    assertThatThrownBy(() -> RcaBenchmark.parse(new String[] {"--min-confidence", "2"}))
        .hasMessageContaining("--min-confidence must be a number in [0, 1]");
    assertThatThrownBy(() -> RcaBenchmark.parse(new String[] {"--seed"}))
        .hasMessageContaining("bad argument '--seed'");
  }
}
