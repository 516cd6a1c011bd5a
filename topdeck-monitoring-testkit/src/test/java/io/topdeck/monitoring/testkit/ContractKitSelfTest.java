package io.topdeck.monitoring.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MetricsCollectorProvider;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.TimeRange;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.slf4j.LoggerFactory;

/** Runs contract subclasses inside the test to prove that the kit fails what it must. */
class ContractKitSelfTest {

  private static Events run(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(testClass))
        .execute()
        .testEvents();
  }

  @Test
  void aCollectorThatLogsItsTokenFailsOnlyTheSecretCheck() {
    Events events = run(LeakyContract.class);

    events
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("secretsNeverAppearInLogsToStringOrExceptionMessages"),
                finishedWithFailure(message(m -> m.contains("must not hold a secret")))));
    assertThat(events.failed().count()).isEqualTo(1);
    assertThat(ContractLedger.summary(LeakyContract.class))
        .anyMatch(line -> line.contains("secrets never appear") && line.endsWith("FAILED"));
  }

  @Test
  void aPlatformWithoutHttpRecordsTheHttpChecksAsNotApplicable() {
    Events events = run(FakeMemoryContractTest.class);

    assertThat(events.failed().count()).isZero();
    List<String> summary = ContractLedger.summary(FakeMemoryContractTest.class);
    assertThat(summary)
        .anyMatch(
            l ->
                l.contains("only read operations")
                    && l.contains("NOT APPLICABLE")
                    && l.contains("HTTP"))
        .anyMatch(l -> l.contains("slow platform") && l.contains("NOT APPLICABLE"))
        .anyMatch(l -> l.contains("5xx") && l.endsWith("PASSED"))
        .anyMatch(l -> l.contains("missing steps") && l.endsWith("PASSED"));
  }

  /** The fake HTTP platform, with a collector that logs its token. */
  static class LeakyContract extends FakeHttpContractTest {

    @Override
    protected Class<? extends MetricsCollectorProvider> providerClass() {
      return LeakyProvider.class;
    }
  }

  /** Wraps the fake HTTP provider and logs the token once per collector. */
  public static final class LeakyProvider implements MetricsCollectorProvider {
    @Override
    public String id() {
      return "fakehttp";
    }

    @Override
    public MetricsCollector create(PlatformConfig config) {
      MetricsCollector real = new FakeHttpProvider().create(config);
      LoggerFactory.getLogger(LeakyProvider.class)
          .debug("Created with token {}", config.secrets().get("token").reveal());
      return new MetricsCollector() {
        @Override
        public String platform() {
          return real.platform();
        }

        @Override
        public Set<io.topdeck.monitoring.api.Signal> supportedSignals() {
          return real.supportedSignals();
        }

        @Override
        public List<io.topdeck.monitoring.api.ApplicationMetrics> applicationMetrics(
            ResourceRef resource, TimeRange range, Duration step) {
          return real.applicationMetrics(resource, range, step);
        }
      };
    }
  }
}
