package io.topdeck.monitoring.benchmarks.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ResourceRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentGeneratorTest {

  @TempDir Path tmp;

  @Test
  void theSameSeedWritesByteIdenticalFiles() throws IOException {
    Path a = CaseFiles.write(new IncidentGenerator(5).generate(Level.L4, 100, 3), tmp.resolve("a"));
    Path b = CaseFiles.write(new IncidentGenerator(5).generate(Level.L4, 100, 3), tmp.resolve("b"));

    for (String file :
        List.of(CaseFiles.TOPOLOGY, CaseFiles.METRICS, CaseFiles.EVENTS, CaseFiles.TRUTH)) {
      assertThat(Files.readAllBytes(b.resolve(file)))
          .as(file)
          .isEqualTo(Files.readAllBytes(a.resolve(file)));
    }
  }

  @Test
  void anotherSeedGivesAnotherCase() {
    RcaCase a = new IncidentGenerator(5).generate(Level.L2, 100, 1);
    RcaCase b = new IncidentGenerator(6).generate(Level.L2, 100, 1);

    assertThat(b.metrics()).isNotEqualTo(a.metrics());
  }

  @Test
  void topologiesHaveTheRequestedSizeAndEveryDependencyPointsToADeeperTier() {
    for (int size : new int[] {10, 100, 2000}) {
      CaseTopology t = new IncidentGenerator(1).generate(Level.L1, size, 0).topology();
      Map<String, ResourceRef> byId = t.byId();

      assertThat(t.resources()).hasSize(size);
      assertThat(t.resources())
          .extracting(ResourceRef::type)
          .contains(
              "api_gateway",
              "service",
              "sql_database",
              "cache",
              "queue",
              "external_api",
              "batch_job");
      for (Dependency d : t.edges()) {
        if (d.type() == Dependency.Type.DEPENDS_ON) {
          assertThat(tier(byId.get(d.toId())))
              .as(d.toString())
              .isGreaterThan(tier(byId.get(d.fromId())));
        }
      }
    }
  }

  @Test
  void faultFreeWindowsAndTrafficSurgesHaveNoRoot() {
    IncidentGenerator g = new IncidentGenerator(3);
    int surge = IncidentGenerator.faults().indexOf(Fault.TRAFFIC_SURGE);

    assertThat(g.generate(Level.L0, 10, 0).truth().roots()).isEmpty();
    GroundTruth t = g.generate(Level.L1, 100, surge).truth();
    assertThat(t.fault()).isEqualTo("traffic_surge");
    assertThat(t.roots()).isEmpty();
  }

  @Test
  void aBadDeploymentIsBlamedOnADeploymentOfTheRootShortlyBeforeTheInjection() {
    RcaCase c = new IncidentGenerator(3).generate(Level.L2, 100, 0);
    ChangeEvent change =
        c.changes().stream()
            .filter(ch -> ch.id().equals(c.truth().rootChanges().get(0)))
            .findFirst()
            .orElseThrow();

    assertThat(c.truth().fault()).isEqualTo("bad_deployment");
    assertThat(change.targetResourceIds()).isEqualTo(c.truth().roots());
    assertThat(Duration.between(change.time(), c.truth().injectTime()))
        .isBetween(Duration.ZERO, Duration.ofMinutes(5));
  }

  @Test
  void level4AddsDecoyDeploymentsWithinFifteenMinutesBeforeTheInjection() {
    RcaCase c = new IncidentGenerator(3).generate(Level.L4, 100, 1);

    assertThat(c.truth().decoyChanges()).isNotEmpty();
    assertThat(c.changes())
        .filteredOn(ch -> c.truth().decoyChanges().contains(ch.id()))
        .anySatisfy(
            ch ->
                assertThat(Duration.between(ch.time(), c.truth().injectTime()))
                    .isBetween(Duration.ofMinutes(1), Duration.ofMinutes(15)));
  }

  @Test
  void level5HasTwoRootsNeitherOfWhichDependsOnTheOther() {
    RcaCase c = new IncidentGenerator(3).generate(Level.L5, 100, 2);
    List<String> roots = c.truth().roots();

    assertThat(roots).hasSize(2).doesNotHaveDuplicates();
    assertThat(reachable(c.topology(), roots.get(0))).doesNotContain(roots.get(1));
    assertThat(reachable(c.topology(), roots.get(1))).doesNotContain(roots.get(0));
  }

  @Test
  void theRootDeviatesBeforeTheCallersWhoseLatencyItRaises() {
    // Index 2 of L3 is a slow query on a database two or more hops below a gateway.
    RcaCase c = new IncidentGenerator(11).generate(Level.L3, 100, 2);
    String db = c.truth().roots().get(0);
    int rootOnset = firstDeviation(c, new SeriesKey(db, "db_query_time_ms"));
    List<String> callers = c.topology().dependants().get(db);
    int earliestCaller =
        callers.stream()
            .map(r -> new SeriesKey(r, "latency_ms"))
            .filter(k -> c.metrics().values(k) != null)
            .mapToInt(k -> firstDeviation(c, k))
            .min()
            .orElseThrow();

    assertThat(c.truth().fault()).isEqualTo("slow_query");
    assertThat(rootOnset).isPositive();
    // At least one 30-second step later.
    assertThat(earliestCaller).isGreaterThan(rootOnset);
  }

  @Test
  void rejectsTopologiesUnderTenResources() {
    assertThatThrownBy(() -> new IncidentGenerator(1).generate(Level.L1, 5, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size must be at least 10");
  }

  /** Returns the first index after the injection whose value is 8 SDs from the mean before. */
  private static int firstDeviation(RcaCase c, SeriesKey key) {
    double[] v = c.metrics().values(key);
    int split = c.metrics().indexAtOrAfter(c.truth().injectTime().getEpochSecond());
    double[] before = Arrays.stream(v, 0, split).filter(x -> !Double.isNaN(x)).toArray();
    double mean = Arrays.stream(before).average().orElseThrow();
    double sd =
        Math.sqrt(Arrays.stream(before).map(x -> (x - mean) * (x - mean)).sum() / before.length);
    for (int i = split; i < v.length; i++) {
      // Three consecutive points, so that a lone spike does not count.
      if (i + 2 < v.length
          && v[i] > mean + 8 * sd
          && v[i + 1] > mean + 8 * sd
          && v[i + 2] > mean + 8 * sd) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }

  private static Set<String> reachable(CaseTopology t, String from) {
    Set<String> seen = new HashSet<>();
    java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(t.dependencies().get(from));
    while (!queue.isEmpty()) {
      String r = queue.poll();
      if (seen.add(r)) {
        queue.addAll(t.dependencies().get(r));
      }
    }
    java.util.ArrayDeque<String> up = new java.util.ArrayDeque<>(t.dependants().get(from));
    while (!up.isEmpty()) {
      String r = up.poll();
      if (seen.add(r)) {
        up.addAll(t.dependants().get(r));
      }
    }
    return seen;
  }

  private static int tier(ResourceRef r) {
    return Integer.parseInt(r.attribute("tier"));
  }
}
