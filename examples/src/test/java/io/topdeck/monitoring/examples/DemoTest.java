package io.topdeck.monitoring.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Demo.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void replayNamesTheDeploymentThatDeadlocksTheDatabaseAsRootCause() {
    int exit = run();

    assertThat(exit).isZero();
    assertThat(output())
        .contains(
            "Root cause: Deployment v1.2.5 of webapp-prod introduced a query that deadlocks on"
                + " sql-db-prod (Orders)")
        .contains("Recommendation: Roll back webapp-prod to v1.2.4");
  }

  @Test
  void replayPrintsEachStepOfTheAnalysisInOrder() {
    run();

    assertThat(output())
        .containsSubsequence(
            "Recent deployments and changes: webapp-prod v1.2.5 (was v1.2.4)",
            "Symptom on webapp-prod: errorRate rose",
            "Dependency health below webapp-prod: sql-db-prod failing",
            "Findings on sql-db-prod",
            "deadlock errors on table Orders",
            "Root cause:");
  }

  @Test
  void replayCollectsEveryResourceThroughTheEngineCompletely() {
    run();

    assertThat(output()).contains("Collection report: 14 complete, 0 partial, 0 failed");
  }

  @Test
  void replayDetectsTheAnomaliesFromTheCollectedSeriesOnly() {
    run();

    assertThat(output())
        .contains("sql-db-prod    averageQueryTimeMs")
        .contains("webapp-prod    errorRate")
        .doesNotContain("payments-api   ")
        .doesNotContain("search-api     ");
  }

  @Test
  void anomalyListAndAnalysisGiveTheSameOnsetAndMultiple() {
    run();

    // A row: onset, flagged at, resource, description; the analysis says "rose from A to B (N×)
    // from <onset>" for the same anomaly.
    Matcher row =
        Pattern.compile(
                "(?m)^  (\\S+Z)  (\\S+Z)  (\\S+) +(\\w+) on \\S+ is .*?, ([0-9.]+)× its usual")
            .matcher(output());
    int multiples = 0;
    while (row.find()) {
      String onset = row.group(1);
      assertThat(row.group(2)).isGreaterThanOrEqualTo(onset);
      String metric = row.group(4);
      assertThat(output()).containsPattern(Pattern.quote(metric) + " rose from .* from " + onset);
      if (Double.parseDouble(row.group(5)) >= 100) {
        assertThat(output())
            .containsPattern(
                Pattern.quote(metric)
                    + " rose from \\S+ to \\S+ \\("
                    + Pattern.quote(row.group(5))
                    + "×\\) from "
                    + onset);
        multiples++;
      }
    }
    assertThat(multiples).isPositive();
  }

  @Test
  void timingEvidenceSaysWhichSignOfFailureCameFirst() {
    run();

    assertThat(output())
        .contains("the first sign of failure after it (sql-db-prod: an anomaly from")
        .contains("webapp-prod: an error at 2026-11-30T14:10:47Z");
  }

  @Test
  void anomaliesAreFlaggedAsTheIncidentHappensNotAfterAWarmUp() {
    run();

    assertThat(output())
        .contains("  onset                 flagged at            resource       anomaly")
        .containsPattern("2026-11-30T14:10:00Z  2026-11-30T14:1\\d:00Z  sql-db-prod ");
  }

  @Test
  void unrelatedConfigurationChangeIsNotBlamed() {
    run();

    assertThat(output()).contains("changes there were not blamed: search-api configuration change");
    assertThat(output()).doesNotContain("Root cause: Configuration");
  }

  @Test
  void unknownArgumentsPrintUsageAndExitWithTwo() {
    int exit = run("--bogus");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage:");
  }

  @Test
  void badLookbackSaysHowDurationsAreWritten() {
    int exit = run("--prometheus", "http://127.0.0.1:1", "--lookback", "2x", "--step", "15s");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Durations are written like 15s, 30m or 2h")
        .contains("Usage:");
  }

  @Test
  void durationsParseInSecondsMinutesAndHours() {
    assertThat(Demo.parseDuration("15s")).isEqualTo(java.time.Duration.ofSeconds(15));
    assertThat(Demo.parseDuration("30m")).isEqualTo(java.time.Duration.ofMinutes(30));
    assertThat(Demo.parseDuration("2h")).isEqualTo(java.time.Duration.ofHours(2));
    assertThat(Demo.parseDuration("0s")).isNull();
    assertThat(Demo.parseDuration("15")).isNull();
  }
}
