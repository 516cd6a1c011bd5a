package io.topdeck.monitoring.core.inmemory;

import java.nio.charset.StandardCharsets;

/**
 * Random draws for one point, derived by hashing (seed, resource, metric, timestamp). Unlike a
 * shared {@link java.util.Random} stream, a point's draws do not depend on which other points were
 * computed before it, so any split of a range yields the same values.
 */
final class PointRandom {

  private final long key;

  private PointRandom(long key) {
    this.key = key;
  }

  static PointRandom of(long seed, String resourceId, String metric, long epochMillis) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    h = mix(h ^ hash(resourceId));
    h = mix(h ^ hash(metric));
    return new PointRandom(mix(h ^ epochMillis));
  }

  /** Returns the uniform draw number {@code index}, in [0, 1). */
  double uniform(int index) {
    long bits = mix(key + 0x632BE59BD9B4E019L * (index + 1));
    return (bits >>> 11) * 0x1.0p-53;
  }

  /** Returns a standard normal draw (Box-Muller over two uniforms starting at {@code index}). */
  double gaussian(int index) {
    double u1 = Math.max(uniform(index), 0x1.0p-53);
    double u2 = uniform(index + 1);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  // FNV-1a over UTF-8 bytes: stable across JVMs, unlike String.hashCode's narrower range.
  private static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  // The SplitMix64 finalizer: spreads every input bit over the output.
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
