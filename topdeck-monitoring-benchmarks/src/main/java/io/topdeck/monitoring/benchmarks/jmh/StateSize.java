package io.topdeck.monitoring.benchmarks.jmh;

import io.topdeck.monitoring.core.anomaly.Detectors;
import io.topdeck.monitoring.core.anomaly.SeriesAnomalyDetector;
import io.topdeck.monitoring.core.anomaly.StreamingDetector;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Measures the memory one detector keeps for its series, in bytes, two ways.
 *
 * <p>The estimate walks the detector's object graph by reflection and adds up the shallow sizes
 * that HotSpot uses on a 64-bit JVM with compressed references (the default below 32 GiB of heap):
 * a 12-byte object header, 16-byte array header, 4-byte references, fields packed and every object
 * padded to 8 bytes. It follows instance fields only, never static ones. The measurement creates
 * many detectors, feeds each a few thousand points so that every lazily filled structure is in use,
 * and divides the growth of the used heap after a full collection by their number. Run it with the
 * serial collector ({@code -XX:+UseSerialGC}, as {@code ./scripts/benchmark.sh state-size} does):
 * with G1 the used heap after a collection also holds the free ends of partly used regions, and the
 * figure moved by ±25 bytes per series from run to run.
 *
 * <p>Usage: {@code StateSize [detector...]}, where a detector is {@code default}, {@code weekly},
 * {@code sensitive} or {@code robust}, or {@code tracker}: a {@link SeriesAnomalyDetector} around
 * the default ensemble, which also keeps recent points and the open anomaly's values. The metric
 * and resource names it holds are shared literals here, so neither figure counts them.
 */
public final class StateSize {

  private static final int HEADER = 12;
  private static final int ARRAY_HEADER = 16;
  private static final int REFERENCE = 4;

  private StateSize() {}

  /** Prints the estimate and the measurement for each named detector. */
  public static void main(String[] args) {
    String[] names =
        args.length == 0
            ? new String[] {"default", "weekly", "sensitive", "robust", "tracker"}
            : args;
    for (String name : names) {
      Object sample = create(name);
      feed(sample, 1);
      long estimate = estimate(sample);
      double measured = measure(name, 20_000);
      System.out.printf(
          Locale.ROOT,
          "%-10s estimate %5d bytes/series, measured %7.1f bytes/series%n",
          name,
          estimate,
          measured);
    }
  }

  /** Returns the estimated retained size of the object graph from {@code root}, in bytes. */
  public static long estimate(Object root) {
    Map<Object, Boolean> seen = new IdentityHashMap<>();
    Deque<Object> pending = new ArrayDeque<>();
    pending.push(root);
    long total = 0;
    while (!pending.isEmpty()) {
      Object o = pending.pop();
      if (seen.put(o, Boolean.TRUE) != null) {
        continue;
      }
      Class<?> type = o.getClass();
      if (type.isArray()) {
        Class<?> component = type.getComponentType();
        int length = Array.getLength(o);
        total += align(ARRAY_HEADER + (long) length * sizeOf(component));
        if (!component.isPrimitive()) {
          for (int i = 0; i < length; i++) {
            Object element = Array.get(o, i);
            if (element != null) {
              pending.push(element);
            }
          }
        }
        continue;
      }
      long size = HEADER;
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (Modifier.isStatic(f.getModifiers())) {
            continue;
          }
          size += sizeOf(f.getType());
          if (!f.getType().isPrimitive()) {
            Object value = read(f, o);
            // Strings are the tracker's metric and resource names, literals shared by all.
            if (value != null && !(value instanceof Enum<?>) && !(value instanceof String)) {
              pending.push(value);
            }
          }
        }
      }
      total += align(size);
    }
    return total;
  }

  private static Object read(Field f, Object o) {
    try {
      f.setAccessible(true);
      return f.get(o);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("Cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  private static int sizeOf(Class<?> type) {
    if (type == long.class || type == double.class) {
      return 8;
    }
    if (type == int.class || type == float.class) {
      return 4;
    }
    if (type == short.class || type == char.class) {
      return 2;
    }
    if (type == byte.class || type == boolean.class) {
      return 1;
    }
    return REFERENCE;
  }

  private static long align(long size) {
    return (size + 7) & ~7L;
  }

  private static Object create(String name) {
    if (name.equals("tracker")) {
      return new SeriesAnomalyDetector("m", "", "r", Detectors.defaultEnsemble());
    }
    return DetectorThroughputBenchmark.factory(name).get();
  }

  private static double measure(String name, int count) {
    Object[] detectors = new Object[count];
    long before = usedAfterGc();
    for (int i = 0; i < count; i++) {
      detectors[i] = create(name);
      feed(detectors[i], i);
    }
    long after = usedAfterGc();
    double perSeries = (double) (after - before - ARRAY_HEADER - (long) count * REFERENCE) / count;
    if (detectors[count - 1] == null) {
      throw new IllegalStateException("Unreachable: keeps the detectors alive until measured");
    }
    return perSeries;
  }

  private static void feed(Object target, long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < 3000; i++) {
      double v = 50 + 30 * Math.sin(2 * Math.PI * i / 288) + random.nextGaussian() * 2;
      if (target instanceof SeriesAnomalyDetector tracker) {
        tracker.update(Instant.ofEpochMilli(i * 300_000L), v);
      } else {
        ((StreamingDetector) target).update(i * 300_000L, v);
      }
    }
  }

  private static long usedAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
