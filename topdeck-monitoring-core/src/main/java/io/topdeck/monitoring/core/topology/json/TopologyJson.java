package io.topdeck.monitoring.core.topology.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.Dependency;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a topology in TopDeck's model from JSON into an {@link InMemoryTopologyGraph}, with the
 * field mapping the Neo4j adapter applies to TopDeck's graph.
 *
 * <pre>{@code
 * {
 *   "resources": [
 *     {"id": "/subscriptions/.../sites/webapp-prod", "resource_type": "app_service",
 *      "name": "webapp-prod", "cloud_provider": "azure", "region": "eastus",
 *      "status": "running", "tags": {"team": "web"}}
 *   ],
 *   "dependencies": [
 *     {"source_id": "...", "target_id": "...", "relationship": "DEPENDS_ON",
 *      "category": "data", "dependency_type": "required", "strength": 0.9},
 *     {"source_id": "...", "target_id": "...", "relationship": "CONNECTS_TO",
 *      "protocol": "sql", "port": 1433}
 *   ],
 *   "deployments": [
 *     {"id": "deploy-101", "version": "2.4.0", "previous_version": "2.3.9",
 *      "deployed_at": "2026-11-30T09:00:00Z", "status": "success",
 *      "target_resources": ["/subscriptions/.../sites/webapp-prod"]}
 *   ]
 * }
 * }</pre>
 *
 * <p>The mapping:
 *
 * <ul>
 *   <li>A resource needs an {@code id} (an ARM id, an ARN). Its type is {@code resource_type}
 *       ({@code unknown} when absent), its name {@code name}, else {@code display_name}, else the
 *       id. {@code region}, {@code cloud_provider}, {@code status}, {@code health_status}, {@code
 *       environment}, {@code resource_group} and {@code subscription_id} become attributes, and
 *       each tag the attribute {@code tag.<key>}. {@code tags} is an object, or a string holding
 *       one (the form TopDeck stores in Neo4j); non-string tag values keep their JSON text.
 *   <li>A dependency needs {@code source_id} and {@code target_id}, both resources of the file.
 *       {@code relationship} is {@code DEPENDS_ON} (the default) or {@code CONNECTS_TO}. Its
 *       category is {@code category}; a {@code CONNECTS_TO} without one takes its {@code protocol},
 *       else {@code network}, and a {@code DEPENDS_ON} without one is {@code unknown}. Its {@code
 *       strength} (a number in [0, 1]) defaults to 1.0 for {@code DEPENDS_ON} and 0.5 for {@code
 *       CONNECTS_TO}. {@code dependency_type} is accepted but not carried: {@link Dependency} has
 *       no field for it.
 *   <li>A deployment needs an {@code id}, a {@code deployed_at} time (ISO-8601; without an offset
 *       it is UTC) and {@code target_resources} (an array of resource ids, or a string holding
 *       one), all resources of the file. It becomes a {@link ChangeEvent.ChangeType#DEPLOYMENT}
 *       with {@code version}, {@code previous_version} and {@code status}; {@code pipeline_name},
 *       {@code deployed_by}, {@code commit_sha}, {@code environment}, {@code run_number} and {@code
 *       change_ticket_id} become attributes.
 * </ul>
 *
 * <p>Other fields of resources, dependencies and deployments are ignored, so a dump of TopDeck's
 * nodes reads as it is; an unknown top-level field is an error. Unlike the Neo4j adapter, which
 * cannot fix the graph it reads and so clamps and skips (logging what it did), this reader rejects
 * bad input: every problem is reported at once, each with its line and field, in a {@link
 * TopologyJsonException}. Duplicate resource or deployment ids, duplicate edges (one per direction
 * and relationship), self-loops and references to unknown resources are problems too.
 */
public final class TopologyJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private static final Set<String> SECTIONS = Set.of("resources", "dependencies", "deployments");

  private TopologyJson() {}

  /**
   * Returns the topology in the file at {@code path}.
   *
   * @throws TopologyJsonException if the file is not a valid topology; the message names the file
   * @throws UncheckedIOException if the file cannot be read
   */
  public static InMemoryTopologyGraph read(Path path) {
    Objects.requireNonNull(path, "path");
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, String.valueOf(path.getFileName()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the topology file " + path, e);
    }
  }

  /**
   * Returns the topology in {@code in}, which is read to its end but not closed.
   *
   * @throws TopologyJsonException if the input is not a valid topology
   * @throws UncheckedIOException if the stream cannot be read
   */
  public static InMemoryTopologyGraph read(InputStream in) {
    Objects.requireNonNull(in, "in");
    try {
      return read(in, "<stream>");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the topology stream", e);
    }
  }

  private static InMemoryTopologyGraph read(InputStream in, String source) throws IOException {
    Map<String, List<Element>> sections = parse(in, source);
    Problems problems = new Problems();
    Map<String, ResourceRef> resources = new LinkedHashMap<>();
    Map<String, Integer> resourceLines = new HashMap<>();
    for (Element e : sections.get("resources")) {
      Optional<ResourceRef> resource = resource(e, problems);
      if (resource.isEmpty()) {
        continue;
      }
      String id = resource.get().id();
      Integer first = resourceLines.putIfAbsent(id, e.line());
      if (first != null) {
        problems.add(e, "id", "duplicates the resource on line " + first + ": '" + id + "'");
      } else {
        resources.put(id, resource.get());
      }
    }
    List<Dependency> dependencies = new ArrayList<>();
    Map<List<Object>, Integer> edgeLines = new HashMap<>();
    for (Element e : sections.get("dependencies")) {
      dependency(e, resources.keySet(), problems)
          .ifPresent(
              d -> {
                Integer first =
                    edgeLines.putIfAbsent(List.of(d.fromId(), d.toId(), d.type()), e.line());
                if (first != null) {
                  problems.add(e, "", "duplicates the " + d.type() + " edge on line " + first);
                } else {
                  dependencies.add(d);
                }
              });
    }
    List<ChangeEvent> changes = new ArrayList<>();
    Map<String, Integer> deploymentLines = new HashMap<>();
    for (Element e : sections.get("deployments")) {
      deployment(e, resources.keySet(), problems)
          .ifPresent(
              c -> {
                Integer first = deploymentLines.putIfAbsent(c.id(), e.line());
                if (first != null) {
                  problems.add(
                      e, "id", "duplicates the deployment on line " + first + ": '" + c.id() + "'");
                } else {
                  changes.add(c);
                }
              });
    }
    problems.throwIfAny(source);
    InMemoryTopologyGraph.Builder builder = InMemoryTopologyGraph.builder();
    resources.values().forEach(builder::resource);
    dependencies.forEach(builder::dependency);
    changes.forEach(builder::change);
    return builder.build();
  }

  /** Reads the top level, keeping each element of each section with the line it starts on. */
  private static Map<String, List<Element>> parse(InputStream in, String source)
      throws IOException {
    Map<String, List<Element>> sections = new HashMap<>();
    SECTIONS.forEach(s -> sections.put(s, new ArrayList<>()));
    Problems problems = new Problems();
    try (JsonParser p = MAPPER.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        problems.add(line(p), "", "the topology must be a JSON object");
        problems.throwIfAny(source);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (!SECTIONS.contains(name)) {
          problems.add(
              line(p), name, "unknown field; expected one of resources, dependencies, deployments");
          p.skipChildren();
        } else if (p.currentToken() == JsonToken.VALUE_NULL) {
          continue;
        } else if (p.currentToken() != JsonToken.START_ARRAY) {
          problems.add(line(p), name, "must be an array");
          p.skipChildren();
        } else {
          readArray(p, name, sections.get(name), problems);
        }
      }
      if (p.nextToken() != null) {
        problems.add(line(p), "", "unexpected content after the topology object");
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
      int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
      throw new TopologyJsonException(
          source,
          List.of(
              "line "
                  + line
                  + ", column "
                  + column
                  + ": malformed JSON: "
                  + e.getOriginalMessage()));
    }
    problems.throwIfAny(source);
    return sections;
  }

  private static void readArray(JsonParser p, String section, List<Element> into, Problems problems)
      throws IOException {
    int index = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      int line = line(p);
      String path = section + "[" + index++ + "]";
      JsonNode node = MAPPER.readTree(p);
      if (node == null || !node.isObject()) {
        problems.add(line, path, "must be an object");
      } else {
        into.add(new Element(path, line, node));
      }
    }
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation().getLineNr();
  }

  private static Optional<ResourceRef> resource(Element e, Problems problems) {
    Optional<String> id = e.requiredText("id", problems);
    String type = e.text("resource_type", problems).orElse(TopDeckFields.UNKNOWN_TYPE);
    Optional<String> name = e.text("name", problems);
    Optional<String> displayName = e.text("display_name", problems);
    Map<String, String> attributes = new LinkedHashMap<>();
    for (String key : TopDeckFields.RESOURCE_ATTRIBUTES) {
      e.text(key, problems).ifPresent(v -> attributes.put(key, v));
    }
    tags(e, problems).forEach((k, v) -> attributes.put(TopDeckFields.TAG_PREFIX + k, v));
    return id.map(i -> new ResourceRef(i, type, name.or(() -> displayName).orElse(i), attributes));
  }

  private static Map<String, String> tags(Element e, Problems problems) {
    Map<String, String> tags = new LinkedHashMap<>();
    JsonNode node = e.node().get("tags");
    if (node == null || node.isNull()) {
      return tags;
    }
    if (node.isTextual()) {
      if (node.asText().isBlank()) {
        return tags;
      }
      try {
        node = MAPPER.readTree(node.asText());
      } catch (JsonProcessingException ex) {
        problems.add(e, "tags", "holds a string that is not JSON: " + ex.getOriginalMessage());
        return tags;
      }
    }
    if (node == null || !node.isObject()) {
      problems.add(e, "tags", "must be an object, or a string holding one");
      return tags;
    }
    for (Map.Entry<String, JsonNode> tag : node.properties()) {
      JsonNode v = tag.getValue();
      if (!v.isNull()) {
        tags.put(tag.getKey(), v.isTextual() ? v.asText() : v.toString());
      }
    }
    return tags;
  }

  private static Optional<Dependency> dependency(
      Element e, Set<String> resources, Problems problems) {
    Optional<String> from = e.requiredText("source_id", problems);
    Optional<String> to = e.requiredText("target_id", problems);
    Dependency.Type type = Dependency.Type.DEPENDS_ON;
    Optional<String> relationship = e.text("relationship", problems);
    if (relationship.isPresent()) {
      try {
        type = Dependency.Type.valueOf(relationship.get());
      } catch (IllegalArgumentException ex) {
        problems.add(
            e,
            "relationship",
            "must be DEPENDS_ON or CONNECTS_TO, but was '" + relationship.get() + "'");
        return Optional.empty();
      }
    }
    Dependency.Type t = type;
    String category =
        e.text("category", problems)
            .or(
                () ->
                    t == Dependency.Type.CONNECTS_TO
                        ? e.text("protocol", problems)
                            .or(() -> Optional.of(TopDeckFields.NETWORK_CATEGORY))
                        : Optional.of(TopDeckFields.UNKNOWN_CATEGORY))
            .orElseThrow();
    e.text("dependency_type", problems);
    Optional<Double> strength =
        strength(
            e,
            type == Dependency.Type.DEPENDS_ON
                ? TopDeckFields.DEFAULT_DEPENDS_ON_STRENGTH
                : TopDeckFields.DEFAULT_CONNECTS_TO_STRENGTH,
            problems);
    if (from.isEmpty() || to.isEmpty() || strength.isEmpty()) {
      return Optional.empty();
    }
    boolean known = true;
    for (String field : List.of("source_id", "target_id")) {
      String id = field.equals("source_id") ? from.get() : to.get();
      if (!resources.contains(id)) {
        problems.add(e, field, "names no resource of the file: '" + id + "'");
        known = false;
      }
    }
    if (from.get().equals(to.get())) {
      problems.add(e, "target_id", "equals source_id: a resource cannot depend on itself");
      return Optional.empty();
    }
    return known
        ? Optional.of(new Dependency(from.get(), to.get(), type, category, strength.get()))
        : Optional.empty();
  }

  private static Optional<Double> strength(Element e, double fallback, Problems problems) {
    JsonNode node = e.node().get("strength");
    if (node == null || node.isNull()) {
      return Optional.of(fallback);
    }
    double d;
    if (node.isNumber()) {
      d = node.asDouble();
    } else if (node.isTextual()) {
      try {
        d = Double.parseDouble(node.asText().trim());
      } catch (NumberFormatException ex) {
        d = Double.NaN;
      }
    } else {
      d = Double.NaN;
    }
    if (!(d >= 0 && d <= 1)) {
      problems.add(e, "strength", "must be a number in [0, 1], but was " + node);
      return Optional.empty();
    }
    return Optional.of(d);
  }

  private static Optional<ChangeEvent> deployment(
      Element e, Set<String> resources, Problems problems) {
    Optional<String> id = e.requiredText("id", problems);
    Optional<Instant> time = Optional.empty();
    Optional<String> deployedAt = e.requiredText("deployed_at", problems);
    if (deployedAt.isPresent()) {
      time = TopDeckFields.parseInstant(deployedAt.get());
      if (time.isEmpty()) {
        problems.add(
            e,
            "deployed_at",
            "must be an ISO-8601 time such as 2026-12-01T10:00:00Z, but was '"
                + deployedAt.get()
                + "'");
      }
    }
    List<String> targets = targets(e, resources, problems);
    Optional<String> version = e.text("version", problems);
    Optional<String> previous = e.text("previous_version", problems);
    Optional<String> status = e.text("status", problems);
    Map<String, String> attributes = new LinkedHashMap<>();
    for (String key : TopDeckFields.DEPLOYMENT_ATTRIBUTES) {
      e.text(key, problems).ifPresent(v -> attributes.put(key, v));
    }
    if (id.isEmpty() || time.isEmpty() || targets.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ChangeEvent(
            id.get(),
            ChangeEvent.ChangeType.DEPLOYMENT,
            time.get(),
            targets,
            version,
            previous,
            status,
            description(version, previous, status),
            attributes));
  }

  private static List<String> targets(Element e, Set<String> resources, Problems problems) {
    JsonNode node = e.node().get("target_resources");
    if (node != null && node.isTextual()) {
      try {
        node = MAPPER.readTree(node.asText());
      } catch (JsonProcessingException ex) {
        problems.add(
            e, "target_resources", "holds a string that is not JSON: " + ex.getOriginalMessage());
        return List.of();
      }
    }
    if (node == null || node.isNull() || !node.isArray() || node.isEmpty()) {
      problems.add(e, "target_resources", "must be a non-empty array of resource ids");
      return List.of();
    }
    Set<String> targets = new LinkedHashSet<>();
    boolean valid = true;
    for (int i = 0; i < node.size(); i++) {
      JsonNode target = node.get(i);
      String field = "target_resources[" + i + "]";
      if (!target.isTextual() || target.asText().isBlank()) {
        problems.add(e, field, "must be a resource id");
        valid = false;
      } else if (!resources.contains(target.asText())) {
        problems.add(e, field, "names no resource of the file: '" + target.asText() + "'");
        valid = false;
      } else {
        targets.add(target.asText());
      }
    }
    return valid ? List.copyOf(targets) : List.of();
  }

  private static String description(
      Optional<String> version, Optional<String> previous, Optional<String> status) {
    StringBuilder s = new StringBuilder("Deployed ").append(version.orElse("an unknown version"));
    previous.ifPresent(p -> s.append(" replacing ").append(p));
    status.ifPresent(st -> s.append(" (").append(st).append(')'));
    return s.toString();
  }

  /** One object of a section, with its path and the line it starts on. */
  private record Element(String path, int line, JsonNode node) {

    Optional<String> text(String field, Problems problems) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        return Optional.empty();
      }
      if (v.isTextual()) {
        return v.asText().isBlank() ? Optional.empty() : Optional.of(v.asText());
      }
      if (v.isNumber() || v.isBoolean()) {
        return Optional.of(v.asText());
      }
      problems.add(this, field, "must be a string, number or boolean, but was " + v.getNodeType());
      return Optional.empty();
    }

    Optional<String> requiredText(String field, Problems problems) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()) {
        problems.add(this, field, "is required and must be a non-blank string");
        return Optional.empty();
      }
      return Optional.of(v.asText());
    }
  }

  /** The problems found so far. */
  private static final class Problems {
    private final List<String> list = new ArrayList<>();

    void add(Element e, String field, String problem) {
      add(e.line(), field.isEmpty() ? e.path() : e.path() + "." + field, problem);
    }

    void add(int line, String path, String problem) {
      list.add("line " + line + (path.isEmpty() ? "" : ", " + path) + ": " + problem);
    }

    void throwIfAny(String source) {
      if (!list.isEmpty()) {
        throw new TopologyJsonException(source, list);
      }
    }
  }
}
