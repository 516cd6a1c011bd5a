package io.topdeck.monitoring.core.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.topdeck.monitoring.api.MetricPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RobustTrendTest {

  private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

  /** Hourly points of {@code base + perDay × days} with gaussian noise of {@code sd}. */
  private static List<MetricPoint> line(double base, double perDay, double sd, int hours) {
    Random random = new Random(11);
    List<MetricPoint> points = new ArrayList<>();
    for (int h = 0; h < hours; h++) {
      double v = base + perDay * h / 24.0 + sd * random.nextGaussian();
      points.add(new MetricPoint(START.plus(Duration.ofHours(h)), v));
    }
    return points;
  }

  @Test
  void recoversTheSlopeDespiteOutliersAndMissingPoints() {
    List<MetricPoint> points = new ArrayList<>(line(50, 2, 1, 24 * 7));
    for (int i = 5; i < points.size(); i += 17) {
      points.set(i, new MetricPoint(points.get(i).timestamp(), 500));
    }
    points.set(3, new MetricPoint(points.get(3).timestamp(), Double.NaN));

    Trend trend = RobustTrend.fit(points, 168).orElseThrow();

    assertThat(trend.slopePerDay()).isCloseTo(2, within(0.15));
    assertThat(trend.valueAtEnd()).isCloseTo(50 + 2 * 167 / 24.0, within(1.0));
    assertThat(trend.significant()).isTrue();
    assertThat(trend.end()).isEqualTo(START.plus(Duration.ofHours(167)));
  }

  /** Hourly points of {@code 50 + perDay × days} plus AR(1) noise {@code e = phi × e + N(0, 1)}. */
  private static List<MetricPoint> autocorrelated(long seed, double phi, double perDay) {
    Random random = new Random(seed);
    List<MetricPoint> points = new ArrayList<>();
    double e = 0;
    for (int h = 0; h < 24 * 7; h++) {
      e = phi * e + random.nextGaussian();
      points.add(new MetricPoint(START.plus(Duration.ofHours(h)), 50 + perDay * h / 24.0 + e));
    }
    return points;
  }

  private static long significantOf50Seeds(double phi, double perDay) {
    return LongStream.range(0, 50)
        .filter(seed -> RobustTrend.fit(autocorrelated(seed, phi, perDay), 168).get().significant())
        .count();
  }

  @Test
  void persistentNoiseWithoutTrendIsRarelyCalledSignificant() {
    // The plain test called 26 of these 50 trendless weeks significant at 1%.
    assertThat(significantOf50Seeds(0.9, 0)).isLessThanOrEqualTo(2);
  }

  @Test
  void aRandomWalkIsCalledSignificantFarLessThanByThePlainTest() {
    // The plain test called 40 of these 50 random walks significant at 1%.
    assertThat(significantOf50Seeds(1.0, 0)).isLessThanOrEqualTo(5);
  }

  @Test
  void aClearTrendStaysSignificantUnderWhiteAndModeratelyPersistentNoise() {
    assertThat(significantOf50Seeds(0, 1)).isEqualTo(50);
    assertThat(significantOf50Seeds(0.5, 2)).isEqualTo(50);
  }

  @Test
  void flatNoiseIsNotASignificantTrend() {
    Trend trend = RobustTrend.fit(line(50, 0, 2, 24 * 7), 168).orElseThrow();

    assertThat(trend.significant()).isFalse();
    assertThat(trend.timeToReach(95)).isEmpty();
  }

  @Test
  void decimatesToAtMostTheGivenNumberOfSamples() {
    Trend trend = RobustTrend.fit(line(10, 1, 0.1, 24 * 30), 50).orElseThrow();

    assertThat(trend.samples()).isEqualTo(50);
    assertThat(trend.slopePerDay()).isCloseTo(1, within(0.02));
  }

  @Test
  void forecastsWhenARisingTrendReachesALevel() {
    Trend trend = new Trend(1.5, 88, START, 0.0001, 100);

    assertThat(trend.timeToReach(95)).contains(Duration.ofSeconds(Math.round(7 / 1.5 * 86_400)));
    assertThat(trend.timeToReach(80)).contains(Duration.ZERO);
    assertThat(new Trend(-2, 88, START, 0.0001, 100).timeToReach(50)).contains(Duration.ofDays(19));
    assertThat(new Trend(1.5, 88, START, 0.2, 100).timeToReach(95)).isEmpty();
  }

  @Test
  void needsEightSamplesAndABoundedSampleSize() {
    assertThat(RobustTrend.fit(line(1, 1, 0, 7), 168)).isEmpty();
    assertThatThrownBy(() -> RobustTrend.fit(List.of(), 5000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSamples must be in [8, 2000], but was 5000");
  }

  @Test
  void theNormalTailMatchesKnownValues() {
    assertThat(RobustTrend.upperTail(1.96)).isCloseTo(0.025, within(1e-4));
    assertThat(RobustTrend.upperTail(0)).isCloseTo(0.5, within(1e-6));
  }

  /** A week of 10-minute points of N(0, 1) noise with a step of {@code height} half-way. */
  private static List<MetricPoint> step(long seed, double height) {
    Random random = new Random(seed);
    List<MetricPoint> points = new ArrayList<>();
    for (int i = 0; i < 1008; i++) {
      double v = (i < 504 ? 0 : height) + random.nextGaussian();
      points.add(new MetricPoint(START.plus(Duration.ofMinutes(10L * i)), v));
    }
    return points;
  }

  @Test
  void aLevelShiftIsNotATrendWhateverItsHeight() {
    for (double height : new double[] {0.5, 1, 2, 4, 10}) {
      Trend trend = RobustTrend.fit(step(3, height), 168).orElseThrow();

      assertThat(trend.significant()).as("step of %s, p = %s", height, trend.pValue()).isFalse();
      assertThat(trend.valueAtEnd()).as("step of %s", height).isCloseTo(height, within(0.3));
      assertThat(trend.timeToReach(95)).isEmpty();
    }
  }

  @Test
  void aRiseAfterALevelShiftIsStillATrend() {
    List<MetricPoint> points = new ArrayList<>(line(50, 2, 1, 24 * 7));
    for (int h = 84; h < points.size(); h++) {
      MetricPoint p = points.get(h);
      points.set(h, new MetricPoint(p.timestamp(), p.value() + 30));
    }

    Trend trend = RobustTrend.fit(points, 168).orElseThrow();

    assertThat(trend.significant()).isTrue();
    assertThat(trend.slopePerDay()).isCloseTo(2, within(0.3));
    assertThat(trend.valueAtEnd()).isCloseTo(80 + 2 * 167 / 24.0, within(1.0));
  }

  @Test
  void hugeFiniteValuesDoNotOverflowTheFit() {
    for (int count : new int[] {168, 1008}) {
      List<MetricPoint> points = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        points.add(new MetricPoint(START.plus(Duration.ofMinutes(10L * i)), 1e308));
      }

      Trend trend = RobustTrend.fit(points, 168).orElseThrow();

      assertThat(trend.valueAtEnd()).isEqualTo(1e308);
      assertThat(trend.slopePerDay()).isZero();
      assertThat(trend.significant()).isFalse();
    }
  }

  @Test
  void hugeValuesOfBothSignsGiveNoSignificantTrendRatherThanAnError() {
    List<MetricPoint> points = new ArrayList<>();
    for (int i = 0; i < 1008; i++) {
      double v = i % 2 == 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
      points.add(new MetricPoint(START.plus(Duration.ofMinutes(i)), v));
    }

    Optional<Trend> trend = RobustTrend.fit(points, 168);

    assertThat(trend.filter(Trend::significant)).isEmpty();
  }

  @Test
  void pointsBeyondTheEpochMillisecondRangeAreLeftOut() {
    List<MetricPoint> points = new ArrayList<>(line(50, 2, 0.1, 24 * 7));
    points.add(0, new MetricPoint(Instant.MIN, 1));
    points.add(new MetricPoint(Instant.MAX, 1));

    Trend trend = RobustTrend.fit(points, 168).orElseThrow();

    assertThat(trend.slopePerDay()).isCloseTo(2, within(0.05));
    assertThat(trend.end()).isEqualTo(START.plus(Duration.ofHours(167)));
    assertThat(RobustTrend.fit(List.of(new MetricPoint(Instant.MAX, 1)), 168)).isEmpty();
  }
}
