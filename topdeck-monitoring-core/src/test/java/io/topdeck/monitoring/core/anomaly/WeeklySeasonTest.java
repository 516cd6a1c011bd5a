package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.api.Anomaly;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The weekly ensemble on one-minute request counts with a daily curve and weekends at half load,
 * five weeks from a Monday: silent from its third week on, while a Saturday held at the weekday
 * level and a weekday dropped to the weekend level are reported.
 */
class WeeklySeasonTest {

  private static final double THRESHOLD = 0.5;
  private static final int DAY = 1440;
  private static final int WEEKS = 5;
  private static final int SEEDS = 6;
  private static final int HOURS = 6;

  /** Saturday of the fourth week, 13:00. */
  private static final int SATURDAY = 26 * DAY + 13 * 60;

  /** Wednesday of the fourth week, 13:00. */
  private static final int WEDNESDAY = 23 * DAY + 13 * 60;

  @Test
  void weekday_and_weekend_traffic_raises_nothing_with_the_weekly_ensemble_from_week_three() {
    for (double peak : new double[] {200, 100}) {
      for (int seed = 1; seed <= SEEDS; seed++) {
        boolean[] flagged = run(Detectors::weeklyEnsemble, traffic(seed, peak));
        assertThat(within(flagged, 14 * DAY, WEEKS * 7 * DAY))
            .as("peak %s, seed %d", peak, seed)
            .isZero();
      }
    }
  }

  @Test
  void a_saturday_held_at_the_weekday_level_for_hours_is_reported_by_the_weekly_ensemble() {
    for (int seed = 1; seed <= SEEDS; seed++) {
      double[] values = traffic(seed, 200);
      Random random = new Random(100L + seed);
      for (int i = SATURDAY; i < SATURDAY + HOURS * 60; i++) {
        values[i] = Synthetic.poisson(random, 200 * daily(i));
      }
      boolean[] flagged = run(Detectors::weeklyEnsemble, values);
      assertThat(within(flagged, SATURDAY, SATURDAY + HOURS * 60)).as("seed %d", seed).isPositive();
      assertThat(within(flagged, 14 * DAY, SATURDAY)).as("seed %d, before", seed).isZero();
    }
  }

  @Test
  void a_weekday_dropped_to_the_weekend_level_for_hours_is_reported_by_the_weekly_ensemble() {
    for (int seed = 1; seed <= SEEDS; seed++) {
      double[] values = traffic(seed, 200);
      Random random = new Random(200L + seed);
      for (int i = WEDNESDAY; i < WEDNESDAY + HOURS * 60; i++) {
        values[i] = Synthetic.poisson(random, 100 * daily(i));
      }
      boolean[] flagged = run(Detectors::weeklyEnsemble, values);
      assertThat(within(flagged, WEDNESDAY, WEDNESDAY + HOURS * 60))
          .as("seed %d", seed)
          .isPositive();
      assertThat(within(flagged, 14 * DAY, WEDNESDAY)).as("seed %d, before", seed).isZero();
    }
  }

  @Test
  void a_daily_seasonal_ensemble_scores_exactly_like_the_default() {
    double[] values = traffic(1, 200);
    StreamingDetector standard = Detectors.defaultEnsemble();
    StreamingDetector daily = Detectors.seasonalEnsemble(Duration.ofDays(1), 24);
    for (int i = 0; i < values.length; i++) {
      long t = Synthetic.at(i).toEpochMilli();
      assertThat(daily.update(t, values[i]))
          .as("point %d", i)
          .isEqualTo(standard.update(t, values[i]));
    }
  }

  @Test
  void a_saturday_at_the_weekday_level_is_described_against_the_usual_value_for_the_hour_of_week() {
    double[] values = traffic(2, 200);
    Random random = new Random(102);
    for (int i = SATURDAY; i < SATURDAY + HOURS * 60; i++) {
      values[i] = Synthetic.poisson(random, 200 * daily(i));
    }
    List<Anomaly> found =
        SeriesAnomalyDetector.detect(
            "web-1", Synthetic.series("requests", "", values), Detectors::weeklyEnsemble);
    assertThat(found)
        .filteredOn(a -> a.detectedAt().isAfter(Synthetic.at(SATURDAY - 1)))
        .first()
        .satisfies(
            a ->
                assertThat(a.description())
                    .matches(
                        "requests on web-1 is \\d+, 2\\.\\d× its usual [\\d.]+"
                            + " for this time of the week \\(.*"));
  }

