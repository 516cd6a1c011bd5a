package io.topdeck.monitoring.benchmarks.rca;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.ResourceRef;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselinesTest {

  private final RcaCase tiny = TinyCase.create();

  @Test
  void nSigmaRanksTheFailingServiceFirstAndReportsWhenItCrossed() {
    RcaResult r = new NSigmaMethod().analyze(tiny.input());

    assertThat(ids(r)).startsWith("svc", "gw");
    assertThat(r.detectedAt()).contains(TinyCase.INCIDENT);
    assertThat(r.blamedChange()).isEmpty();
  }

  @Test
  void nSigmaNamesNothingWhenNothingMoved() {
    assertThat(new NSigmaMethod().analyze(TinyCase.create(false).input()).ranking()).isEmpty();
  }

  @Test
  void baroRanksTheFailingServiceFirst() {
    assertThat(ids(new BaroMethod().analyze(tiny.input()))).startsWith("svc");
  }

  @Test
  void pageRankWalksFromTheGatewayDownToTheFailingService() {
    RcaResult r = new PageRankMethod().analyze(tiny.input());

    assertThat(ids(r)).startsWith("svc").contains("gw", "db");
    assertThat(r.ranking().get(0).score()).isGreaterThan(r.ranking().get(1).score());
  }

  @Test
  void nearestChangeBlamesTheDeploymentBeforeTheFirstAnomaly() {
    RcaResult r = new NearestChangeMethod().analyze(tiny.input());

    assertThat(r.blamedChange()).contains(TinyCase.DEPLOYMENT);
    assertThat(ids(r)).startsWith("svc");
  }

  @Test
  void randomRanksEveryResourceOnceAndTheSameWayForTheSameSeed() {
    RcaResult first = new RandomMethod(7).analyze(tiny.input());
    RcaResult again = new RandomMethod(7).analyze(tiny.input());

    assertThat(ids(first))
        .containsExactlyInAnyOrderElementsOf(
            tiny.topology().resources().stream().map(ResourceRef::id).toList());
    assertThat(ids(again)).isEqualTo(ids(first));
  }

  @Test
  void topDeckFindsTheDeployedServiceAndBlamesItsDeployment() {
    RcaResult r = new TopDeckMethod(0.5).analyze(tiny.input());

    assertThat(ids(r)).startsWith("svc");
    assertThat(r.topConfidence()).isGreaterThanOrEqualTo(0.5);
    assertThat(r.blamedChange()).contains(TinyCase.DEPLOYMENT);
    assertThat(r.detectedAt())
        .hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(TinyCase.INCIDENT));
  }

  @Test
  void topDeckTakesAResourceWhoseSeriesHoldNoPointAsUnobserved() {
    Map<SeriesKey, double[]> series = new LinkedHashMap<>(tiny.metrics().series());
    double[] missing = new double[TinyCase.POINTS];
    Arrays.fill(missing, Double.NaN);
    series.replaceAll((k, v) -> k.resource().equals("db") ? missing : v);
    RcaCase blind =
        new RcaCase(
            tiny.id(),
            tiny.topology(),
            new MetricFrame(tiny.metrics().times(), series),
            tiny.changes(),
            tiny.errors(),
            tiny.truth());

    assertThat(TopDeckMethod.observed(tiny.input())).containsExactlyInAnyOrder("gw", "svc", "db");
    assertThat(TopDeckMethod.observed(blind.input())).containsExactlyInAnyOrder("gw", "svc");
  }

  static List<String> ids(RcaResult r) {
    return r.ranking().stream().map(RcaResult.Ranked::resourceId).toList();
  }
}
