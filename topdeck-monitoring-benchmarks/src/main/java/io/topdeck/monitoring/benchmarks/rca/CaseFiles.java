package io.topdeck.monitoring.benchmarks.rca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.ResourceRef;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes and reads a case as a directory of four files: {@code topology.json}, {@code metrics.csv},
 * {@code events.json} and {@code truth.json}. The format is described in the package documentation.
 */
public final class CaseFiles {

  /** The topology file's name. */
  public static final String TOPOLOGY = "topology.json";

  /** The metrics file's name. */
  public static final String METRICS = "metrics.csv";

  /** The events file's name. */
  public static final String EVENTS = "events.json";

  /** The ground-truth file's name. */
  public static final String TRUTH = "truth.json";

  static final String METRICS_HEADER = "timestamp,resource,metric,value";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CaseFiles() {}

  /** Writes {@code c} into {@code dir}/{@code c.id()} and returns that directory. */
  public static Path write(RcaCase c, Path dir) {
    Path caseDir = dir.resolve(c.id());
    try {
      Files.createDirectories(caseDir);
      JSON.writeValue(caseDir.resolve(TOPOLOGY).toFile(), topologyJson(c.topology()));
      writeMetrics(c.metrics(), caseDir.resolve(METRICS));
      ObjectNode events = JSON.createObjectNode();
      ArrayNode changes = events.putArray("changes");
      c.changes().forEach(ch -> changes.add(changeJson(ch)));
      ArrayNode errors = events.putArray("errors");
      c.errors().forEach(e -> errors.add(errorJson(e)));
      JSON.writeValue(caseDir.resolve(EVENTS).toFile(), events);
      JSON.writeValue(caseDir.resolve(TRUTH).toFile(), truthJson(c.id(), c.truth()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write case " + c.id() + " to " + caseDir, e);
    }
    return caseDir;
  }

  /**
   * Reads the case in {@code caseDir}; its id is the directory's name.
   *
   * @throws IllegalArgumentException naming the file and the problem when a file is malformed
   * @throws UncheckedIOException when a file cannot be read
   */
  public static RcaCase read(Path caseDir) {
    String id = caseDir.getFileName().toString();
    CaseTopology topology = readTopology(caseDir.resolve(TOPOLOGY));
    MetricFrame metrics = readMetrics(caseDir.resolve(METRICS));
    JsonNode events = readJson(caseDir.resolve(EVENTS));
    List<ChangeEvent> changes = new ArrayList<>();
    for (JsonNode n : events.path("changes")) {
      changes.add(change(n, caseDir.resolve(EVENTS)));
    }
    List<ErrorEvent> errors = new ArrayList<>();
    for (JsonNode n : events.path("errors")) {
      errors.add(error(n, caseDir.resolve(EVENTS)));
    }
    GroundTruth truth = truth(readJson(caseDir.resolve(TRUTH)), caseDir.resolve(TRUTH));
    return new RcaCase(id, topology, metrics, changes, errors, truth);
  }

  // ---- topology ----

  static ObjectNode topologyJson(CaseTopology t) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode resources = root.putArray("resources");
    for (ResourceRef r : t.resources()) {
      ObjectNode n = resources.addObject();
      n.put("id", r.id()).put("type", r.type()).put("name", r.name());
      ObjectNode tags = n.putObject("tags");
      new TreeMap<>(r.attributes()).forEach(tags::put);
    }
    ArrayNode edges = root.putArray("edges");
    for (Dependency d : t.edges()) {
      edges
          .addObject()
          .put("from", d.fromId())
          .put("to", d.toId())
          .put("type", d.type().name())
          .put("category", d.category())
          .put("strength", d.strength());
    }
    return root;
  }

  /** Reads a topology file of this format. */
  public static CaseTopology readTopology(Path file) {
    JsonNode root = readJson(file);
    List<ResourceRef> resources = new ArrayList<>();
    List<Dependency> edges = new ArrayList<>();
    try {
      for (JsonNode n : required(root, "resources", file)) {
        String id = text(n, "id", file);
        resources.add(
            new ResourceRef(
                id,
                n.path("type").asText("service"),
                n.path("name").asText(id),
                stringMap(n.path("tags"))));
      }
      for (JsonNode n : root.path("edges")) {
        edges.add(
            new Dependency(
                text(n, "from", file),
                text(n, "to", file),
                Dependency.Type.valueOf(n.path("type").asText("DEPENDS_ON")),
                n.path("category").asText("http"),
                n.path("strength").asDouble(1.0)));
      }
      return new CaseTopology(resources, edges);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  // ---- metrics ----

  static void writeMetrics(MetricFrame frame, Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(METRICS_HEADER);
      w.write('\n');
      long[] times = frame.times();
      StringBuilder line = new StringBuilder(64);
      for (int i = 0; i < times.length; i++) {
        for (Map.Entry<SeriesKey, double[]> e : frame.series().entrySet()) {
          double v = e.getValue()[i];
          if (Double.isNaN(v)) {
            continue;
          }
          line.setLength(0);
          line.append(times[i]).append(',').append(e.getKey().resource()).append(',');
          line.append(e.getKey().metric()).append(',').append(v).append('\n');
          w.append(line);
        }
      }
    }
  }

  /**
   * Reads a metrics file: the grid is every timestamp present, and a series has {@code NaN} where
   * it has no row.
   */
  public static MetricFrame readMetrics(Path file) {
    Map<SeriesKey, Map<Long, Double>> points = new LinkedHashMap<>();
    TreeSet<Long> grid = new TreeSet<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null || !header.trim().equals(METRICS_HEADER)) {
        throw new IllegalArgumentException(
            file + ": the first line must be '" + METRICS_HEADER + "', was '" + header + "'");
      }
      String line;
      int lineNo = 1;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length != 4) {
          throw new IllegalArgumentException(
              file + " line " + lineNo + ": expected 4 fields, found " + f.length);
        }
        long t;
        double v;
        try {
          t = Long.parseLong(f[0].trim());
          v = f[3].isBlank() ? Double.NaN : Double.parseDouble(f[3].trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              file + " line " + lineNo + ": bad number in '" + line + "'", e);
        }
        grid.add(t);
        points.computeIfAbsent(new SeriesKey(f[1], f[2]), k -> new LinkedHashMap<>()).put(t, v);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    long[] times = grid.stream().mapToLong(Long::longValue).toArray();
    Map<SeriesKey, double[]> series = new LinkedHashMap<>();
    for (Map.Entry<SeriesKey, Map<Long, Double>> e : points.entrySet()) {
      double[] values = new double[times.length];
      Arrays.fill(values, Double.NaN);
      e.getValue().forEach((t, v) -> values[Arrays.binarySearch(times, t)] = v);
      series.put(e.getKey(), values);
    }
    return new MetricFrame(times, series);
  }

