package io.topdeck.monitoring.benchmarks.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.api.ResourceRef;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RcaEvalLoaderTest {

  @TempDir Path tmp;

  private static Path root() throws URISyntaxException {
    return Path.of(RcaEvalLoaderTest.class.getResource("/rcaeval").toURI());
  }

  @Test
  void loadsEveryCaseWithItsRootAndFaultFromTheDirectoryNames() throws URISyntaxException {
    List<RcaCase> cases = RcaEvalLoader.loadAll(root());

    assertThat(cases)
        .extracting(RcaCase::id)
        .containsExactly("cartservice_delay/1", "checkout_service_cpu/1");
    GroundTruth cart = cases.get(0).truth();
    assertThat(cart.roots()).containsExactly("cartservice");
    assertThat(cart.fault()).isEqualTo("delay");
    assertThat(cart.level()).isEqualTo(RcaEvalLoader.LEVEL);
    assertThat(cart.injectTime()).isEqualTo(Instant.ofEpochSecond(1_700_000_040L));
  }

  @Test
  void splitsColumnsIntoServiceAndMetricAndKeepsMissingCellsMissing() throws URISyntaxException {
    RcaCase cart = RcaEvalLoader.loadAll(root()).get(0);

    assertThat(cart.topology().resources())
        .extracting(ResourceRef::id)
        .containsExactly("cartservice", "frontend", "redis");
    assertThat(cart.metrics().keys())
        .contains(new SeriesKey("cartservice", "latency-50"), new SeriesKey("redis", "cpu"));
    assertThat(cart.metrics().length()).isEqualTo(60);
    assertThat(cart.metrics().times()[1]).isEqualTo(1_700_000_001L);
    assertThat(cart.metrics().values(new SeriesKey("cartservice", "cpu"))[10]).isNaN();
    assertThat(cart.metrics().values(new SeriesKey("frontend", "cpu"))[11]).isNaN();
    assertThat(cart.metrics().values(new SeriesKey("cartservice", "latency-50"))[40])
        .isGreaterThan(0.5);
  }

  @Test
  void aTopologyBesideTheDataNamesResourcesWhoseIdsHoldUnderscores() throws URISyntaxException {
    RcaCase checkout = RcaEvalLoader.loadAll(root()).get(1);

    assertThat(checkout.truth().roots()).containsExactly("checkout_service");
    assertThat(checkout.metrics().keys())
        .containsExactly(
            new SeriesKey("frontend", "latency"),
            new SeriesKey("checkout_service", "cpu"),
            new SeriesKey("checkout_service", "latency"));
    assertThat(checkout.topology().edges()).hasSize(1);
  }

  @Test
  void loadedCasesAreScoredLikeGeneratedOnes() throws URISyntaxException {
    List<RcaScorer.Outcome> outcomes = new java.util.ArrayList<>();
    for (RcaCase c : RcaEvalLoader.loadAll(root())) {
      outcomes.addAll(RcaBenchmark.runCase(c, List.of(new NSigmaMethod()), 0.5, false));
    }

    assertThat(outcomes).extracting(o -> o.hit(1)).containsExactly(1.0, 1.0);
  }

  @Test
  void aDirectoryWithoutCasesIsAClearError() {
    assertThatThrownBy(() -> RcaEvalLoader.loadAll(tmp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No data.csv under");
  }
}
