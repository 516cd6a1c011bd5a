package io.topdeck.monitoring.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.RootCauseAnalysis;
import io.topdeck.monitoring.core.correlation.TopologyErrorCorrelator;
import org.junit.jupiter.api.Test;

class LargeIncidentTest {

  private static final LargeIncident INCIDENT = LargeIncident.generate(20_261_201L);

  @Test
  void theEstateHasTenThousandResourcesAndFiftyThousandEdges() {
    int edges = 0;
    for (ResourceRef r : INCIDENT.graph.resources()) {
      edges += INCIDENT.graph.dependenciesOf(r.id()).size();
    }
    assertThat(INCIDENT.graph.resources()).hasSize(10_000);
    assertThat(edges).isEqualTo(LargeIncident.EDGES);
    assertThat(INCIDENT.graph.dependenciesOf("t1-7"))
        .extracting(Dependency::toId)
        .contains("t2-11");
  }

  @Test
  void theAnalysisBlamesThePlantedDeploymentAmongTheNoise() {
    RootCauseAnalysis analysis =
        TopologyErrorCorrelator.create(INCIDENT.graph).analyze(INCIDENT.context);

    assertThat(analysis.rootCause().orElseThrow().change()).contains(INCIDENT.culprit);
    assertThat(analysis.rootCause().orElseThrow().summary())
        .isEqualTo("Deployment v2.0 of t3-13 introduced a query that deadlocks on t4-0 (Orders)");
    assertThat(String.join("\n", analysis.steps())).hasSizeLessThan(20_000);
  }
}