  @Test
  void a_weekday_drop_is_described_against_the_usual_value_for_the_time_of_day_by_the_default() {
    double[] values = traffic(1, 200);
    Random random = new Random(201);
    for (int i = WEDNESDAY; i < WEDNESDAY + HOURS * 60; i++) {
      values[i] = Synthetic.poisson(random, 100 * daily(i));
    }
    List<Anomaly> found =
        SeriesAnomalyDetector.detect("web-1", Synthetic.series("requests", "", values));
    assertThat(found)
        .filteredOn(a -> a.detectedAt().isAfter(Synthetic.at(WEDNESDAY - 1)))
        .first()
        .satisfies(
            a ->
                assertThat(a.description())
                    .matches(
                        "requests on web-1 is \\d+, \\d+% below its usual [\\d.]+"
                            + " for this time of day \\(.*"));
  }

  @Test
  void seasonal_ensemble_rejects_periods_and_slots_out_of_range() {
    assertThatThrownBy(() -> Detectors.seasonalEnsemble(Duration.ofSeconds(59), 24))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("period must be from 1 minute to 366 days, but was PT59S");
    assertThatThrownBy(() -> Detectors.seasonalEnsemble(Duration.ofDays(367), 24))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("period must be from 1 minute to 366 days");
    assertThatThrownBy(() -> Detectors.seasonalEnsemble(Duration.ofDays(7), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slots must be from 2 to 1024, but was 1");
    assertThatThrownBy(() -> Detectors.seasonalEnsemble(Duration.ofDays(7), 1025))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slots must be from 2 to 1024, but was 1025");
    assertThatThrownBy(() -> Detectors.seasonalEnsemble(Duration.ofMinutes(10), 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("each slot must be at least 1 second long");
    assertThatThrownBy(() -> Detectors.seasonalEnsemble(Duration.ofDays(-7), 168))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Detectors.seasonalEnsemble(null, 168))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("period");
  }

  /**
   * Returns five weeks of one-minute request counts from a Monday, Poisson around {@code peak}
   * times a daily curve from 0.2 at 03:00 to 1 at 15:00, halved on Saturdays and Sundays; the load
   * moves between the two levels linearly over the hour around midnight.
   */
  private static double[] traffic(long seed, double peak) {
    Random random = new Random(seed);
    double[] values = new double[WEEKS * 7 * DAY];
    for (int i = 0; i < values.length; i++) {
      values[i] = Synthetic.poisson(random, peak * daily(i) * weekly(i));
    }
    return values;
  }

  private static double daily(int i) {
    double hour = (i % DAY) / 60.0;
    return 0.6 - 0.4 * Math.cos(2 * Math.PI * (hour - 3) / 24);
  }

  private static double weekly(int i) {
    // Shifted by half an hour, so that the level of a day holds from 00:30 to 23:30.
    double day = (i + 30) / (double) DAY;
    double level = level((int) day);
    double into = (day - Math.floor(day)) * 24;
    if (into >= 1) {
      return level;
    }
    double before = level((int) day + 6);
    return before + into * (level - before);
  }

  /** Returns the load of day {@code d} of the week, Monday 0: 1, or 0.5 on weekends. */
  private static double level(int d) {
    return d % 7 >= 5 ? 0.5 : 1;
  }

  private static boolean[] run(Supplier<StreamingDetector> detectors, double[] values) {
    StreamingDetector detector = detectors.get();
    boolean[] flagged = new boolean[values.length];
    for (int i = 0; i < values.length; i++) {
      flagged[i] = detector.update(Synthetic.at(i).toEpochMilli(), values[i]) >= THRESHOLD;
    }
    return flagged;
  }

  private static int within(boolean[] flagged, int from, int to) {
    int count = 0;
    for (int i = from; i < Math.min(to, flagged.length); i++) {
      count += flagged[i] ? 1 : 0;
    }
    return count;
  }
}
