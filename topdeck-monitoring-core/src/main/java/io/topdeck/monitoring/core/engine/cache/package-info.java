/** A Caffeine cache of query answers whose lifetime follows the window queried. */
package io.topdeck.monitoring.core.engine.cache;
