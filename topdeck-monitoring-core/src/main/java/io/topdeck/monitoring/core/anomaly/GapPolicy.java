package io.topdeck.monitoring.core.anomaly;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link ThresholdRule} does with missing data: a non-finite value, or time passing between
 * points.
 *
 * @param mode how missing data is treated
 * @param after for {@link Mode#ALERT_AFTER}, how long data may be missing before the rule fires;
 *     zero for the other modes
 */
public record GapPolicy(Mode mode, Duration after) {

  /** How missing data is treated. */
  public enum Mode {
    /** Missing data neither breaches nor clears the rule. */
    IGNORE,
    /** A non-finite value counts as a breaching sample. */
    TREAT_AS_BREACHING,
    /** The rule fires when no finite value has arrived for longer than {@code after}. */
    ALERT_AFTER
  }

  public GapPolicy {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(after, "after");
    if (after.isNegative()) {
      throw new IllegalArgumentException("after must not be negative, but was " + after);
    }
    if (mode == Mode.ALERT_AFTER && after.isZero()) {
      throw new IllegalArgumentException("ALERT_AFTER needs a positive duration");
    }
  }

  /** Returns the policy that ignores missing data. */
  public static GapPolicy ignore() {
    return new GapPolicy(Mode.IGNORE, Duration.ZERO);
  }

  /** Returns the policy that counts a non-finite value as breaching. */
  public static GapPolicy treatAsBreaching() {
    return new GapPolicy(Mode.TREAT_AS_BREACHING, Duration.ZERO);
  }

  /** Returns the policy that fires once data has been missing for longer than {@code after}. */
  public static GapPolicy alertAfter(Duration after) {
    return new GapPolicy(Mode.ALERT_AFTER, after);
  }
}
