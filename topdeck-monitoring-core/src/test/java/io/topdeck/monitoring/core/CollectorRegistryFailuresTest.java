package io.topdeck.monitoring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MetricsCollectorProvider;
import io.topdeck.monitoring.api.MonitoringException;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.Secret;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A misbehaving provider surfaces as a ConfigurationException that names it. */
class CollectorRegistryFailuresTest {

  private static final PlatformConfig CONFIG =
      new PlatformConfig("odd", Map.of(), Map.of("token", Secret.of("s3cr3t-777")));

  @Test
  void providerWhoseIdThrowsIsAConfigurationErrorNamingItsClass() {
    MetricsCollectorProvider broken = new IdThrows();

    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class, () -> CollectorRegistry.of(List.of(broken)));

    assertThat(e)
        .hasMessage(
            "Provider "
                + IdThrows.class.getName()
                + " failed to declare its platform id: java.lang.IllegalStateException: boom")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void providerReturningNoCollectorIsAConfigurationError() {
    CollectorRegistry registry = CollectorRegistry.of(List.of(new Creating(c -> null)));

    assertThatThrownBy(() -> registry.create(CONFIG))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Provider " + Creating.class.getName() + " returned no collector for platform 'odd'");
  }

  @Test
  void providerThrowingAnUnexpectedExceptionIsWrappedWithoutItsMessage() {
    CollectorRegistry registry =
        CollectorRegistry.of(
            List.of(
                new Creating(
                    c -> {
                      throw new IllegalStateException("token=" + c.secrets().get("token").reveal());
                    })));

    ConfigurationException e =
        catchThrowableOfType(ConfigurationException.class, () -> registry.create(CONFIG));

    assertThat(e)
        .hasMessage(
            "Provider "
                + Creating.class.getName()
                + " failed to create the collector of platform 'odd':"
                + " java.lang.IllegalStateException")
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("s3cr3t-777");
  }

  @Test
  void configurationAndMonitoringExceptionsOfTheProviderPassUnchanged() {
    ConfigurationException rejected = new ConfigurationException("url is required");
    MonitoringException down =
        new MonitoringException(MonitoringException.Kind.UNAVAILABLE, "odd", "down");

    assertThatThrownBy(
            () ->
                CollectorRegistry.of(
                        List.of(
                            new Creating(
                                c -> {
                                  throw rejected;
                                })))
                    .create(CONFIG))
        .isSameAs(rejected);
    assertThatThrownBy(
            () ->
                CollectorRegistry.of(
                        List.of(
                            new Creating(
                                c -> {
                                  throw down;
                                })))
                    .create(CONFIG))
        .isSameAs(down);
  }

  private static final class IdThrows implements MetricsCollectorProvider {
    @Override
    public String id() {
      throw new IllegalStateException("boom");
    }

    @Override
    public MetricsCollector create(PlatformConfig config) {
      throw new AssertionError("never called");
    }
  }

  private static final class Creating implements MetricsCollectorProvider {
    private final Function<PlatformConfig, MetricsCollector> factory;

    Creating(Function<PlatformConfig, MetricsCollector> factory) {
      this.factory = factory;
    }

    @Override
    public String id() {
      return "odd";
    }

    @Override
    public MetricsCollector create(PlatformConfig config) {
      return factory.apply(config);
    }
  }
}
