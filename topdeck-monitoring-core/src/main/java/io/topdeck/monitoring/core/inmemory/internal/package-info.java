/** Internal implementation of the in-memory platform; not public API, may change at any time. */
package io.topdeck.monitoring.core.inmemory.internal;
