package io.topdeck.monitoring.core.anomaly;

/** Factories for the detectors of this package. Every call returns a new, independent detector. */
public final class Detectors {

  private Detectors() {}

  /**
   * Returns a new default detector for a gauge-like series: novelty, robust spike, level-shift and
   * daily seasonal detectors combined, scoring 0.5 or more where something is anomalous: a value or
   * a jump never seen before that is also at least 6 robust standard deviations from the median of
   * the last 56 points, the slow level-shift reference or the seasonal expectation (see {@link
   * EnsembleDetector}). A level never reached on a coarse grid of the first 288 points that is not
   * that far out scores 0.49: under the default threshold, but above every supporting score, for
   * callers that choose a lower threshold. The score is in [0, 1]; a point scores 0 while the
   * detector has too little history (the first 256 finite points for the novelty part), and when
   * its value is not finite.
   *
   * <p>Known limits: the novelty parts never forget, so a level or jump seen once is not novel
   * again and a repeat of an earlier incident usually scores under 0.5 (the supporting detectors
   * alone are weighted below the threshold). Its silence on flat series holds for Gaussian-like
   * noise; heavy-tailed noise (lognormal latencies, Student-t) raises occasional false anomalies.
   * The weights were chosen on the NAB corpus.
   */
  public static StreamingDetector defaultEnsemble() {
    return new EnsembleDetector(56, 6, 0.45);
  }

  /**
   * Returns a new sensitive ensemble: the default one without the gate on novel points, so that any
   * value or jump never seen before reports, however small. It finds more real anomalies (it scores
   * higher on NAB) but also reports the rare extremes of plain noise: a flat Gaussian series of a
   * few thousand points usually gets a few anomalies. Use it where a first-time value is worth a
   * look.
   */
  public static StreamingDetector sensitiveEnsemble() {
    return new EnsembleDetector(32, 0, 1);
  }

  /** Returns a new instance of the detector used when none is chosen: the default ensemble. */
  public static StreamingDetector defaultDetector() {
    return defaultEnsemble();
  }

  /**
   * Returns a new detector for a monotonic counter: its per-second rate, scored by the default
   * ensemble, with drops taken as counter restarts.
   */
  public static StreamingDetector forCounter() {
    return new CounterRateDetector(defaultEnsemble());
  }
}
