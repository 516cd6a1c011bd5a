package io.topdeck.monitoring.benchmarks.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowedGaussianDetectorTest {

  @Test
  void firstValueScoresZeroAndAChangeAfterAFlatStretchScoresOne() {
    WindowedGaussianDetector detector = new WindowedGaussianDetector();

    assertThat(detector.update(0, 5.0)).isZero();
    assertThat(detector.update(1, 5.0)).isEqualTo(0.5);
    assertThat(detector.update(2, 5.1)).isEqualTo(1.0);
  }

  @Test
  void scoreIsOneMinusTheTwoSidedTailUnderTheWindowStatistics() {
    WindowedGaussianDetector detector = new WindowedGaussianDetector();
    for (double v : new double[] {1, 2, 3, 4, 5}) {
      detector.update(0, v);
    }
    // mean 3, population std sqrt(2): a value one std below the mean scores Phi(1).
    assertThat(detector.update(0, 3 - Math.sqrt(2))).isCloseTo(0.8413447460685429, within(1e-12));
  }

  @Test
  void fullWindowSlidesInStepsOfOneHundredValues() {
    WindowedGaussianDetector detector = new WindowedGaussianDetector();
    Random random = new Random(7);
    for (int i = 0; i < WindowedGaussianDetector.WINDOW_SIZE; i++) {
      detector.update(i, random.nextGaussian());
    }
    double before = detector.update(0, 100.0);
    for (int i = 0; i < WindowedGaussianDetector.STEP_SIZE - 2; i++) {
      detector.update(0, 100.0);
    }
    double stillOld = detector.update(0, 0.5);
    double afterSlide = detector.update(0, 0.5);

    assertThat(before).isEqualTo(1.0);
    assertThat(afterSlide).isNotEqualTo(stillOld);
  }

  @Test
  void nonFiniteValuesScoreZeroAndStayOutOfTheWindow() {
    WindowedGaussianDetector detector = new WindowedGaussianDetector();
    detector.update(0, 1.0);
    detector.update(0, 3.0);

    assertThat(detector.update(0, Double.NaN)).isZero();
    assertThat(detector.update(0, Double.POSITIVE_INFINITY)).isZero();
    assertThat(detector.update(0, 2.0)).isEqualTo(0.5);
  }

  @Test
  void erfcIsAccurateAcrossTheSeriesAndContinuedFractionRanges() {
    assertThat(GaussianTail.erfc(0)).isEqualTo(1.0);
    assertThat(GaussianTail.erfc(0.5)).isCloseTo(0.4795001221869535, within(1e-15));
    assertThat(GaussianTail.erfc(1.0)).isCloseTo(0.15729920705028513, within(1e-15));
    assertThat(GaussianTail.erfc(2.0) / 0.004677734981047266).isCloseTo(1.0, within(1e-13));
    assertThat(GaussianTail.erfc(5.0) / 1.5374597944280349e-12).isCloseTo(1.0, within(1e-13));
    assertThat(GaussianTail.erfc(-1.0)).isCloseTo(1.8427007929497148, within(1e-15));
    assertThat(GaussianTail.erfc(30)).isZero();
  }
}
