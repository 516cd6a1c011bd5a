/**
 * Reading credentials from the environment, from files and from credential chains. Masking and the
 * endpoint policy live in the API module ({@link io.topdeck.monitoring.api.Masker}, {@link
 * io.topdeck.monitoring.api.EndpointPolicy}), so that platform modules use them too.
 */
package io.topdeck.monitoring.core.engine.security;
