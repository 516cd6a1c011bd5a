package io.topdeck.monitoring.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MetricsCollectorProvider;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.MonitoringException.Kind;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Secret;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.engine.CollectionEngine;
import io.topdeck.monitoring.core.engine.CollectionPlan;
import io.topdeck.monitoring.core.engine.CollectionReport;
import io.topdeck.monitoring.core.engine.CollectionReport.Status;
import io.topdeck.monitoring.core.engine.EngineListener;
import io.topdeck.monitoring.core.engine.resilience.ResilienceConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.slf4j.LoggerFactory;

/**
 * The contract every platform module's collector keeps. A platform module extends this class in its
 * tests and supplies its provider, a valid and an invalid config, a {@link PlatformStub} (a {@link
 * WireMockPlatformStub} serving its payloads, or a scripted fake) and the {@link Capability
 * capabilities} that stub has.
 *
 * <p>Each check needs some capabilities; when the subclass did not declare one, the check passes as
 * "not applicable", and the summary printed after the class (and written to {@code
 * target/contract-kit/}) names every check with its result, so nothing is skipped unseen.
 *
 * <p>The collector's configured timeout must be shorter than the stub's slow answer. Log output is
 * captured from {@code System.err} through slf4j-simple and the {@code simplelogger.properties},
 * both of which the kit brings; the secret check reads the collector under every declared fault
 * (slow answers included), and fails loudly if a different SLF4J binding or logging config hides
 * the TRACE lines of the provider's or the collector's logger from it.
 */