  // ---- events ----

  static ObjectNode changeJson(ChangeEvent c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", c.id()).put("type", c.type().name()).put("time", c.time().toString());
    ArrayNode targets = n.putArray("targets");
    c.targetResourceIds().forEach(targets::add);
    c.version().ifPresent(v -> n.put("version", v));
    c.previousVersion().ifPresent(v -> n.put("previousVersion", v));
    c.status().ifPresent(v -> n.put("status", v));
    n.put("description", c.description());
    ObjectNode attributes = n.putObject("attributes");
    new TreeMap<>(c.attributes()).forEach(attributes::put);
    return n;
  }

  static ChangeEvent change(JsonNode n, Path file) {
    try {
      List<String> targets = new ArrayList<>();
      n.path("targets").forEach(t -> targets.add(t.asText()));
      return new ChangeEvent(
          text(n, "id", file),
          ChangeEvent.ChangeType.valueOf(n.path("type").asText("DEPLOYMENT")),
          Instant.parse(text(n, "time", file)),
          targets,
          optional(n, "version"),
          optional(n, "previousVersion"),
          optional(n, "status"),
          n.path("description").asText(""),
          stringMap(n.path("attributes")));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": bad change " + n + ": " + e.getMessage(), e);
    }
  }

  static ObjectNode errorJson(ErrorEvent e) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", e.id()).put("platform", e.platform());
    e.resourceId().ifPresent(r -> n.put("resource", r));
    n.put("time", e.timestamp().toString());
    n.put("exceptionType", e.exceptionType()).put("message", e.message()).put("count", e.count());
    ObjectNode attributes = n.putObject("attributes");
    new TreeMap<>(e.attributes()).forEach(attributes::put);
    return n;
  }

  static ErrorEvent error(JsonNode n, Path file) {
    try {
      return new ErrorEvent(
          text(n, "id", file),
          n.path("platform").asText("unknown"),
          optional(n, "resource"),
          Instant.parse(text(n, "time", file)),
          n.path("exceptionType").asText(""),
          n.path("message").asText(""),
          "",
          Optional.empty(),
          n.path("count").asLong(1),
          OptionalLong.empty(),
          stringMap(n.path("attributes")));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": bad error " + n + ": " + e.getMessage(), e);
    }
  }

  // ---- truth ----

  static ObjectNode truthJson(String id, GroundTruth t) {
    ObjectNode n = JSON.createObjectNode();
    n.put("case", id).put("level", t.level()).put("fault", t.fault());
    n.put("injectTime", t.injectTime().toString());
    ArrayNode roots = n.putArray("roots");
    t.roots().forEach(roots::add);
    ArrayNode rootChanges = n.putArray("rootChanges");
    t.rootChanges().forEach(rootChanges::add);
    ArrayNode decoys = n.putArray("decoyChanges");
    t.decoyChanges().forEach(decoys::add);
    return n;
  }

  static GroundTruth truth(JsonNode n, Path file) {
    try {
      return new GroundTruth(
          text(n, "level", file),
          n.path("fault").asText(Fault.NONE.label()),
          Instant.parse(text(n, "injectTime", file)),
          strings(n.path("roots")),
          strings(n.path("rootChanges")),
          strings(n.path("decoyChanges")));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(file + ": bad injectTime: " + e.getMessage(), e);
    }
  }

  // ---- helpers ----

  static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode required(JsonNode n, String field, Path file) {
    JsonNode v = n.get(field);
    if (v == null || !v.isArray()) {
      throw new IllegalArgumentException(file + ": missing array '" + field + "'");
    }
    return v;
  }

  private static String text(JsonNode n, String field, Path file) {
    JsonNode v = n.get(field);
    if (v == null || !v.isValueNode() || v.asText().isBlank()) {
      throw new IllegalArgumentException(
          file + ": missing '" + field + "' in " + abbreviate(n.toString()));
    }
    return v.asText();
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  private static Optional<String> optional(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  private static Map<String, String> stringMap(JsonNode n) {
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      map.put(e.getKey(), e.getValue().asText());
    }
    return map;
  }

  private static List<String> strings(JsonNode n) {
    List<String> list = new ArrayList<>();
    n.forEach(v -> list.add(v.asText()));
    return list;
  }
}
