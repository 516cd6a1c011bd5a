package io.topdeck.monitoring.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which far points the recurrence memory takes as a repeat of a remembered job. */
class RecurrenceMemoryTest {

  private static final long MINUTE = 60_000;
  private static final long DAY = 1440 * MINUTE;
  private static final long START = Synthetic.START.toEpochMilli();
  private static final long TWO_AM = 120 * MINUTE;

  @Test
  void job_is_known_from_its_third_run_on() {
    RecurrenceMemory memory = new RecurrenceMemory();
    assertThat(run(memory, 0, TWO_AM, 200)).isFalse();
    assertThat(run(memory, 1, TWO_AM, 200)).isFalse();
    assertThat(run(memory, 2, TWO_AM, 200)).isTrue();
    assertThat(run(memory, 3, TWO_AM + 5 * MINUTE, 201)).isTrue();
  }

  @Test
  void weekly_job_is_known_from_its_third_run_on() {
    RecurrenceMemory memory = new RecurrenceMemory();
    assertThat(run(memory, 0, TWO_AM, 200)).isFalse();
    assertThat(run(memory, 7, TWO_AM, 200)).isFalse();
    assertThat(run(memory, 14, TWO_AM, 200)).isTrue();
  }

  @Test
  void known_job_on_higher_cells_or_at_another_time_is_not_known() {
    RecurrenceMemory memory = new RecurrenceMemory();
    run(memory, 0, TWO_AM, 200);
    run(memory, 1, TWO_AM, 200);
    assertThat(run(memory, 2, TWO_AM, 204)).isFalse();
    assertThat(run(memory, 2, 14 * 60 * MINUTE, 200)).isFalse();
  }

  @Test
  void spikes_that_return_on_a_different_interval_are_not_known() {
    RecurrenceMemory memory = new RecurrenceMemory();
    run(memory, 0, TWO_AM, 200);
    run(memory, 3, TWO_AM, 200);
    assertThat(run(memory, 5, TWO_AM, 200)).isFalse();
  }

  @Test
  void points_that_are_not_far_are_never_known() {
    RecurrenceMemory memory = new RecurrenceMemory();
    run(memory, 0, TWO_AM, 200);
    run(memory, 1, TWO_AM, 200);
    assertThat(memory.repeats(START + 2 * DAY + TWO_AM, 200, false)).isFalse();
    assertThat(memory.repeats(START + 2 * DAY + TWO_AM, -1, true)).isFalse();
  }

  /**
   * Feeds a 20-minute run of far points on {@code cell} starting at {@code timeOfDay} on day {@code
   * day}, and returns whether its first point was known.
   */
  private static boolean run(RecurrenceMemory memory, int day, long timeOfDay, int cell) {
    long from = START + day * DAY + timeOfDay;
    boolean known = memory.repeats(from, cell, true);
    for (int m = 1; m < 20; m++) {
      memory.repeats(from + m * MINUTE, cell, true);
    }
    return known;
  }
}
