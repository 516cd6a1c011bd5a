package io.topdeck.monitoring.testkit;

import io.topdeck.monitoring.api.MetricsCollectorProvider;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.ResourceRef;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Proves the kit on a platform without HTTP: the HTTP, secret, timeout and malformed-body checks
 * are declared not applicable, and the summary says so.
 */
class FakeMemoryContractTest extends MetricsCollectorContractTest {

  @Override
  protected Class<? extends MetricsCollectorProvider> providerClass() {
    return FakeMemoryPlatform.Provider.class;
  }

  @Override
  protected String platformId() {
    return "fakememory";
  }

  @Override
  protected Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.THROTTLING,
        Capability.SERVER_ERRORS,
        Capability.CLIENT_ERRORS,
        Capability.PARTIAL_RESULTS);
  }

  @Override
  protected PlatformStub createStub() {
    return new FakeMemoryPlatform.Stub();
  }

  @Override
  protected PlatformConfig validConfig(PlatformStub stub) {
    return PlatformConfig.of("fakememory", Map.of("name", ((FakeMemoryPlatform.Stub) stub).name));
  }

  @Override
  protected PlatformConfig invalidConfig() {
    return PlatformConfig.of("fakememory", Map.of("name", "nothing-runs-here", "colour", "blue"));
  }

  @Override
  protected int invalidConfigProblems() {
    return 2;
  }

  @Override
  protected ResourceRef resource() {
    return ResourceRef.of("orders-db", "sql_database");
  }
}
