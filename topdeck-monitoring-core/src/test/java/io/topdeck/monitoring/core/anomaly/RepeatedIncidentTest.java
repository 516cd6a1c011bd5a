package io.topdeck.monitoring.core.anomaly;

import static io.topdeck.monitoring.core.anomaly.Synthetic.flagged;
import static io.topdeck.monitoring.core.anomaly.Synthetic.noise;
import static io.topdeck.monitoring.core.anomaly.Synthetic.plus;
import static io.topdeck.monitoring.core.anomaly.Synthetic.scores;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The default ensemble reports a repeat of an earlier incident like the first one. */
class RepeatedIncidentTest {

  private static final double THRESHOLD = 0.5;

  /** More than two generations of the novelty memory: the first incident is forgotten. */
  private static final int QUIET_SPELL = 2 * EnsembleDetector.NOVELTY_MEMORY + 300;

  @Test
  void identical_spike_after_a_quiet_spell_is_reported_both_times() {
    int first = 1500;
    int second = first + QUIET_SPELL;
    double[] values = noise(31, second + 500, 100, 2);
    values[first] = 160;
    values[second] = 160;
    assertThat(flagged(scores(Detectors.defaultEnsemble(), values), THRESHOLD))
        .containsExactly(first, second);
  }

  @Test
  void level_shift_that_returns_and_repeats_is_reported_both_times() {
    int first = 1500;
    int length = 400;
    int second = first + length + QUIET_SPELL;
    double[] values =
        plus(
            noise(32, second + length + 500, 100, 2),
            i ->
                (i >= first && i < first + length) || (i >= second && i < second + length)
                    ? 40
                    : 0);
    assertThat(flagged(scores(Detectors.defaultEnsemble(), values), THRESHOLD))
        .containsExactly(first, second);
  }

  @Test
  void excursion_larger_than_any_before_is_reported_even_soon_after() {
    // The first spike reaches far beyond the learned range; the second, 500 points later and
    // still remembered, goes four times as far.
    double[] values = noise(33, 3000, 100, 2);
    values[1500] = 100 + 400;
    values[2000] = 100 + 1600;
    assertThat(flagged(scores(Detectors.defaultEnsemble(), values), THRESHOLD))
        .containsExactly(1500, 2000);
  }

  @Test
  void repeat_within_the_memory_is_not_reported_again() {
    // The same value 300 points later is still remembered: one incident, one report.
    double[] values = noise(34, 3000, 100, 2);
    values[1500] = 160;
    values[1800] = values[1500];
    values[1799] = values[1499];
    assertThat(flagged(scores(Detectors.defaultEnsemble(), values), THRESHOLD))
        .containsExactly(1500);
  }
}