public abstract class MetricsCollectorContractTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration STEP = Duration.ofMinutes(1);
  private static final TimeRange RANGE = TimeRange.of(START, STEP.multipliedBy(10));

  private PlatformStub stub;
  private OutputCapture output;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  /** Returns the provider class the platform module registers. */
  protected abstract Class<? extends MetricsCollectorProvider> providerClass();

  /** Returns the platform id the provider must report. */
  protected abstract String platformId();

  /** Returns what the stub can do; checks needing anything else are not applicable. */
  protected abstract Set<Capability> capabilities();

  /** Returns a new, started stub; the kit closes it after each check. */
  protected abstract PlatformStub createStub();

  /** Returns a valid config pointing the collector at {@code stub}. */
  protected abstract PlatformConfig validConfig(PlatformStub stub);

  /** Returns a config with several problems at once (for example two bad values and a bad key). */
  protected abstract PlatformConfig invalidConfig();

  /** Returns how many problems {@link #invalidConfig()} has. */
  protected abstract int invalidConfigProblems();

  /** Returns the resource the checks collect. */
  protected abstract ResourceRef resource();

  /** Returns the metric signal the stub serves; {@link Signal#APPLICATION} by default. */
  protected Signal metricSignal() {
    return Signal.APPLICATION;
  }

  /** Returns the read operations the collector may call; every {@code GET} by default. */
  protected List<ReadOnlyRule> readOnlyRules() {
    return List.of(ReadOnlyRule.get(".*"));
  }

  @BeforeEach
  final void startStub() {
    output = new OutputCapture();
    stub = createStub();
  }

  @AfterEach
  final void stopStub() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    toClose.clear();
    stub.close();
    output.close();
  }

  @AfterAll
  static void publishSummary(TestInfo info) {
    info.getTestClass().ifPresent(ContractLedger::publish);
  }

  @Test
  void providerIsFoundByServiceLoaderUnderItsIdAndDoesNoIoWhenCreatingACollector() {
    check(
        "provider is found by ServiceLoader under its id",
        Set.of(),
        () -> {
          MetricsCollectorProvider provider = provider();
          assertThat(provider.id()).isEqualTo(platformId()).matches("[a-z][a-z0-9-]*");
          MetricsCollector collector = collector();
          assertThat(collector.platform()).isEqualTo(platformId());
          assertThat(stub.calls()).as("calls made by creating the collector").isEmpty();
        });
  }

  @Test
  void invalidConfigReportsEveryProblemAtOnce() {
    check(
        "invalid config reports every problem at once",
        Set.of(),
        () -> {
          ConfigurationException e =
              catchThrowableOfType(
                  ConfigurationException.class, () -> provider().create(invalidConfig()));
          assertThat(e).as("exception for the invalid config").isNotNull();
          assertThat(e.problems()).hasSize(invalidConfigProblems());
        });
  }

  @Test
  void unknownConfigKeysAreRejected() {
    check(
        "unknown config keys are rejected",
        Set.of(),
        () -> {
          PlatformConfig valid = validConfig(stub);
          Map<String, String> properties = new HashMap<>(valid.properties());
          properties.put("contractKitUnknownKey", "1");
          PlatformConfig withUnknown =
              new PlatformConfig(valid.platform(), properties, valid.secrets());
          ConfigurationException e =
              catchThrowableOfType(
                  ConfigurationException.class, () -> provider().create(withUnknown));
          assertThat(e).as("exception for an unknown key").isNotNull();
          assertThat(e.getMessage()).contains("contractKitUnknownKey");
        });
  }

  @Test
  void secretsNeverAppearInLogsToStringOrExceptionMessages() {
    check(
        "secrets never appear in logs, toString or messages",
        Set.of(Capability.SECRETS),
        () -> {
          PlatformConfig config = validConfig(stub);
          assertThat(config.secrets()).as("secrets of the valid config").isNotEmpty();
          List<String> texts = new ArrayList<>();
          MetricsCollector collector = collector();
          requireLogCapture(providerClass(), collector.getClass());
          texts.add(collector.toString());
          texts.add(config.toString());
          stub.serve(resource(), RANGE, STEP, Set.of());
          read(collector);
          for (Fault fault : declaredFaults()) {
            stub.reset();
            stub.fail(fault, Integer.MAX_VALUE);
            try {
              read(collector);
            } catch (RuntimeException e) {
              texts.add(describe(e));
            }
          }
          PlatformConfig invalid = invalidConfig();
          try {
            provider()
                .create(new PlatformConfig(platformId(), invalid.properties(), config.secrets()));
          } catch (RuntimeException e) {
            texts.add(describe(e));
          }
          texts.add(output.text());
          for (Secret secret : config.secrets().values()) {
            for (String text : texts) {
              assertThat(text)
                  .as("text that must not hold a secret")
                  .doesNotContain(secret.reveal());
            }
          }
        });
  }

  @Test
  void healthyDataArrivesOnePointPerStepInAscendingOrderInsideTheRange() {
    check(
        "healthy data arrives per step, ascending, inside the range",
        Set.of(),
        () -> {
          stub.serve(resource(), RANGE, STEP, Set.of());
          List<Instant> times = timestamps(read(collector()));
          assertThat(times).hasSize(10).isSorted().allMatch(RANGE::contains);
          assertThat(times.get(0)).isEqualTo(RANGE.from());
        });
  }

  @Test
  void missingStepsAreReportedAsPartialWithTheirCoverage() {
    check(
        "missing steps are reported as PARTIAL with coverage",
        Set.of(Capability.PARTIAL_RESULTS),
        () -> {
          stub.serve(resource(), RANGE, STEP, Set.of(2, 7));
          CollectionReport.Outcome outcome =
              collectThroughEngine(collector(), new AttemptLog()).outcomes().get(0);
          assertThat(outcome.status()).isEqualTo(Status.PARTIAL);
          assertThat(outcome.coverage()).isEqualTo(0.8);
        });
  }

  @Test
  void aSlowPlatformTimesOut() {
    check(
        "a slow platform times out",
        Set.of(Capability.TIMEOUTS),
        () -> {
          stub.fail(Fault.SLOW, Integer.MAX_VALUE);
          assertThat(failure(collector()).kind()).isEqualTo(Kind.TIMEOUT);
        });
  }

  @Test
  void throttlingBecomesThrottledWithTheRetryAfterHint() {
    check(
        "429 with Retry-After becomes THROTTLED with the hint",
        Set.of(Capability.THROTTLING),
        () -> {
          stub.fail(Fault.THROTTLED, Integer.MAX_VALUE);
          MonitoringException e = failure(collector());
          assertThat(e.kind()).isEqualTo(Kind.THROTTLED);
          assertThat(e.retryAfter()).contains(Fault.RETRY_AFTER);
        });
  }

  @Test
  void serverErrorsAreRetriedThroughTheEngine() {
    check(
        "5xx is UNAVAILABLE and retried through the engine",
        Set.of(Capability.SERVER_ERRORS),
        () -> {
          stub.fail(Fault.SERVER_ERROR, 1);
          assertThat(failure(collector()).kind()).isEqualTo(Kind.UNAVAILABLE);
          stub.reset();
          stub.serve(resource(), RANGE, STEP, Set.of());
          stub.fail(Fault.SERVER_ERROR, 2);
          AttemptLog attempts = new AttemptLog();
          CollectionReport report = collectThroughEngine(collector(), attempts);
          assertThat(report.outcomes())
              .singleElement()
              .extracting(o -> o.status())
              .isEqualTo(Status.COMPLETE);
          assertThat(attempts.failures(Kind.UNAVAILABLE)).isEqualTo(2);
          assertThat(attempts.retries.get()).isGreaterThanOrEqualTo(2);
        });
  }

  @Test
  void clientErrorsAreNotRetried() {
    check(
        "4xx is not retried",
        Set.of(Capability.CLIENT_ERRORS),
        () -> {
          stub.serve(resource(), RANGE, STEP, Set.of());
          stub.fail(Fault.CLIENT_ERROR, Integer.MAX_VALUE);
          AttemptLog attempts = new AttemptLog();
          CollectionReport report = collectThroughEngine(collector(), attempts);
          CollectionReport.Failure failure = report.outcomes().get(0).failure().orElseThrow();
          assertThat(failure.kind().retryable()).as("kind %s retryable", failure.kind()).isFalse();
          assertThat(attempts.failures(failure.kind()))
              .as("attempts that ended in %s", failure.kind())
              .isEqualTo(1);
        });
  }

  @Test
  void malformedBodiesBecomeMalformedResponse() {
    check(
        "malformed bodies become MALFORMED_RESPONSE",
        Set.of(Capability.MALFORMED_BODIES),
        () -> {
          stub.fail(Fault.MALFORMED_BODY, Integer.MAX_VALUE);
          assertThat(failure(collector()).kind()).isEqualTo(Kind.MALFORMED_RESPONSE);
        });
  }

  @Test
  void onlyReadOperationsAreCalled() {
    check(
        "only read operations are called",
        Set.of(Capability.HTTP),
        () -> {
          stub.serve(resource(), RANGE, STEP, Set.of());
          MetricsCollector collector = collector();
          for (Signal signal : collector.supportedSignals()) {
            read(collector, signal);
          }
          List<RecordedCall> calls = stub.calls();
          assertThat(calls).isNotEmpty();
          List<ReadOnlyRule> rules = readOnlyRules();
          assertThat(calls)
              .allSatisfy(
                  call ->
                      assertThat(rules.stream().anyMatch(rule -> rule.allows(call)))
                          .as("%s %s is on the read-only allow-list", call.method(), call.path())
                          .isTrue());
        });
  }

  @Test
  void unsupportedSignalsGiveEmptyListsRatherThanFailures() {
    check(
        "unsupported signals give empty lists",
        Set.of(),
        () -> {
          MetricsCollector collector = collector();
          // Not EnumSet.copyOf: it rejects an empty set that is not an EnumSet, and a collector
          // over a platform with no data may support no signal at all.
          Set<Signal> unsupported = EnumSet.allOf(Signal.class);
          unsupported.removeAll(collector.supportedSignals());
          for (Signal signal : unsupported) {
            assertThat(read(collector, signal)).as("%s", signal).isEmpty();
          }
        });
  }

  /** Runs {@code body} as the check {@code name} if every capability it needs was declared. */
  private void check(String name, Set<Capability> needs, ThrowingRunnable body) {
    Set<Capability> missing = EnumSet.noneOf(Capability.class);
    missing.addAll(needs);
    missing.removeAll(capabilities());
    if (!missing.isEmpty()) {
      ContractLedger.record(getClass(), name, "NOT APPLICABLE (not declared: " + missing + ")");
      return;
    }
    try {
      body.run();
    } catch (RuntimeException | Error e) {
      ContractLedger.record(getClass(), name, "FAILED");
      throw e;
    } catch (Exception e) {
      ContractLedger.record(getClass(), name, "FAILED");
      throw new AssertionError(name + " failed", e);
    }
    ContractLedger.record(getClass(), name, "PASSED");
  }

  private MetricsCollectorProvider provider() {
    List<MetricsCollectorProvider> found = new ArrayList<>();
    ServiceLoader.load(MetricsCollectorProvider.class).forEach(found::add);
    return found.stream()
        .filter(providerClass()::isInstance)
        .findFirst()
        .orElseGet(
            () ->
                fail(
                    providerClass().getName()
                        + " is not registered in META-INF/services/"
                        + MetricsCollectorProvider.class.getName()));
  }

  private MetricsCollector collector() {
    MetricsCollector collector = provider().create(validConfig(stub));
    toClose.add(collector);
    return collector;
  }

  private CollectionReport collectThroughEngine(MetricsCollector collector, AttemptLog attempts) {
    try (CollectionEngine engine =
        CollectionEngine.builder()
            .collector(collector)
            .listener(attempts)
            .runDeadline(Duration.ofSeconds(20))
            .resilience(
                ResilienceConfig.builder()
                    .maxAttempts(5)
                    .jitter(0)
                    .backoff(Duration.ofMillis(10), 2, Duration.ofMillis(50))
                    .build())
            .build()) {
      return engine
          .collect(
              CollectionPlan.builder().add(platformId(), resource(), metricSignal()).build(),
              RANGE,
              STEP)
          .report();
    }
  }

  private MonitoringException failure(MetricsCollector collector) {
    MonitoringException e = catchThrowableOfType(MonitoringException.class, () -> read(collector));
    assertThat(e).as("MonitoringException from the collector").isNotNull();
    assertThat(e.platform()).isEqualTo(platformId());
    return e;
  }

  private List<?> read(MetricsCollector collector) {
    return read(collector, metricSignal());
  }

  private List<?> read(MetricsCollector collector, Signal signal) {
    ResourceRef r = resource();
    return switch (signal) {
      case APPLICATION -> collector.applicationMetrics(r, RANGE, STEP);
      case DATABASE -> collector.databaseMetrics(r, RANGE, STEP);
      case INFRASTRUCTURE -> collector.infrastructureMetrics(r, RANGE, STEP);
      case ERRORS -> collector.errors(r, RANGE);
      case TRACES -> collector.traces(r, RANGE);
      case CHANGES -> collector.changes(r, RANGE);
    };
  }

  private List<Instant> timestamps(List<?> items) {
    Function<Object, Instant> time =
        item -> {
          if (item instanceof io.topdeck.monitoring.api.ApplicationMetrics m) {
            return m.timestamp();
          } else if (item instanceof io.topdeck.monitoring.api.DatabaseMetrics m) {
            return m.timestamp();
          } else if (item instanceof io.topdeck.monitoring.api.InfrastructureMetrics m) {
            return m.timestamp();
          }
          throw new AssertionError("not a metric record: " + item);
        };
    return items.stream().map(time).toList();
  }

  /**
   * Fails unless a TRACE line logged under the name of each of {@code classes} is captured: the
   * platform's own loggers must be visible, not only the kit's, or a secret they log goes unseen.
   */
  private void requireLogCapture(Class<?>... classes) {
    for (Class<?> c : classes) {
      String canary = "contract-kit canary " + UUID.randomUUID();
      LoggerFactory.getLogger(c).trace(canary);
      if (!output.text().contains(canary)) {
        fail(
            "Log capture does not see TRACE output of logger "
                + c.getName()
                + ": the test classpath must bind slf4j-simple (brought by the kit) with the kit's"
                + " simplelogger.properties, which writes to System.err at trace for io.topdeck;"
                + " remove any other simplelogger.properties or SLF4J binding from the test"
                + " classpath");
      }
    }
  }

  private List<Fault> declaredFaults() {
    List<Fault> faults = new ArrayList<>();
    Set<Capability> declared = capabilities();
    if (declared.contains(Capability.TIMEOUTS)) {
      faults.add(Fault.SLOW);
    }
    if (declared.contains(Capability.THROTTLING)) {
      faults.add(Fault.THROTTLED);
    }
    if (declared.contains(Capability.SERVER_ERRORS)) {
      faults.add(Fault.SERVER_ERROR);
    }
    if (declared.contains(Capability.CLIENT_ERRORS)) {
      faults.add(Fault.CLIENT_ERROR);
    }
    if (declared.contains(Capability.MALFORMED_BODIES)) {
      faults.add(Fault.MALFORMED_BODY);
    }
    return faults;
  }

  private static String describe(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return e + "\n" + trace;
  }

  /** Counts the engine's attempts by outcome, for the retry checks. */
  private static final class AttemptLog implements EngineListener {
    private final Map<Kind, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final AtomicInteger retries = new AtomicInteger();

    @Override
    public void onFailure(String platform, String endpoint, Kind kind, Duration latency) {
      failures.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void onRetry(String platform, String endpoint, int nextAttempt, Duration delay) {
      retries.incrementAndGet();
    }

    int failures(Kind kind) {
      AtomicInteger count = failures.get(kind);
      return count == null ? 0 : count.get();
    }
  }

  /** A check body. */
  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
