package io.topdeck.monitoring.benchmarks.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A corpus in NAB's layout: {@code data/<category>/<name>.csv}, {@code
 * labels/combined_windows.json} and {@code config/profiles.json}.
 *
 * <p>Rows keep file order: NAB scores by row index, and some files repeat a timestamp or step back
 * in time. Timestamps carry no zone and are read as UTC.
 */
public final class NabDataset {

  /** Where the corpus lives relative to the repository root when no directory is given. */
  public static final String DEFAULT_RELATIVE_PATH = "../shared/datasets/nab";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final List<NabDataFile> files;
  private final Map<String, NabProfile> profiles;

  private NabDataset(Path root, List<NabDataFile> files, Map<String, NabProfile> profiles) {
    this.root = root;
    this.files = List.copyOf(files);
    this.profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
  }

  /**
   * Returns the default corpus directory: {@value #DEFAULT_RELATIVE_PATH} resolved against the
   * repository root, the nearest ancestor of the working directory holding {@code .git}.
   */
  public static Path defaultRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(".git"))) {
        return p.resolve(DEFAULT_RELATIVE_PATH).normalize();
      }
    }
    return dir.resolve(DEFAULT_RELATIVE_PATH).normalize();
  }

  /**
   * Returns the corpus read from a directory in NAB's layout.
   *
   * @throws IllegalArgumentException when the directory or one of its parts is missing or
   *     malformed; the message names the path
   */
  public static NabDataset load(Path root) {
    Path dataDir = root.resolve("data");
    if (!Files.isDirectory(dataDir)) {
      throw new IllegalArgumentException(
          "NAB corpus not found: " + dataDir.toAbsolutePath() + " is not a directory");
    }
    Map<String, NabProfile> profiles = readProfiles(root.resolve("config/profiles.json"));
    Map<String, List<String[]>> windowTexts =
        readWindows(root.resolve("labels/combined_windows.json"));
    List<NabDataFile> files = new ArrayList<>();
    for (Path category : sortedChildren(dataDir, true)) {
      for (Path csv : sortedChildren(category, false)) {
        if (csv.getFileName().toString().endsWith(".csv")) {
          files.add(readFile(category.getFileName().toString(), csv, windowTexts));
        }
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("NAB corpus has no data files under " + dataDir);
    }
    return new NabDataset(root, files, profiles);
  }

  /** Returns the corpus directory. */
  public Path root() {
    return root;
  }

  /** Returns the data files, ordered by category and name. */
  public List<NabDataFile> files() {
    return files;
  }

  /** Returns the scoring profiles by name, in the order of {@code profiles.json}. */
  public Map<String, NabProfile> profiles() {
    return profiles;
  }

  /** Returns the number of anomaly windows over all files. */
  public int windowCount() {
    return files.stream().mapToInt(f -> f.windows().size()).sum();
  }

  /** Returns the category names, in file order. */
  public List<String> categories() {
    return files.stream().map(NabDataFile::category).distinct().toList();
  }

  /** Returns the UTC epoch milliseconds of a NAB timestamp text. */
  public static long parseTimestamp(String text) {
    String t = text.trim();
    if (t.length() == 19 && t.charAt(4) == '-' && t.charAt(10) == ' ' && t.charAt(13) == ':') {
      // The common form, parsed by hand: the formatter dominates load time over 365k rows.
      int year = digits(t, 0, 4);
      int month = digits(t, 5, 7);
      int day = digits(t, 8, 10);
      int hour = digits(t, 11, 13);
      int minute = digits(t, 14, 16);
      int second = digits(t, 17, 19);
      if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0) {
        try {
          return LocalDateTime.of(year, month, day, hour, minute, second)
                  .toEpochSecond(ZoneOffset.UTC)
              * 1000L;
        } catch (DateTimeException e) {
          throw new IllegalArgumentException("Malformed NAB timestamp '" + text + "'", e);
        }
      }
    }
    try {
      return LocalDateTime.parse(t, TIMESTAMP).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Malformed NAB timestamp '" + text + "'", e);
    }
  }

  private static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static NabDataFile readFile(
      String category, Path csv, Map<String, List<String[]>> windowTexts) {
    String fileName = csv.getFileName().toString();
    String name = fileName.substring(0, fileName.length() - ".csv".length());
    String key = category + "/" + fileName;
    List<String[]> texts = windowTexts.get(key);
    if (texts == null) {
      throw new IllegalArgumentException("No entry for " + key + " in combined_windows.json");
    }
    List<String> timestamps = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null || !header.trim().equals("timestamp,value")) {
        throw new IllegalArgumentException(csv + ": expected header 'timestamp,value'");
      }
      String line;
      int lineNo = 1;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        int comma = line.indexOf(',');
        if (comma < 0) {
          throw new IllegalArgumentException(csv + " line " + lineNo + ": expected two columns");
        }
        timestamps.add(line.substring(0, comma).trim());
        values.add(parseValue(csv, lineNo, line.substring(comma + 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + csv, e);
    }
    long[] millis = new long[timestamps.size()];
    double[] vals = new double[values.size()];
    Map<Long, Integer> firstRow = new HashMap<>();
    for (int i = 0; i < millis.length; i++) {
      millis[i] = parseTimestamp(timestamps.get(i));
      vals[i] = values.get(i);
      firstRow.putIfAbsent(millis[i], i);
    }
    List<NabWindow> windows = new ArrayList<>();
    for (String[] w : texts) {
      windows.add(new NabWindow(row(firstRow, key, w[0]), row(firstRow, key, w[1])));
    }
    return new NabDataFile(category, name, timestamps, millis, vals, windows);
  }

  private static double parseValue(Path csv, int lineNo, String text) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(csv + " line " + lineNo + ": bad value '" + text + "'");
    }
  }

  // NAB finds a window boundary with list.index(), i.e. the first row holding that timestamp.
  private static int row(Map<Long, Integer> firstRow, String key, String text) {
    Integer row = firstRow.get(parseTimestamp(text));
    if (row == null) {
      throw new IllegalArgumentException(key + ": window boundary " + text + " is not a row");
    }
    return row;
  }

  private static Map<String, NabProfile> readProfiles(Path path) {
    JsonNode root = readJson(path);
    Map<String, NabProfile> profiles = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      JsonNode cost = e.getValue().path("CostMatrix");
      profiles.put(
          e.getKey(),
          new NabProfile(
              e.getKey(),
              weight(path, cost, "tpWeight"),
              weight(path, cost, "fpWeight"),
              weight(path, cost, "fnWeight")));
    }
    if (profiles.isEmpty()) {
      throw new IllegalArgumentException(path + " defines no profile");
    }
    return profiles;
  }

  private static double weight(Path path, JsonNode cost, String field) {
    JsonNode node = cost.get(field);
    if (node == null || !node.isNumber()) {
      throw new IllegalArgumentException(path + ": missing numeric CostMatrix." + field);
    }
    return node.doubleValue();
  }

  private static Map<String, List<String[]>> readWindows(Path path) {
    JsonNode root = readJson(path);
    Map<String, List<String[]>> windows = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      List<String[]> list = new ArrayList<>();
      for (JsonNode pair : e.getValue()) {
        if (pair.size() != 2) {
          throw new IllegalArgumentException(path + ": window of " + e.getKey() + " is no pair");
        }
        list.add(new String[] {pair.get(0).asText(), pair.get(1).asText()});
      }
      windows.put(e.getKey(), list);
    }
    return windows;
  }

  static JsonNode readJson(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("NAB file not found: " + path.toAbsolutePath());
    }
    try {
      return JSON.readTree(path.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot parse " + path + ": " + e.getMessage(), e);
    }
  }

  private static List<Path> sortedChildren(Path dir, boolean directories) {
    try (Stream<Path> children = Files.list(dir)) {
      return children.filter(p -> Files.isDirectory(p) == directories).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }
}
