package io.topdeck.monitoring.core.anomaly;

import static io.topdeck.monitoring.core.anomaly.Synthetic.at;
import static io.topdeck.monitoring.core.anomaly.Synthetic.noise;
import static io.topdeck.monitoring.core.anomaly.Synthetic.plus;
import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Anomaly;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A point back at the level from before an anomaly is its return only when that level still says
 * what is usual: once the detector judges the point against a seasonal profile, a fall to a level
 * that was measured without regard to the time of day is an incident of its own.
 */
class SeasonalReturnTest {

  private static final int SHIFT = 100;

  /** A plateau of 100 from {@link #SHIFT} on, over noise of SD 1 around 1. */
  private static final double[] VALUES =
      plus(noise(31, 1000, 1, 1), i -> i >= SHIFT && i < 900 ? 99 : 0);

  @Test
  void a_fall_to_the_level_before_an_accepted_anomaly_is_reported_when_the_profile_expects_more() {
    int back = SHIFT + SeriesAnomalyDetector.ACCEPT_POINTS + 50;
    List<Anomaly> found = run(back, true);
    assertThat(found).extracting(Anomaly::detectedAt).containsExactly(at(SHIFT), at(back));
    assertThat(found.get(1).baselineValue()).isEqualTo(100);
  }

  @Test
  void a_fall_to_the_level_before_an_accepted_anomaly_is_its_return_without_a_profile() {
    int back = SHIFT + SeriesAnomalyDetector.ACCEPT_POINTS + 50;
    assertThat(run(back, false)).extracting(Anomaly::detectedAt).containsExactly(at(SHIFT));
  }

  @Test
  void a_fall_far_below_the_profile_while_an_anomaly_is_open_is_a_new_incident() {
    int back = SHIFT + 100;
    List<Anomaly> found = run(back, true);
    assertThat(found).extracting(Anomaly::detectedAt).containsExactly(at(SHIFT), at(back));
    assertThat(found.get(1).baselineValue()).isEqualTo(100);
    assertThat(found.get(1).deviation()).isLessThan(-6);
  }

  @Test
  void a_fall_while_an_anomaly_is_open_is_its_return_without_a_profile() {
    assertThat(run(SHIFT + 100, false)).extracting(Anomaly::detectedAt).containsExactly(at(SHIFT));
  }

  /**
   * Feeds {@link #VALUES} with the point at {@code back} set to 1, flagged at {@link #SHIFT} and at
   * {@code back}; the detector's baseline is 1 (SD 1, not seasonal) everywhere but at {@code back},
   * where it is 100, seasonal or not.
   */
  private static List<Anomaly> run(int back, boolean seasonal) {
    double[] values = VALUES.clone();
    values[back] = 1;
    Scripted detector = new Scripted(back, seasonal);
    SeriesAnomalyDetector tracker = new SeriesAnomalyDetector("qps", "", "db-1", detector);
    List<Anomaly> found = new ArrayList<>();
    for (int i = 0; i < back + 10; i++) {
      tracker.update(at(i), values[i]).ifPresent(found::add);
    }
    return found;
  }

  /** Scores 1 at the shift and at {@code back}, 0 elsewhere, with the baselines described above. */
  private static final class Scripted implements StreamingDetector, BaselineAware {
    private final int back;
    private final boolean seasonal;
    private int index = -1;
    private double value;

    Scripted(int back, boolean seasonal) {
      this.back = back;
      this.seasonal = seasonal;
    }

    @Override
    public double update(long epochMillis, double value) {
      this.value = value;
      index++;
      return index == SHIFT || index == back ? 1 : 0;
    }

    @Override
    public double baseline() {
      return index == back ? 100 : 1;
    }

    @Override
    public double deviation() {
      return value - baseline();
    }

    @Override
    public Duration seasonalPeriod() {
      return index == back && seasonal ? Duration.ofDays(1) : Duration.ZERO;
    }
  }
}
