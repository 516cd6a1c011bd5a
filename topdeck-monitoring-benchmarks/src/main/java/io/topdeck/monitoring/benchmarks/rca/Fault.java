package io.topdeck.monitoring.benchmarks.rca;

import java.util.Locale;

/** The kinds of fault the generator injects. */
public enum Fault {
  /** Nothing injected (level L0). */
  NONE("none"),
  /** A service deployment that throws errors and slows down. */
  BAD_DEPLOYMENT("service"),
  /** Transactions deadlock on a database (SQL Server error 1205 in callers). */
  DEADLOCK("sql_database"),
  /** A database's queries become slow (sometimes after a schema change); callers time out. */
  SLOW_QUERY("sql_database"),
  /** A service's connection pool runs dry (sometimes after its pool size was cut). */
  POOL_EXHAUSTION("service"),
  /** An external API answers HTTP 503; its callers fail. */
  EXTERNAL_OUTAGE("external_api"),
  /** A cache fails; the misses load the database behind it, which looks worst. */
  CACHE_FAILURE("cache"),
  /** A resource's CPU climbs steadily until it saturates. */
  SATURATION("service"),
  /** Traffic grows at every gateway at once: no component is at fault. */
  TRAFFIC_SURGE("none"),
  /** A batch job floods a shared database and slows the database's other callers. */
  NOISY_NEIGHBOUR("batch_job");

  private final String rootType;

  Fault(String rootType) {
    this.rootType = rootType;
  }

  /** Returns the type of resource this fault starts at, or {@code none}. */
  public String rootType() {
    return rootType;
  }

  /** Returns the name written in ground-truth files, for example {@code slow_query}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns the fault with {@code label}. */
  public static Fault ofLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
