package io.topdeck.monitoring.testkit;

import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TimeRange;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The platform a contract test talks to: a local HTTP stub ({@link WireMockPlatformStub}) or a
 * scripted fake for a platform without HTTP. A stub serves data in the platform's own shape and can
 * be told to fail its next calls in one of the {@link Fault} ways.
 */
public interface PlatformStub extends AutoCloseable {

  /** Returns the base URL to configure the collector with, for a stub that has one. */
  Optional<URI> endpoint();

  /**
   * Serves the metric signal of {@code resource} for {@code range} at {@code step}: one value per
   * step, except the steps whose indexes (0 being the first step of the range) are in {@code
   * missingSteps}.
   */
  void serve(ResourceRef resource, TimeRange range, Duration step, Set<Integer> missingSteps);

  /**
   * Makes the next {@code times} calls fail with {@code fault}; later calls are served normally.
   * {@link Integer#MAX_VALUE} makes every call fail.
   */
  void fail(Fault fault, int times);

  /** Returns the calls received so far, in order. */
  List<RecordedCall> calls();

  /** Forgets served data, faults and recorded calls. */
  void reset();

  /** Stops the stub. */
  @Override
  void close();
}
