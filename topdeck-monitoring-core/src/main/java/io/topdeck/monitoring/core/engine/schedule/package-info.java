/** Periodic collection in aligned, half-open, non-overlapping windows. */
package io.topdeck.monitoring.core.engine.schedule;
