package io.topdeck.monitoring.prometheus;

import java.util.Locale;

/**
 * The HTTP server metric names an application exposes, which decide the default application PromQL
 * templates.
 *
 * @since 0.1.0
 */
public enum HttpConvention {
  /**
   * Detects the convention per resource with one instant query over the requested range, and
   * prefers {@link #MICROMETER} when both exist.
   */
  AUTO,
  /** Micrometer's {@code http_server_requests_seconds_{bucket,count,sum}}, status label status. */
  MICROMETER,
  /** {@code http_request_duration_seconds_{bucket,count,sum}}, status label code or status. */
  HTTP_REQUEST_DURATION;

  /** Returns the value used for this convention in configuration, for example {@code auto}. */
  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
