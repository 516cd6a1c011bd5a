package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContextDetectorTest {

  /** Returns a detector whose warm-up of 0, 4, 0, 4 set 4 cells of width 1 from 0. */
  private static ContextDetector warmedUp(int order, int rest) {
    ContextDetector detector = new ContextDetector(4, 4, order, 1, rest, 256);
    for (int i = 0; i < 4; i++) {
      assertThat(detector.update(i, i % 2 == 0 ? 0 : 4)).isZero();
    }
    return detector;
  }

  @Test
  void scores_zero_during_warm_up_whatever_the_values() {
    ContextDetector detector = new ContextDetector(20, 4, 3, 0.75, 10, 256);
    for (int i = 0; i < 20; i++) {
      assertThat(detector.update(i, i % 3 == 0 ? -1e6 : i * 1e5)).isZero();
    }
  }

  @Test
  void a_level_never_seen_scores_one_and_then_zero_at_order_one() {
    ContextDetector detector = warmedUp(1, 0);
    assertThat(detector.update(10, 1.5)).isEqualTo(1.0);
    assertThat(detector.update(11, 1.2)).isZero(); // the same cell
    assertThat(detector.update(12, -2))
        .isEqualTo(1.0); // below the warm-up range, still on the grid
    assertThat(detector.update(13, -1.5)).isZero();
  }

  @Test
  void known_levels_in_an_unusual_order_score_the_share_of_new_contexts() {
    ContextDetector detector = warmedUp(2, 0);
    assertThat(detector.update(10, 0)).isEqualTo(0.5); // new cell, no previous point yet
    assertThat(detector.update(11, 4)).isEqualTo(1.0); // new cell and new step
    assertThat(detector.update(12, 0)).isEqualTo(0.5); // known cell, new step 4 -> 0
    assertThat(detector.update(13, 4)).isZero();
    assertThat(detector.update(14, 0)).isZero();
    assertThat(detector.update(15, 0)).isEqualTo(0.5); // 0 -> 0 never happened
  }

  @Test
  void an_alert_is_followed_by_a_rest_during_which_points_are_learned_but_score_zero() {
    ContextDetector detector = warmedUp(1, 2);
    assertThat(detector.update(10, 1)).isEqualTo(1.0);
    assertThat(detector.update(11, 2)).isZero(); // new, but resting
    assertThat(detector.update(12, 3)).isZero(); // new, but resting
    assertThat(detector.update(13, 2)).isZero(); // learned during the rest
    assertThat(detector.update(14, -1)).isEqualTo(1.0);
  }

  @Test
  void leaving_the_grid_for_good_starts_a_new_warm_up_on_the_new_range() {
    ContextDetector detector = warmedUp(2, 0);
    assertThat(detector.update(10, 1)).isEqualTo(0.5);
    assertThat(detector.update(11, 100)).isEqualTo(1.0); // off the grid once: the outermost cell
    assertThat(detector.update(12, 100)).isZero(); // off twice (the order): start again
    assertThat(detector.update(13, 101)).isZero();
    assertThat(detector.update(14, 102)).isZero();
    assertThat(detector.update(15, 103)).isZero(); // the grid is now 100 to 103
    assertThat(detector.update(16, 101.6)).isEqualTo(0.5); // a new cell, no previous point
    assertThat(detector.update(17, 101.6)).isEqualTo(0.5); // known cell, new step
    assertThat(detector.update(18, 101.6)).isZero();
  }

  @Test
  void non_finite_values_score_zero_and_do_not_count_as_warm_up() {
    ContextDetector detector = new ContextDetector(4, 4, 1, 1, 0, 64);
    for (int i = 0; i < 4; i++) {
      assertThat(detector.update(i, i % 2 == 0 ? 0 : 4)).isZero();
      assertThat(detector.update(i, Double.NaN)).isZero();
    }
    assertThat(detector.update(10, Double.POSITIVE_INFINITY)).isZero();
    assertThat(detector.update(11, 2)).isEqualTo(1.0);
  }

  @Test
  void flat_warm_up_gets_cells_of_one_percent_of_its_value() {
    ContextDetector detector = new ContextDetector(4, 4, 1, 1, 0, 64);
    for (int i = 0; i < 4; i++) {
      detector.update(i, 10);
    }
    assertThat(detector.update(10, 10.05)).isEqualTo(1.0);
    assertThat(detector.update(11, 10.08)).isZero(); // the same 0.1-wide cell
    assertThat(detector.update(12, 10.25)).isEqualTo(1.0);
  }

  @Test
  void a_level_is_forgotten_once_the_memory_has_turned_over_twice() {
    // 16 cells of width 1 from 0; the grid spans cells -16 to 31, one bit each in 64-bit sets.
    ContextDetector detector = new ContextDetector(2, 16, 1, 1, 0, 64);
    detector.update(0, 0);
    detector.update(1, 16);
    assertThat(detector.update(10, 0.5)).isEqualTo(1.0);
    assertThat(detector.update(11, 0.5)).isZero();
    // Two passes over the 47 other cells fill a half of a set (32 bits) at least twice.
    for (int pass = 0; pass < 2; pass++) {
      for (int cell = -16; cell < 32; cell++) {
        if (cell != 0) {
          detector.update(100 + cell, cell + 0.5);
        }
      }
    }
    assertThat(detector.update(200, 0.5)).isEqualTo(1.0);
  }

  @Test
  void rejects_invalid_settings() {
    assertThatThrownBy(() -> new ContextDetector(1, 4, 1, 1, 0, 64))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ContextDetector(10, 1, 1, 1, 0, 64))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ContextDetector(10, 4, 9, 1, 0, 64))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ContextDetector(10, 4, 1, 0, 0, 64))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ContextDetector(10, 4, 1, 1, -1, 64))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ContextDetector(10, 4, 1, 1, 0, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("memoryBits");
  }
}
