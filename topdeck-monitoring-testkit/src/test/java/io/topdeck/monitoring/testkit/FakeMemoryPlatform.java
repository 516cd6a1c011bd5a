package io.topdeck.monitoring.testkit;

import io.topdeck.monitoring.api.ApplicationMetrics;
import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MetricsCollectorProvider;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.MonitoringException.Kind;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A platform without HTTP, like the in-memory one: its collector reads scripted data from a named
 * {@link Stub}, found through config property {@code name}.
 */
final class FakeMemoryPlatform {

  static final String ID = "fakememory";
  private static final Map<String, Stub> STUBS = new ConcurrentHashMap<>();

  private FakeMemoryPlatform() {}

  /** The provider, registered for ServiceLoader. */
  public static final class Provider implements MetricsCollectorProvider {

    @Override
    public String id() {
      return ID;
    }

    @Override
    public MetricsCollector create(PlatformConfig config) {
      List<String> problems = new ArrayList<>();
      config.properties().keySet().stream()
          .filter(k -> !k.equals("name"))
          .sorted()
          .forEach(k -> problems.add("unknown property " + k));
      if (!config.secrets().isEmpty()) {
        problems.add("this platform takes no secrets");
      }
      String name = config.properties().get("name");
      if (name == null || !STUBS.containsKey(name)) {
        problems.add("name must name a running stub");
      }
      if (!problems.isEmpty()) {
        throw new ConfigurationException(problems);
      }
      return new Collector(STUBS.get(name));
    }
  }

  /** The scripted platform. */
  static final class Stub implements PlatformStub {
    final String name = "stub-" + System.nanoTime();
    private final Map<String, List<ApplicationMetrics>> data = new ConcurrentHashMap<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private volatile Fault always;
    private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();

    Stub() {
      STUBS.put(name, this);
    }

    @Override
    public Optional<URI> endpoint() {
      return Optional.empty();
    }

    @Override
    public void serve(ResourceRef resource, TimeRange range, Duration step, Set<Integer> missing) {
      List<ApplicationMetrics> points = new ArrayList<>();
      int index = 0;
      for (Instant t = range.from(); t.isBefore(range.to()); t = t.plus(step), index++) {
        if (!missing.contains(index)) {
          points.add(
              new ApplicationMetrics(
                  resource, t, 2, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Map.of()));
        }
      }
      data.put(resource.id(), points);
    }

    @Override
    public void fail(Fault fault, int times) {
      if (times == Integer.MAX_VALUE) {
        always = fault;
      } else {
        for (int i = 0; i < times; i++) {
          faults.add(fault);
        }
      }
    }

    @Override
    public List<RecordedCall> calls() {
      return List.copyOf(calls);
    }

    @Override
    public void reset() {
      data.clear();
      faults.clear();
      always = null;
      calls.clear();
    }

    @Override
    public void close() {
      STUBS.remove(name);
    }

    List<ApplicationMetrics> read(ResourceRef resource) {
      calls.add(new RecordedCall("applicationMetrics", resource.id(), ""));
      Fault fault = always != null ? always : (faults.isEmpty() ? null : faults.remove(0));
      if (fault != null) {
        throw switch (fault) {
          case THROTTLED ->
              new MonitoringException(
                  Kind.THROTTLED, ID, "scripted throttle", Fault.RETRY_AFTER, null);
          case SERVER_ERROR -> new MonitoringException(Kind.UNAVAILABLE, ID, "scripted outage");
          case CLIENT_ERROR -> new MonitoringException(Kind.BAD_QUERY, ID, "scripted rejection");
          case SLOW, MALFORMED_BODY -> new IllegalStateException("not scriptable: " + fault);
        };
      }
      return data.getOrDefault(resource.id(), List.of());
    }
  }

  /** Reads from its stub. */
  private static final class Collector implements MetricsCollector {
    private final Stub stub;

    Collector(Stub stub) {
      this.stub = stub;
    }

    @Override
    public String platform() {
      return ID;
    }

    @Override
    public Set<Signal> supportedSignals() {
      return EnumSet.of(Signal.APPLICATION);
    }

    @Override
    public List<ApplicationMetrics> applicationMetrics(
        ResourceRef resource, TimeRange range, Duration step) {
      return stub.read(resource);
    }
  }
}
