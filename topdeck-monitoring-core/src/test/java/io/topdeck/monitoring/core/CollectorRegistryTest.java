package io.topdeck.monitoring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.MetricsCollector;
import io.topdeck.monitoring.api.MetricsCollectorProvider;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.Signal;
import io.topdeck.monitoring.core.inmemory.InMemoryPlatform;
import io.topdeck.monitoring.core.inmemory.internal.InMemoryCollectorProvider;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CollectorRegistryTest {

  @Test
  void serviceLoaderFindsTheInMemoryProvider() {
    CollectorRegistry registry = CollectorRegistry.load();

    assertThat(registry.ids()).containsExactly("inmemory");
    assertThat(registry.provider("inmemory")).get().isInstanceOf(InMemoryCollectorProvider.class);
  }

  @Test
  void loadWithAnExplicitClassLoaderFindsTheSameProviders() {
    CollectorRegistry registry = CollectorRegistry.load(getClass().getClassLoader());

    assertThat(registry.ids()).containsExactly("inmemory");
  }

  @Test
  void unknownPlatformFailsWithTheArtifactToAdd() {
    CollectorRegistry registry = CollectorRegistry.load();

    assertThatThrownBy(() -> registry.create(PlatformConfig.of("datadog", Map.of())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Unknown monitoring platform 'datadog'. Known platforms: inmemory. Add the artifact"
                + " io.topdeck:topdeck-monitoring-datadog to the classpath, or use one of the known"
                + " platform ids.");
  }

  @Test
  void knownPlatformsAreListedSortedAndCommaSeparated() {
    CollectorRegistry registry =
        CollectorRegistry.of(List.of(new Fake("zeta"), new Fake("alpha"), new Fake("mid")));

    assertThat(registry.ids()).containsExactly("alpha", "mid", "zeta");
    assertThatThrownBy(() -> registry.create(PlatformConfig.of("aws", Map.of())))
        .hasMessageContaining("Known platforms: alpha, mid, zeta.");
  }

  @Test
  void twoProvidersWithOneIdAreRejectedNamingBothClasses() {
    assertThatThrownBy(() -> CollectorRegistry.of(List.of(new Fake("prom"), new OtherFake("prom"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'prom'")
        .hasMessageContaining(Fake.class.getName())
        .hasMessageContaining(OtherFake.class.getName());
  }

  @Test
  void providerIdsMustBeLowercase() {
    assertThatThrownBy(() -> CollectorRegistry.of(List.of(new Fake("Prom"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("lowercase");
  }

  @Test
  void createDelegatesToTheProviderOfTheConfiguredPlatform() {
    CollectorRegistry registry = CollectorRegistry.of(List.of(new Fake("alpha")));

    MetricsCollector collector = registry.create(PlatformConfig.of("alpha", Map.of()));

    assertThat(collector.platform()).isEqualTo("alpha");
    assertThat(registry.provider("beta")).isEmpty();
  }

  @Test
  void createsAnInMemoryCollectorForARegisteredDataset() {
    InMemoryPlatform platform = InMemoryPlatform.builder().seed(7).build();
    try (InMemoryPlatform.Registration r = platform.register("registry-test")) {
      MetricsCollector collector =
          CollectorRegistry.load()
              .create(PlatformConfig.of("inmemory", Map.of("dataset", r.name())));

      assertThat(collector.platform()).isEqualTo("inmemory");
    }
  }

  private static class Fake implements MetricsCollectorProvider {
    private final String id;

    Fake(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public MetricsCollector create(PlatformConfig config) {
      return new MetricsCollector() {
        @Override
        public String platform() {
          return id;
        }

        @Override
        public Set<Signal> supportedSignals() {
          return Set.of();
        }
      };
    }
  }

  private static final class OtherFake extends Fake {
    OtherFake(String id) {
      super(id);
    }
  }
}
