package io.topdeck.monitoring.benchmarks.rca;

import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ResourceRef;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads cases laid out as RCAEval lays them out, so that public cases are scored like generated
 * ones.
 *
 * <p>A case is a directory holding {@code data.csv} and {@code inject_time.txt}. {@code data.csv}
 * has a header row; its {@code time} column holds epoch seconds (decimals allowed, rounded down)
 * and every other column is named {@code <service>_<metric>}, for example {@code
 * cartservice_latency-50}. A column is assigned to the longest resource id of the topology that
 * prefixes it followed by {@code _}; without a topology, the service is the text before the first
 * {@code _}. Empty, {@code NaN} and unparsable cells are missing points. Rows that repeat an
 * earlier time are dropped. {@code inject_time.txt} holds the injection time in epoch seconds.
 *
 * <p>The ground truth comes from the directory names, as in RCAEval: a case directory named by a
 * number sits in a directory named {@code <service>_<fault>} (for example {@code
 * cartservice_delay/1}); otherwise the case directory itself is so named. The root is the service.
 *
 * <p>An optional {@code topology.json} in the case directory or its parent, in this package's
 * format, supplies resources and edges; without one, the services of the columns are the resources
 * and there are no edges. RCAEval cases carry no changes and no errors, so change blame is not
 * measured on them.
 */
public final class RcaEvalLoader {

  /** The level label given to loaded cases. */
  public static final String LEVEL = "rcaeval";

  private RcaEvalLoader() {}

  /** Loads every case directory (one holding {@code data.csv}) under {@code root}, sorted. */
  public static List<RcaCase> loadAll(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> dirs =
          files
              .filter(p -> p.getFileName().toString().equals("data.csv"))
              .map(Path::getParent)
              .sorted(Comparator.comparing(Path::toString))
              .toList();
      if (dirs.isEmpty()) {
        throw new IllegalArgumentException("No data.csv under " + root);
      }
      List<RcaCase> cases = new ArrayList<>();
      for (Path dir : dirs) {
        cases.add(load(root, dir));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + root, e);
    }
  }

  /**
   * Loads the case in {@code caseDir}; its id is its path relative to {@code root}.
   *
   * @throws IllegalArgumentException naming the file when a file is missing or malformed
   */
  public static RcaCase load(Path root, Path caseDir) {
    String id = root.relativize(caseDir).toString().replace('\\', '/');
    if (id.isEmpty()) {
      id = caseDir.getFileName().toString();
    }
    CaseTopology declared = topology(caseDir);
    Instant inject = injectTime(caseDir.resolve("inject_time.txt"));
    MetricFrame frame = readData(caseDir.resolve("data.csv"), declared);
    CaseTopology topology = declared != null ? declared : fromColumns(frame);
    String label = caseLabel(caseDir);
    int cut = label.lastIndexOf('_');
    String service = cut > 0 ? label.substring(0, cut) : label;
    String fault = cut > 0 ? label.substring(cut + 1) : "unknown";
    GroundTruth truth =
        new GroundTruth(LEVEL, fault, inject, List.of(service), List.of(), List.of());
    return new RcaCase(id, topology, frame, List.of(), List.of(), truth);
  }

  private static String caseLabel(Path caseDir) {
    String name = caseDir.getFileName().toString();
    if (name.chars().allMatch(Character::isDigit) && caseDir.getParent() != null) {
      return caseDir.getParent().getFileName().toString();
    }
    return name;
  }

  private static CaseTopology topology(Path caseDir) {
    for (Path dir : new Path[] {caseDir, caseDir.getParent()}) {
      if (dir != null && Files.isRegularFile(dir.resolve(CaseFiles.TOPOLOGY))) {
        return CaseFiles.readTopology(dir.resolve(CaseFiles.TOPOLOGY));
      }
    }
    return null;
  }

  static Instant injectTime(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      return Instant.ofEpochSecond((long) Math.floor(Double.parseDouble(text)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": not a number of epoch seconds", e);
    }
  }

  static MetricFrame readData(Path file, CaseTopology topology) {
    List<String> ids =
        topology == null
            ? List.of()
            : topology.resources().stream()
                .map(ResourceRef::id)
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String headerLine = r.readLine();
      if (headerLine == null) {
        throw new IllegalArgumentException(file + ": empty file");
      }
      String[] header = headerLine.split(",", -1);
      int timeColumn = Arrays.asList(header).indexOf("time");
      if (timeColumn < 0) {
        throw new IllegalArgumentException(file + ": no 'time' column in " + headerLine);
      }
      SeriesKey[] keys = new SeriesKey[header.length];
      for (int c = 0; c < header.length; c++) {
        if (c != timeColumn && !header[c].isBlank()) {
          keys[c] = key(header[c].trim(), ids);
        }
      }
      List<Long> times = new ArrayList<>();
      List<double[]> rows = new ArrayList<>();
      String line;
      int lineNo = 1;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",", -1);
        long t;
        try {
          t = (long) Math.floor(Double.parseDouble(f[timeColumn].trim()));
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
          throw new IllegalArgumentException(file + " line " + lineNo + ": bad time", e);
        }
        if (!times.isEmpty() && t <= times.get(times.size() - 1)) {
          continue;
        }
        double[] row = new double[header.length];
        for (int c = 0; c < header.length; c++) {
          row[c] = c < f.length ? number(f[c]) : Double.NaN;
        }
        times.add(t);
        rows.add(row);
      }
      Map<SeriesKey, double[]> series = new LinkedHashMap<>();
      for (int c = 0; c < header.length; c++) {
        if (keys[c] == null || series.containsKey(keys[c])) {
          continue;
        }
        double[] values = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
          values[i] = rows.get(i)[c];
        }
        series.put(keys[c], values);
      }
      return new MetricFrame(times.stream().mapToLong(Long::longValue).toArray(), series);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  private static SeriesKey key(String column, List<String> ids) {
    for (String id : ids) {
      if (column.startsWith(id + "_") && column.length() > id.length() + 1) {
        return new SeriesKey(id, column.substring(id.length() + 1));
      }
    }
    int cut = column.indexOf('_');
    if (cut <= 0 || cut == column.length() - 1) {
      return new SeriesKey(column, "value");
    }
    return new SeriesKey(column.substring(0, cut), column.substring(cut + 1));
  }

  private static double number(String cell) {
    String s = cell.trim();
    if (s.isEmpty()) {
      return Double.NaN;
    }
    try {
      double v = Double.parseDouble(s);
      return Double.isFinite(v) ? v : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static CaseTopology fromColumns(MetricFrame frame) {
    Set<String> services = new LinkedHashSet<>();
    frame.keys().forEach(k -> services.add(k.resource()));
    List<ResourceRef> resources =
        services.stream().map(s -> new ResourceRef(s, "service", s, Map.of("service", s))).toList();
    return new CaseTopology(resources, List.<Dependency>of());
  }
}
