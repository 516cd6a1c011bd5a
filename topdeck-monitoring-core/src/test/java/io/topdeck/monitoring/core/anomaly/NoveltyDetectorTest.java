package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NoveltyDetectorTest {

  /** Feeds a square wave between 0 and 10 (a grid of cell 1 after warm-up) and returns it. */
  private static NoveltyDetector warmedUp() {
    NoveltyDetector detector = new NoveltyDetector(20, 10, 0);
    for (int i = 0; i < 40; i++) {
      assertThat(detector.update(i, (i / 2) % 2 == 0 ? 0 : 10)).isLessThan(1);
    }
    return detector;
  }

  @Test
  void scores_zero_during_warm_up() {
    NoveltyDetector detector = new NoveltyDetector(20, 10, 0);
    for (int i = 0; i < 19; i++) {
      assertThat(detector.update(i, i * 100.0)).isZero();
    }
  }

  @Test
  void a_level_never_seen_scores_one_and_then_zero() {
    NoveltyDetector detector = warmedUp();
    assertThat(detector.update(100, 25)).isEqualTo(1.0);
    assertThat(detector.update(101, 25)).isEqualTo(0.5); // the step 25 -> 25 is new
    assertThat(detector.update(102, 25)).isZero();
  }

  @Test
  void a_jump_never_made_between_known_levels_scores_half() {
    NoveltyDetector detector = warmedUp();
    detector.update(100, 5); // a new level, and new steps 10 -> 5
    detector.update(101, 0); // new step 5 -> 0
    detector.update(102, 0);
    assertThat(detector.update(103, 5)).isEqualTo(0.5); // 0 -> 5 never happened
    assertThat(detector.update(104, 0)).isZero();
  }

  @Test
  void non_finite_values_score_zero_and_are_not_learned() {
    NoveltyDetector detector = warmedUp();
    assertThat(detector.update(100, Double.NaN)).isZero();
    assertThat(detector.update(101, Double.POSITIVE_INFINITY)).isZero();
    assertThat(detector.update(102, 25)).isEqualTo(1.0);
  }

  @Test
  void learning_period_remembers_without_scoring() {
    NoveltyDetector detector = new NoveltyDetector(20, 10, 5);
    for (int i = 0; i < 20; i++) {
      detector.update(i, i % 2 == 0 ? 0 : 10);
    }
    for (int i = 0; i < 5; i++) {
      assertThat(detector.update(20 + i, 50)).isZero();
    }
    assertThat(detector.update(30, 50)).isZero();
  }

  @Test
  void flat_warm_up_gets_cells_of_one_percent() {
    NoveltyDetector detector = new NoveltyDetector(10, 16, 0);
    for (int i = 0; i < 30; i++) {
      detector.update(i, 200);
    }
    assertThat(detector.update(30, 201)).isZero(); // same 2-wide cell
    assertThat(detector.update(31, 210)).isEqualTo(1.0);
  }

  @Test
  void a_level_not_seen_for_two_generations_is_novel_again() {
    NoveltyDetector detector = new NoveltyDetector(20, 10, 0, 50);
    for (int i = 0; i < 40; i++) {
      detector.update(i, (i / 2) % 2 == 0 ? 0 : 10);
    }
    assertThat(detector.update(40, 25)).isEqualTo(1.0);
    int t = 41;
    for (; t < 70; t++) {
      detector.update(t, (t / 2) % 2 == 0 ? 0 : 10);
    }
    assertThat(detector.update(t++, 25)).as("seen 30 points ago").isLessThan(1.0);
    for (int end = t + 100; t < end; t++) {
      detector.update(t, (t / 2) % 2 == 0 ? 0 : 10);
    }
    assertThat(detector.update(t, 25)).as("seen 101 points ago").isEqualTo(1.0);
  }

  @Test
  void without_memory_a_level_is_never_novel_again() {
    NoveltyDetector detector = warmedUp();
    assertThat(detector.update(40, 25)).isEqualTo(1.0);
    for (int t = 41; t < 10_000; t++) {
      detector.update(t, (t / 2) % 2 == 0 ? 0 : 10);
    }
    assertThat(detector.update(10_000, 25)).isLessThan(1.0);
  }

  @Test
  void an_excursion_twice_as_far_as_any_before_reaches_a_new_cell() {
    NoveltyDetector detector = warmedUp();
    assertThat(detector.update(40, 1e4)).isEqualTo(1.0);
    assertThat(detector.update(41, 10)).isLessThan(1.0);
    assertThat(detector.update(42, 1.1e4)).as("in the same geometric cell").isLessThan(1.0);
    assertThat(detector.update(43, 2e4)).isEqualTo(1.0);
    assertThat(detector.update(44, -2e3)).isEqualTo(1.0);
    assertThat(detector.update(45, -4e3)).isEqualTo(1.0);
  }

  @Test
  void constructor_rejects_bad_grids() {
    assertThatThrownBy(() -> new NoveltyDetector(1, 16, 0))
        .hasMessage("warmup must be at least 2, but was 1");
    assertThatThrownBy(() -> new NoveltyDetector(10, 65, 0))
        .hasMessage("bins must be in [2, 64], but was 65");
    assertThatThrownBy(() -> new NoveltyDetector(10, 16, 0, -1))
        .hasMessage("learning and memory must be at least 0, but were 0 and -1");
  }
}
