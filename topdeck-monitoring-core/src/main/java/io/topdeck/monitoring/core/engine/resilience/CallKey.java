package io.topdeck.monitoring.core.engine.resilience;

import java.util.Objects;

/**
 * Identifies the target of a platform call for rate limiting and circuit breaking.
 *
 * @param platform the platform id
 * @param account the account, subscription or project the call is billed to; empty when the
 *     platform has one
 * @param endpoint the operation called, for example {@code application} or {@code GetMetricData}
 */
public record CallKey(String platform, String account, String endpoint) {

  public CallKey {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(endpoint, "endpoint");
  }
}
