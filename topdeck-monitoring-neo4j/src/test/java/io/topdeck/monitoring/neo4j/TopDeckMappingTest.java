package io.topdeck.monitoring.neo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Values;

class TopDeckMappingTest {

  private final LoadReport report = new LoadReport();

  @Test
  void keepsAStrengthWithinZeroAndOne() {
    assertThat(TopDeckMapping.strength(Values.value(0.25), 1.0, "e", report)).isEqualTo(0.25);
    assertThat(TopDeckMapping.strength(Values.value(0L), 1.0, "e", report)).isZero();
    assertThat(report.count()).isZero();
  }

  @Test
  void usesTheDefaultForAMissingStrengthSilently() {
    assertThat(TopDeckMapping.strength(Values.NULL, 0.5, "e", report)).isEqualTo(0.5);
    assertThat(TopDeckMapping.strength(null, 1.0, "e", report)).isEqualTo(1.0);
    assertThat(report.count()).isZero();
  }

  @Test
  void clampsAnOutOfRangeStrengthAndNotesIt() {
    assertThat(TopDeckMapping.strength(Values.value(90), 1.0, "a->b", report)).isEqualTo(1.0);
    assertThat(TopDeckMapping.strength(Values.value(-0.1), 1.0, "a->b", report)).isZero();
    assertThat(report.count()).isEqualTo(2);
    assertThat(report.examples().get(0)).isEqualTo("a->b: strength 90.0 clamped to 1.0");
  }

  @Test
  void replacesANonNumericOrNanStrengthByTheDefaultAndNotesIt() {
    assertThat(TopDeckMapping.strength(Values.value(Double.NaN), 1.0, "e", report)).isEqualTo(1.0);
    assertThat(TopDeckMapping.strength(Values.value("high"), 0.5, "e", report)).isEqualTo(0.5);
    assertThat(TopDeckMapping.strength(Values.value(true), 0.5, "e", report)).isEqualTo(0.5);
    assertThat(report.count()).isEqualTo(3);
  }

  @Test
  void readsANumericStringStrength() {
    assertThat(TopDeckMapping.strength(Values.value(" 0.7 "), 1.0, "e", report)).isEqualTo(0.7);
  }

  @Test
  void readsTagsFromJsonWithFlattenedPropertiesTakingPrecedence() {
    Map<String, String> tags =
        TopDeckMapping.tags(
            Values.value("{\"env\":\"prod\",\"replicas\":3,\"gone\":null,\"owner\":\"old\"}"),
            Values.value(List.of(List.of("owner", "dba"))),
            "r",
            report);

    assertThat(tags)
        .containsExactlyInAnyOrderEntriesOf(Map.of("env", "prod", "replicas", "3", "owner", "dba"));
  }

  @Test
  void notesTagsThatAreNotAJsonObject() {
    assertThat(TopDeckMapping.tags(Values.value("[1,2]"), Values.NULL, "r1", report)).isEmpty();
    assertThat(TopDeckMapping.tags(Values.value("{oops"), Values.NULL, "r2", report)).isEmpty();
    assertThat(report.examples())
        .satisfiesExactly(
            a -> assertThat(a).isEqualTo("r1: tags are not a JSON object"),
            b -> assertThat(b).startsWith("r2: tags are not JSON"));
  }

  @Test
  void readsTagsFromANativeMap() {
    assertThat(TopDeckMapping.tags(Values.value(Map.of("team", "web")), Values.NULL, "r", report))
        .containsExactlyEntriesOf(Map.of("team", "web"));
  }

  @Test
  void readsTargetListsAsJsonTextOrNativeLists() {
    assertThat(TopDeckMapping.targets(Values.value("[\"a/b\", \"c\"]"), "d", report))
        .containsExactly("a/b", "c");
    assertThat(TopDeckMapping.targets(Values.value(List.of("x", "y")), "d", report))
        .containsExactly("x", "y");
    assertThat(TopDeckMapping.targets(Values.value("{\"a\":1}"), "d", report)).isEmpty();
    assertThat(report.count()).isEqualTo(1);
  }

  @Test
  void readsEveryTimeFormTopDeckWrites() {
    Instant expected = Instant.parse("2026-12-01T10:15:30.123456Z");

    assertThat(TopDeckMapping.parseInstant("2026-12-01T10:15:30.123456")).contains(expected);
    assertThat(TopDeckMapping.parseInstant("2026-12-01 10:15:30.123456")).contains(expected);
    assertThat(TopDeckMapping.parseInstant("2026-12-01T11:15:30.123456+01:00")).contains(expected);
    assertThat(TopDeckMapping.parseInstant("2026-12-01T10:15:30.123456Z")).contains(expected);
    assertThat(TopDeckMapping.parseInstant("2026-12-01T11:15:30.123456+01:00[Europe/Paris]"))
        .contains(expected);
    assertThat(
            TopDeckMapping.instant(
                Values.value(
                    ZonedDateTime.of(2026, 12, 1, 11, 15, 30, 123_456_000, ZoneId.of("+01:00")))))
        .contains(expected);
    assertThat(
            TopDeckMapping.instant(
                Values.value(LocalDateTime.of(2026, 12, 1, 10, 15, 30, 123_456_000))))
        .contains(expected);
  }

  @Test
  void readsNoTimeFromTextThatIsNone() {
    assertThat(TopDeckMapping.parseInstant("yesterday")).isEmpty();
    assertThat(TopDeckMapping.instant(Values.value(1_700_000_000L))).isEmpty();
    assertThat(TopDeckMapping.instant(Values.NULL)).isEmpty();
  }

  @Test
  void quotesAnIdAsItAppearsInAJsonList() {
    assertThat(TopDeckMapping.jsonString("/subscriptions/1/x\"y"))
        .isEqualTo("\"/subscriptions/1/x\\\"y\"");
  }
}
