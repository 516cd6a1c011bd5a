package io.topdeck.monitoring.core.incident;

import static io.topdeck.monitoring.core.incident.Scenarios.CATALOG;
import static io.topdeck.monitoring.core.incident.Scenarios.DB;
import static io.topdeck.monitoring.core.incident.Scenarios.DEPLOYMENT;
import static io.topdeck.monitoring.core.incident.Scenarios.GATEWAY;
import static io.topdeck.monitoring.core.incident.Scenarios.NOTICED;
import static io.topdeck.monitoring.core.incident.Scenarios.RECOMMENDATIONS;
import static io.topdeck.monitoring.core.incident.Scenarios.WEBAPP;
import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Evidence;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.RootCauseCandidate;
import io.topdeck.monitoring.core.inmemory.InMemoryPlatform;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The mission's use cases, run end to end through the {@link IncidentEngine}. */
class UseCasesTest {

  private static Investigation investigate(
      InMemoryTopologyGraph graph, InMemoryPlatform platform, Symptom symptom) {
    return IncidentEngine.builder(graph, platform.collector())
        .clock(Clock.fixed(NOTICED, ZoneOffset.UTC))
        .build()
        .investigate(symptom);
  }

  @Test
  void webappIsSlowBecauseItsNewDeploymentDeadlocksOnTheDatabase() {
    Investigation investigation =
        investigate(
            Scenarios.topology().build(),
            Scenarios.deadlock(false),
            new Symptom(WEBAPP.id(), NOTICED, "webapp-prod is slow"));

    IncidentReport report = investigation.primary().orElseThrow();
    RootCauseCandidate top = report.analysis().rootCause().orElseThrow();
    assertThat(report.incident().root()).isEqualTo(DB);
    assertThat(report.incident().linkedSymptoms()).containsExactly(WEBAPP);
    assertThat(top.change()).contains(DEPLOYMENT);
    assertThat(top.summary())
        .isEqualTo(
            "Deployment v1.2.5 of webapp-prod introduced a query that deadlocks on"
                + " sql-db-prod (Orders)");
    assertThat(top.recommendation()).startsWith("Roll back webapp-prod to v1.2.4");
    assertThat(investigation.reports()).hasSize(1);
  }

  @Test
  void gatewayLatencyComesFromTheFailingExternalCatalogueUnderRecommendations() {
    Investigation investigation =
        investigate(
            Scenarios.topology().change(Scenarios.OLD_RECOMMENDATIONS_DEPLOYMENT).build(),
            Scenarios.externalCatalogOutage(),
            new Symptom(GATEWAY.id(), NOTICED, "api-gateway is slow"));

    IncidentReport report = investigation.primary().orElseThrow();
    RootCauseCandidate top = report.analysis().rootCause().orElseThrow();
    assertThat(report.incident().root()).isEqualTo(CATALOG);
    assertThat(report.incident().linkedSymptoms())
        .extracting(ResourceRef::id)
        .containsExactly(RECOMMENDATIONS.id(), GATEWAY.id());
    assertThat(top.resource()).isEqualTo(CATALOG);
    assertThat(top.change()).isEmpty();
    assertThat(top.summary())
        .isEqualTo(
            "The external dependency product-catalog-api is failing (HTTP 503 and timeouts)"
                + " and recommendation-api waits on it");
    assertThat(top.recommendation())
        .isEqualTo(
            "Add a circuit breaker and a cache in front of product-catalog-api in"
                + " recommendation-api");
    assertThat(top.evidence())
        .extracting(Evidence::kind)
        .contains(Evidence.Kind.EXTERNAL_STATUS, Evidence.Kind.ERROR_SIGNATURE);
    assertThat(investigation.reports()).hasSize(1);
  }
}
