/**
 * Credentials and what must never leak: reading secrets, refusing insecure endpoints, and masking
 * every message and stack trace the library logs or returns.
 */
package io.topdeck.monitoring.core.engine.security;
