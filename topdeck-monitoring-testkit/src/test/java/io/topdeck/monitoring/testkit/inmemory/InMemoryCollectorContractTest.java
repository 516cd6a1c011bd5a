package io.topdeck.monitoring.testkit.inmemory;

import io.topdeck.monitoring.api.MetricsCollectorProvider;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.core.inmemory.InMemoryPlatform;
import io.topdeck.monitoring.core.inmemory.internal.InMemoryCollectorProvider;
import io.topdeck.monitoring.testkit.Capability;
import io.topdeck.monitoring.testkit.MetricsCollectorContractTest;
import io.topdeck.monitoring.testkit.PlatformStub;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Holds core's in-memory collector to the platform contract. It lives in the kit's tests because
 * core cannot depend on the kit, which depends on core.
 *
 * <p>The in-memory platform does no I/O, holds no secret and cannot be made slow, throttled,
 * failing or malformed: its only declared capability is partial results (gaps in a series), and
 * every other check is recorded as not applicable.
 */
class InMemoryCollectorContractTest extends MetricsCollectorContractTest {

  @Override
  protected Class<? extends MetricsCollectorProvider> providerClass() {
    return InMemoryCollectorProvider.class;
  }

  @Override
  protected String platformId() {
    return InMemoryPlatform.ID;
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(Capability.PARTIAL_RESULTS);
  }

  @Override
  protected PlatformStub createStub() {
    return new InMemoryPlatformStub();
  }

  @Override
  protected PlatformConfig validConfig(PlatformStub stub) {
    return PlatformConfig.of(
        InMemoryPlatform.ID, Map.of("dataset", ((InMemoryPlatformStub) stub).dataset()));
  }

  @Override
  protected PlatformConfig invalidConfig() {
    return PlatformConfig.of(
        InMemoryPlatform.ID,
        Map.of("dataset", "contract-kit-never-registered", "seed", "soon", "colour", "blue"));
  }

  @Override
  protected int invalidConfigProblems() {
    return 3;
  }

  @Override
  protected ResourceRef resource() {
    return ResourceRef.of("checkout", "web_app");
  }
}
