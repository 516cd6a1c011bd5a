/**
 * Timeouts, retries with backoff, Retry-After, rate limits, circuit breakers and bulkheads for
 * platform calls, on resilience4j. See {@link
 * io.topdeck.monitoring.core.engine.resilience.ResilienceConfig} for the layering rule.
 */
package io.topdeck.monitoring.core.engine.resilience;
