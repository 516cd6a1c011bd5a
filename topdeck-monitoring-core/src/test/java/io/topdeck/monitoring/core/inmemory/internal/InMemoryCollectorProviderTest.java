package io.topdeck.monitoring.core.inmemory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.Secret;
import io.topdeck.monitoring.core.inmemory.InMemoryCollector;
import io.topdeck.monitoring.core.inmemory.InMemoryPlatform;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryCollectorProviderTest {

  private final InMemoryCollectorProvider provider = new InMemoryCollectorProvider();

  @Test
  void createsACollectorOverTheRegisteredDatasetWithTheConfiguredSeed() {
    try (InMemoryPlatform.Registration r =
        InMemoryPlatform.builder().seed(3).build().register("provider-seed")) {
      MetricsCollector c =
          provider.create(PlatformConfig.of("inmemory", Map.of("dataset", r.name(), "seed", "99")));

      assertThat(c).isInstanceOf(InMemoryCollector.class);
      assertThat(((InMemoryCollector) c).seed()).isEqualTo(99L);
    }
    assertThat(InMemoryPlatform.registered("provider-seed")).isEmpty();
  }

  @Test
  void withoutASeedUsesThePlatformsOwn() {
    try (InMemoryPlatform.Registration r =
        InMemoryPlatform.builder().seed(3).build().register("provider-own-seed")) {
      InMemoryCollector c =
          (InMemoryCollector)
              provider.create(PlatformConfig.of("inmemory", Map.of("dataset", r.name())));

      assertThat(c.seed()).isEqualTo(3L);
    }
  }

  @Test
  void reportsEveryConfigProblemAtOnce() {
    PlatformConfig config =
        new PlatformConfig(
            "inmemory",
            Map.of("dataset", "nope", "seed", "abc", "url", "http://x"),
            Map.of("token", Secret.of("s3cr3t-value")));

    assertThatThrownBy(() -> provider.create(config))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((ConfigurationException) e).problems())
                    .containsExactly(
                        "unknown property 'url' (known: dataset, seed)",
                        "unknown secret 'token' (the in-memory platform takes no secrets)",
                        "dataset 'nope' is not registered (registered: none)",
                        "seed must be a whole number, but was 'abc'"))
        .hasMessageNotContaining("s3cr3t-value");
  }

  @Test
  void aMissingDatasetIsReported() {
    assertThatThrownBy(() -> provider.create(PlatformConfig.of("inmemory", Map.of())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("dataset is required: the name an InMemoryPlatform was registered under");
  }

  @Test
  void registeringTwoPlatformsUnderOneNameFails() {
    InMemoryPlatform first = InMemoryPlatform.builder().build();
    try (InMemoryPlatform.Registration r = first.register("provider-dup")) {
      assertThatThrownBy(() -> InMemoryPlatform.builder().build().register(r.name()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already registered as 'provider-dup'");
      assertThat(InMemoryPlatform.unregister(r.name())).isTrue();
      assertThat(InMemoryPlatform.registered(r.name())).isEmpty();
    }
  }
}
