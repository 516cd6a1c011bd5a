package io.topdeck.monitoring.core.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.DatabaseMetrics;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class InMemoryPlatformTest {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final ResourceRef APP = ResourceRef.of("app", "web_app");
  private static final ResourceRef DB = ResourceRef.of("db", "sql_database");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static InMemoryPlatform platform(long seed) {
    return InMemoryPlatform.builder()
        .seed(seed)
        .application("app", ApplicationField.REQUEST_RATE, Series.baseline(100).noise(0.1))
        .application(
            "app",
            ApplicationField.ERROR_RATE,
            Series.baseline(0.01).noise(0.2).step(T0.plusSeconds(3600), 5).clamp(0, 1))
        .statusCodeRate("app", "500", Series.baseline(1))
        .database("db", DatabaseField.AVERAGE_QUERY_TIME_MS, Series.baseline(10).noise(0.05))
        .build();
  }

  @Test
  void sameSeedGivesTheSameFiguresAndAnotherSeedDiffers() {
    TimeRange range = TimeRange.of(T0, Duration.ofHours(2));

    List<ApplicationMetrics> first =
        platform(42).collector().applicationMetrics(APP, range, MINUTE);
    List<ApplicationMetrics> again =
        platform(42).collector().applicationMetrics(APP, range, MINUTE);
    List<ApplicationMetrics> other =
        platform(43).collector().applicationMetrics(APP, range, MINUTE);

    assertThat(first).hasSize(120).isEqualTo(again);
    assertThat(first.get(0).requestRate()).isNotEqualTo(other.get(0).requestRate());
  }

  @Test
  void aRangeSplitInTwoGivesTheSamePointsAsTheWhole() {
    InMemoryCollector collector = platform(1).collector();
    Instant mid = T0.plusSeconds(5430); // not step-aligned on purpose

    List<ApplicationMetrics> whole =
        collector.applicationMetrics(APP, new TimeRange(T0, T0.plusSeconds(7200)), MINUTE);
    List<ApplicationMetrics> parts = new ArrayList<>();
    parts.addAll(collector.applicationMetrics(APP, new TimeRange(T0, mid), MINUTE));
    parts.addAll(
        collector.applicationMetrics(APP, new TimeRange(mid, T0.plusSeconds(7200)), MINUTE));

    assertThat(parts).isEqualTo(whole);
  }

  @Test
  void samplesAtStepAlignedTimestampsOfTheHalfOpenRange() {
    List<DatabaseMetrics> rows =
        platform(1)
            .collector()
            .databaseMetrics(DB, new TimeRange(T0.plusSeconds(30), T0.plusSeconds(180)), MINUTE);

    assertThat(rows)
        .extracting(DatabaseMetrics::timestamp)
        .containsExactly(T0.plusSeconds(60), T0.plusSeconds(120));
  }

  @Test
  void fieldsThatAreNotScriptedAreNaN() {
    DatabaseMetrics row =
        platform(1).collector().databaseMetrics(DB, TimeRange.of(T0, MINUTE), MINUTE).get(0);

    assertThat(row.averageQueryTimeMs()).isBetween(5.0, 15.0);
    assertThat(row.deadlocks()).isNaN();
    assertThat(row.cpuPercent()).isNaN();
    ApplicationMetrics app =
        platform(1).collector().applicationMetrics(APP, TimeRange.of(T0, MINUTE), MINUTE).get(0);
    assertThat(app.p99ResponseTimeMs()).isNaN();
    assertThat(app.statusCodeRates()).containsEntry("500", 1.0);
  }

  @Test
  void aResourceWithNothingScriptedOfAKindHasNoRows() {
    InMemoryCollector collector = platform(1).collector();
    TimeRange range = TimeRange.of(T0, Duration.ofHours(1));

    assertThat(collector.databaseMetrics(APP, range, MINUTE)).isEmpty();
    assertThat(collector.infrastructureMetrics(APP, range, MINUTE)).isEmpty();
    assertThat(collector.applicationMetrics(ResourceRef.of("x", "y"), range, MINUTE)).isEmpty();
  }

  @Test
  void aStepMultipliesTheLevelFromItsInstantOn() {
    InMemoryPlatform platform =
        InMemoryPlatform.builder()
            .application(
                "app",
                ApplicationField.ERROR_RATE,
                Series.baseline(0.01).step(T0.plusSeconds(120), 5))
            .build();

    List<ApplicationMetrics> rows =
        platform
            .collector()
            .applicationMetrics(APP, TimeRange.of(T0, Duration.ofMinutes(4)), MINUTE);

    assertThat(rows)
        .extracting(ApplicationMetrics::errorRate)
        .containsExactly(0.01, 0.01, 0.05, 0.05);
  }

  @Test
  void spikeTrendAndSeasonalityShapeTheValues() {
    Instant noon = T0.plusSeconds(12 * 3600);
    Series series =
        Series.baseline(100).daily(0.5).trend(T0, 10).spike(noon, Duration.ofMinutes(1), 3);
    InMemoryPlatform platform =
        InMemoryPlatform.builder().database("db", DatabaseField.CPU_PERCENT, series).build();
    InMemoryCollector c = platform.collector();

    double sixAm = cpuAt(c, T0.plusSeconds(6 * 3600));
    double atNoon = cpuAt(c, noon);
    double afterSpike = cpuAt(c, noon.plusSeconds(60));

    assertThat(sixAm).isCloseTo(100 * 1.5 + 2.5, within(1e-9));
    assertThat(atNoon).isCloseTo(3 * (100 + 5), within(1e-9));
    assertThat(afterSpike)
        .isCloseTo(
            100 * (1 + 0.5 * Math.sin(2 * Math.PI * 43260 / 86400.0)) + 10 * 43260 / 86400.0,
            within(1e-9));
  }

  @Test
  void gapsLeaveStepsOutWhenEveryFieldIsMissing() {
    InMemoryPlatform platform =
        InMemoryPlatform.builder()
            .database(
                "db",
                DatabaseField.CPU_PERCENT,
                Series.baseline(50).gap(T0.plusSeconds(60), T0.plusSeconds(180)))
            .database(
                "db",
                DatabaseField.STORAGE_PERCENT,
                Series.baseline(70).gap(T0.plusSeconds(60), T0.plusSeconds(120)))
            .build();

    List<DatabaseMetrics> rows =
        platform.collector().databaseMetrics(DB, TimeRange.of(T0, Duration.ofMinutes(4)), MINUTE);

    assertThat(rows)
        .extracting(DatabaseMetrics::timestamp)
        .containsExactly(T0, T0.plusSeconds(120), T0.plusSeconds(180));
    assertThat(rows.get(1).cpuPercent()).isNaN();
    assertThat(rows.get(1).storagePercent()).isEqualTo(70.0);
  }

  @Test
  void randomlyMissingPointsAreDeterministic() {
    InMemoryPlatform platform =
        InMemoryPlatform.builder()
            .seed(5)
            .database("db", DatabaseField.CPU_PERCENT, Series.baseline(50).missing(0.3))
            .build();
    TimeRange day = TimeRange.of(T0, Duration.ofDays(1));

    List<DatabaseMetrics> rows = platform.collector().databaseMetrics(DB, day, MINUTE);

    assertThat(rows)
        .hasSizeBetween(900, 1100)
        .isEqualTo(platform.collector().databaseMetrics(DB, day, MINUTE));
  }

  @Test
  void returnsScriptedErrorsAndChangesInRangeAndReportsTheirSignals() {
    ErrorEvent error =
        new ErrorEvent(
            "e1",
            "inmemory",
            Optional.empty(),
            T0.plusSeconds(90),
            "SqlException",
            "deadlock",
            "",
            Optional.empty(),
            3,
            OptionalLong.empty(),
            Map.of("role_name", "app"));
    ChangeEvent change = ChangeEvent.deployment("d1", T0.plusSeconds(30), "app", "v2", "v1");
    InMemoryPlatform platform =
        InMemoryPlatform.builder().error("app", error).change(change).build();
    InMemoryCollector c = platform.collector();

    assertThat(c.errors(APP, TimeRange.of(T0, Duration.ofMinutes(2)))).containsExactly(error);
    assertThat(c.errors(APP, TimeRange.of(T0, Duration.ofMinutes(1)))).isEmpty();
    assertThat(c.changes(APP, TimeRange.of(T0, Duration.ofMinutes(1)))).containsExactly(change);
    assertThat(c.supportedSignals()).containsExactlyInAnyOrder(Signal.ERRORS, Signal.CHANGES);
    assertThat(c.traces(APP, TimeRange.of(T0, Duration.ofMinutes(2)))).isEmpty();
  }

  @Test
  void tooManyPointsFailAsABadQuery() {
    InMemoryCollector c = platform(1).collector();

    assertThatThrownBy(
            () ->
                c.applicationMetrics(
                    APP, TimeRange.of(T0, Duration.ofDays(30)), Duration.ofSeconds(1)))
        .isInstanceOf(MonitoringException.class)
        .satisfies(
            e ->
                assertThat(((MonitoringException) e).kind())
                    .isEqualTo(MonitoringException.Kind.BAD_QUERY));
  }

  @Test
  void aClosedCollectorRefusesCalls() {
    InMemoryCollector c = platform(1).collector();
    c.close();

    assertThatThrownBy(() -> c.errors(APP, TimeRange.of(T0, MINUTE)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void scriptingAFieldTwiceIsRejected() {
    InMemoryPlatform.Builder b =
        InMemoryPlatform.builder().database("db", DatabaseField.CPU_PERCENT, Series.baseline(1));

    assertThatThrownBy(() -> b.database("db", DatabaseField.CPU_PERCENT, Series.baseline(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("CPU_PERCENT of db is already scripted");
  }

  @Test
  void seriesRejectBadArguments() {
    assertThatThrownBy(() -> Series.baseline(Double.NaN)).hasMessageContaining("baseline");
    assertThatThrownBy(() -> Series.baseline(1).noise(-0.1)).hasMessageContaining("noise");
    assertThatThrownBy(() -> Series.baseline(1).missing(2)).hasMessageContaining("[0, 1]");
  }

  private static double cpuAt(InMemoryCollector c, Instant t) {
    return c.databaseMetrics(DB, TimeRange.of(t, MINUTE), MINUTE).get(0).cpuPercent();
  }
}
