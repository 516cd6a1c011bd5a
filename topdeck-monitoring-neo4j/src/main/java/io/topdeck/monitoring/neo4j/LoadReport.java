package io.topdeck.monitoring.neo4j;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The data a load skipped or corrected, gathered so that one load logs one warning instead of one
 * line per bad node.
 */
final class LoadReport {

  private static final int EXAMPLES = 5;

  private final List<String> examples = new ArrayList<>();
  private int count;

  /** Records one skipped or corrected item. */
  void note(String what) {
    count++;
    if (examples.size() < EXAMPLES) {
      examples.add(what);
    }
  }

  /** Returns how many items were noted. */
  int count() {
    return count;
  }

  /** Returns the first few items noted. */
  List<String> examples() {
    return List.copyOf(examples);
  }

  /** Logs one warning when anything was noted. */
  void log(Logger logger, String load) {
    if (count > 0) {
      logger.warn(
          "{} skipped or corrected {} item(s) of the Neo4j graph; first ones: {}",
          load,
          count,
          examples);
    }
  }
}
