package io.topdeck.monitoring.core.anomaly;

/** Factories for the detectors of this package. Every call returns a new, independent detector. */
public final class Detectors {

  private Detectors() {}

  /** Returns a new instance of the detector used when none is chosen. */
  public static StreamingDetector defaultDetector() {
    return new RobustDetector();
  }
}
