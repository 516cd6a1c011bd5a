package io.topdeck.monitoring.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Records, per contract test class, which checks passed, failed or were not applicable. */
final class ContractLedger {

  private static final Map<String, Map<String, String>> RESULTS = new ConcurrentHashMap<>();

  private ContractLedger() {}

  static void record(Class<?> testClass, String check, String result) {
    RESULTS
        .computeIfAbsent(
            testClass.getName(), c -> java.util.Collections.synchronizedMap(new TreeMap<>()))
        .put(check, result);
  }

  /** Returns the lines of the summary of {@code testClass}. */
  static List<String> summary(Class<?> testClass) {
    List<String> lines = new ArrayList<>();
    lines.add("Contract checks of " + testClass.getName() + ":");
    Map<String, String> results = RESULTS.getOrDefault(testClass.getName(), Map.of());
    synchronized (results) {
      results.forEach((check, result) -> lines.add(String.format("  %-58s %s", check, result)));
    }
    return lines;
  }

  /** Prints the summary and writes it to {@code target/contract-kit/<class>.txt}. */
  static void publish(Class<?> testClass) {
    List<String> lines = summary(testClass);
    lines.forEach(System.out::println);
    Path dir = Path.of("target", "contract-kit");
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(testClass.getName() + ".txt"), lines);
    } catch (IOException e) {
      System.out.println("Could not write the contract summary: " + e.getMessage());
    }
  }
}
