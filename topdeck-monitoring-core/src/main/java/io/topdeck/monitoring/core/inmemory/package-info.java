/**
 * A scripted, deterministic monitoring platform (platform id {@code inmemory}) for tests and demos:
 * {@link io.topdeck.monitoring.core.inmemory.InMemoryPlatform} holds per-resource {@link
 * io.topdeck.monitoring.core.inmemory.Series} and events, read by an {@link
 * io.topdeck.monitoring.core.inmemory.InMemoryCollector}.
 */
package io.topdeck.monitoring.core.inmemory;
