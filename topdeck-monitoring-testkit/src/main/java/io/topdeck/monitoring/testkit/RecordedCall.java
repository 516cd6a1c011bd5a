package io.topdeck.monitoring.testkit;

import java.util.Objects;

/**
 * A call a {@link PlatformStub} received.
 *
 * @param method the HTTP method, or the operation name for a platform without HTTP
 * @param path the path and query, or the resource for a platform without HTTP
 * @param body the request body; empty when there is none
 */
public record RecordedCall(String method, String path, String body) {

  public RecordedCall {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(body, "body");
  }
}
