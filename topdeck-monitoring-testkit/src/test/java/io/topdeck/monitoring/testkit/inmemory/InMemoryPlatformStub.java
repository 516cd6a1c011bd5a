package io.topdeck.monitoring.testkit.inmemory;

import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.inmemory.ApplicationField;
import io.topdeck.monitoring.core.inmemory.InMemoryPlatform;
import io.topdeck.monitoring.core.inmemory.Series;
import io.topdeck.monitoring.testkit.Fault;
import io.topdeck.monitoring.testkit.PlatformStub;
import io.topdeck.monitoring.testkit.RecordedCall;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Drives the in-memory platform for the contract kit: each {@link #serve} registers, under this
 * stub's dataset name, a new {@link InMemoryPlatform} scripting the request rate of the resource,
 * with a gap at every missing step. A collector reads the platform registered when it was created.
 *
 * <p>The in-memory platform makes no calls, so {@link #calls()} is always empty, and it has no
 * failure modes: {@link #fail} is refused.
 */
final class InMemoryPlatformStub implements PlatformStub {

  private static final double REQUEST_RATE = 12.5;

  private final String dataset = "contract-kit-" + UUID.randomUUID();
  private InMemoryPlatform.Registration registration;

  InMemoryPlatformStub() {
    registration = InMemoryPlatform.builder().build().register(dataset);
  }

  /** Returns the name the platform is registered under, the value of the property dataset. */
  String dataset() {
    return dataset;
  }

  @Override
  public Optional<URI> endpoint() {
    return Optional.empty();
  }

  @Override
  public synchronized void serve(
      ResourceRef resource, TimeRange range, Duration step, Set<Integer> missingSteps) {
    Series series = Series.baseline(REQUEST_RATE);
    int index = 0;
    for (Instant t = range.from(); t.isBefore(range.to()); t = t.plus(step), index++) {
      if (missingSteps.contains(index)) {
        series = series.gap(t, t.plus(step));
      }
    }
    replace(
        InMemoryPlatform.builder()
            .application(resource.id(), ApplicationField.REQUEST_RATE, series)
            .build());
  }

  @Override
  public void fail(Fault fault, int times) {
    throw new UnsupportedOperationException(
        "The in-memory platform cannot fail with " + fault + "; declare no fault capability");
  }

  @Override
  public List<RecordedCall> calls() {
    return List.of();
  }

  @Override
  public synchronized void reset() {
    replace(InMemoryPlatform.builder().build());
  }

  @Override
  public synchronized void close() {
    registration.close();
  }

  private void replace(InMemoryPlatform platform) {
    registration.close();
    registration = platform.register(dataset);
  }
}
