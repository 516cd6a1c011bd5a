/**
 * The platform contract kit: {@link io.topdeck.monitoring.testkit.MetricsCollectorContractTest} is
 * extended by every platform module's tests, with a {@link
 * io.topdeck.monitoring.testkit.PlatformStub} ({@link
 * io.topdeck.monitoring.testkit.WireMockPlatformStub} for HTTP platforms) and the {@link
 * io.topdeck.monitoring.testkit.Capability capabilities} it has.
 */
package io.topdeck.monitoring.testkit;
