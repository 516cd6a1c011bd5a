package io.topdeck.monitoring.core.inmemory;

import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TraceSpan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scripted monitoring platform for tests and demos: per resource, a {@link Series} for each
 * scripted metric, plus explicit errors, trace spans and changes. Immutable and safe for use by
 * several threads once built.
 *
 * <pre>{@code
 * InMemoryPlatform platform = InMemoryPlatform.builder()
 *     .seed(42)
 *     .application("webapp-prod", ApplicationField.ERROR_RATE,
 *         Series.baseline(0.01).noise(0.05).step(deployedAt, 5).clamp(0, 1))
 *     .database("sql-db-prod", DatabaseField.AVERAGE_QUERY_TIME_MS, Series.baseline(12))
 *     .change(ChangeEvent.deployment("d-1", deployedAt, "webapp-prod", "v2", "v1"))
 *     .build();
 * MetricsCollector collector = platform.collector();
 * }</pre>
 *
 * <p>Since the script is code, a host that configures collectors through {@link
 * io.topdeck.monitoring.api.PlatformConfig} first {@linkplain #register(String) registers} the
 * platform under a name, then selects it with the property {@code dataset} of platform {@code
 * inmemory}.
 *
 * @since 0.1.0
 */
public final class InMemoryPlatform {

  /** The platform id of the in-memory platform. */
  public static final String ID = "inmemory";

  private static final Map<String, InMemoryPlatform> NAMED = new ConcurrentHashMap<>();

  private final long seed;
  private final Map<String, Script> scripts;
  private final Set<Signal> signals;

  private InMemoryPlatform(long seed, Map<String, Script> scripts) {
    this.seed = seed;
    this.scripts = scripts;
    EnumSet<Signal> found = EnumSet.noneOf(Signal.class);
    scripts.values().forEach(s -> found.addAll(s.signals()));
    this.signals = Collections.unmodifiableSet(found);
  }

  /** Returns a new builder, with seed 0. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the seed the platform's noise derives from. */
  public long seed() {
    return seed;
  }

  /** Returns the ids of the scripted resources, sorted. */
  public SortedSet<String> resourceIds() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(scripts.keySet()));
  }

  /** Returns the signals scripted for at least one resource. */
  public Set<Signal> signals() {
    return signals;
  }

  /** Returns a collector over this platform with its own seed. */
  public InMemoryCollector collector() {
    return new InMemoryCollector(this, seed);
  }

  /** Returns a collector over this platform whose noise derives from {@code seed} instead. */
  public InMemoryCollector collector(long seed) {
    return new InMemoryCollector(this, seed);
  }

  /**
   * Registers this platform under {@code name}, so that the {@code inmemory} provider can select it
   * with the property {@code dataset}. Closing the returned registration unregisters it.
   *
   * @throws IllegalStateException if another platform is registered under {@code name}
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public Registration register(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    InMemoryPlatform previous = NAMED.putIfAbsent(name, this);
    if (previous != null && previous != this) {
      throw new IllegalStateException(
          "An in-memory platform is already registered as '" + name + "'; unregister it first");
    }
    return new Registration(name, this);
  }

  /** Removes the platform registered under {@code name}; returns whether there was one. */
  public static boolean unregister(String name) {
    return NAMED.remove(Objects.requireNonNull(name, "name")) != null;
  }

  /** Returns the platform registered under {@code name}, if any. */
  public static Optional<InMemoryPlatform> registered(String name) {
    return Optional.ofNullable(NAMED.get(Objects.requireNonNull(name, "name")));
  }

  /** Returns the names of the registered platforms, sorted. */
  public static SortedSet<String> registeredNames() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(NAMED.keySet()));
  }

  Optional<Script> script(String resourceId) {
    return Optional.ofNullable(scripts.get(resourceId));
  }

  @Override
  public String toString() {
    return "InMemoryPlatform[seed=" + seed + ", resources=" + resourceIds() + "]";
  }

  /** A platform registered under a name; closing it unregisters the platform. */
  public static final class Registration implements AutoCloseable {
    private final String name;
    private final InMemoryPlatform platform;

    private Registration(String name, InMemoryPlatform platform) {
      this.name = name;
      this.platform = platform;
    }

    /** Returns the name the platform is registered under. */
    public String name() {
      return name;
    }

    /** Unregisters the platform, unless another one has replaced it meanwhile. */
    @Override
    public void close() {
      NAMED.remove(name, platform);
    }
  }

  /** The scripted data of one resource. */
  record Script(
      Map<ApplicationField, Series> application,
      Map<String, Series> statusCodes,
      Map<DatabaseField, Series> database,
      Map<InfrastructureField, Series> infrastructure,
      List<ErrorEvent> errors,
      List<TraceSpan> spans,
      List<ChangeEvent> changes) {

    Set<Signal> signals() {
      EnumSet<Signal> s = EnumSet.noneOf(Signal.class);
      if (!application.isEmpty() || !statusCodes.isEmpty()) {
        s.add(Signal.APPLICATION);
      }
      if (!database.isEmpty()) {
        s.add(Signal.DATABASE);
      }
      if (!infrastructure.isEmpty()) {
        s.add(Signal.INFRASTRUCTURE);
      }
      if (!errors.isEmpty()) {
        s.add(Signal.ERRORS);
      }
      if (!spans.isEmpty()) {
        s.add(Signal.TRACES);
      }
      if (!changes.isEmpty()) {
        s.add(Signal.CHANGES);
      }
      return s;
    }
  }

  /** Builds an {@link InMemoryPlatform}. Not thread-safe. */
  public static final class Builder {
    private long seed;
    private final Map<String, MutableScript> scripts = new HashMap<>();

    private Builder() {}

    /** Sets the seed all noise derives from. Defaults to 0. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Scripts {@code field} of {@code resourceId}'s application metrics.
     *
     * @throws IllegalStateException if that field is already scripted for the resource
     */
    public Builder application(String resourceId, ApplicationField field, Series series) {
      put(script(resourceId).application, field, series, resourceId);
      return this;
    }

    /**
     * Scripts the rate of HTTP status code (or class) {@code code}, for example {@code "500"}.
     *
     * @throws IllegalStateException if that code is already scripted for the resource
     */
    public Builder statusCodeRate(String resourceId, String code, Series series) {
      Objects.requireNonNull(code, "code");
      put(script(resourceId).statusCodes, code, series, resourceId);
      return this;
    }

    /**
     * Scripts {@code field} of {@code resourceId}'s database metrics.
     *
     * @throws IllegalStateException if that field is already scripted for the resource
     */
    public Builder database(String resourceId, DatabaseField field, Series series) {
      put(script(resourceId).database, field, series, resourceId);
      return this;
    }

    /**
     * Scripts {@code field} of {@code resourceId}'s infrastructure metrics.
     *
     * @throws IllegalStateException if that field is already scripted for the resource
     */
    public Builder infrastructure(String resourceId, InfrastructureField field, Series series) {
      put(script(resourceId).infrastructure, field, series, resourceId);
      return this;
    }

    /**
     * Adds an error reported for {@code resourceId}. The event is returned as given: its own {@code
     * resourceId} may stay empty, as with platforms that know only their own identities.
     */
    public Builder error(String resourceId, ErrorEvent error) {
      script(resourceId).errors.add(Objects.requireNonNull(error, "error"));
      return this;
    }

    /** Adds a trace span that involves {@code resourceId}. */
    public Builder span(String resourceId, TraceSpan span) {
      script(resourceId).spans.add(Objects.requireNonNull(span, "span"));
      return this;
    }

    /** Adds a change, reported for each of its target resources. */
    public Builder change(ChangeEvent change) {
      Objects.requireNonNull(change, "change");
      change.targetResourceIds().forEach(id -> script(id).changes.add(change));
      return this;
    }

    /** Returns the platform scripted so far. */
    public InMemoryPlatform build() {
      Map<String, Script> built = new HashMap<>();
      scripts.forEach((id, s) -> built.put(id, s.freeze()));
      return new InMemoryPlatform(seed, Collections.unmodifiableMap(built));
    }

    private MutableScript script(String resourceId) {
      Objects.requireNonNull(resourceId, "resourceId");
      if (resourceId.isBlank()) {
        throw new IllegalArgumentException("resourceId must not be blank");
      }
      return scripts.computeIfAbsent(resourceId, id -> new MutableScript());
    }

    private static <K> void put(Map<K, Series> map, K key, Series series, String resourceId) {
      Objects.requireNonNull(key, "field");
      Objects.requireNonNull(series, "series");
      if (map.putIfAbsent(key, series) != null) {
        throw new IllegalStateException(key + " of " + resourceId + " is already scripted");
      }
    }
  }

  private static final class MutableScript {
    final Map<ApplicationField, Series> application = new EnumMap<>(ApplicationField.class);
    final Map<String, Series> statusCodes = new TreeMap<>();
    final Map<DatabaseField, Series> database = new EnumMap<>(DatabaseField.class);
    final Map<InfrastructureField, Series> infrastructure =
        new EnumMap<>(InfrastructureField.class);
    final List<ErrorEvent> errors = new ArrayList<>();
    final List<TraceSpan> spans = new ArrayList<>();
    final List<ChangeEvent> changes = new ArrayList<>();

    Script freeze() {
      List<ErrorEvent> e = new ArrayList<>(errors);
      e.sort(java.util.Comparator.comparing(ErrorEvent::timestamp));
      List<TraceSpan> t = new ArrayList<>(spans);
      t.sort(java.util.Comparator.comparing(TraceSpan::start));
      List<ChangeEvent> c = new ArrayList<>(changes);
      c.sort(java.util.Comparator.comparing(ChangeEvent::time));
      return new Script(
          Collections.unmodifiableMap(new EnumMap<>(application)),
          Collections.unmodifiableMap(new TreeMap<>(statusCodes)),
          Collections.unmodifiableMap(new EnumMap<>(database)),
          Collections.unmodifiableMap(new EnumMap<>(infrastructure)),
          List.copyOf(e),
          List.copyOf(t),
          List.copyOf(c));
    }
  }
}
