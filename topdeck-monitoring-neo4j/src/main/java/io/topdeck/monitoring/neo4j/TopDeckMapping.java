package io.topdeck.monitoring.neo4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neo4j.driver.Value;
import org.neo4j.driver.types.TypeSystem;

/**
 * Reads the property values of TopDeck's graph model into plain Java values, tolerating the forms
 * TopDeck's own writers produce. Core's JSON reader ({@code
 * io.topdeck.monitoring.core.topology.json.TopologyJson}) applies the same field mapping, which the
 * tests check on one graph read both ways; it rejects the values this adapter corrects.
 *
 * <ul>
 *   <li><b>Tags.</b> Neo4j cannot store a map in a property, so TopDeck's discovery writes {@code
 *       tags} as a JSON object in a string ({@code "{}"} when empty). A native map (as a query may
 *       return) is read too, and so are flattened properties named {@code tags.<key>}, which take
 *       precedence over the JSON string. Each tag becomes the attribute {@code tag.<key>};
 *       non-string tag values keep their JSON text.
 *   <li><b>Times.</b> TopDeck writes {@code deployed_at} as an ISO-8601 string from a naive UTC
 *       clock, so a string with no offset is read as UTC. Neo4j {@code DateTime} and {@code
 *       LocalDateTime} values (the latter as UTC) and strings with an offset or zone are read too.
 *   <li><b>Target lists.</b> {@code target_resources} is a JSON array in a string, or a native
 *       list.
 *   <li><b>Strength.</b> A number or numeric string; see {@link #strength}.
 * </ul>
 */
final class TopDeckMapping {

  /** The attribute-name prefix of a tag. */
  static final String TAG_PREFIX = "tag.";

  /** The prefix of flattened tag properties on a node. */
  static final String FLAT_TAG_PREFIX = "tags.";

  /** The strength of a DEPENDS_ON edge that has none: TopDeck treats it as a hard dependency. */
  static final double DEFAULT_DEPENDS_ON_STRENGTH = 1.0;

  /** The strength of a CONNECTS_TO edge that has none: a connection may not be a dependency. */
  static final double DEFAULT_CONNECTS_TO_STRENGTH = 0.5;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeSystem TYPES = TypeSystem.getDefault();

  private TopDeckMapping() {}

  /** Returns the value as text, or empty when it is null, blank or not a scalar. */
  static Optional<String> text(Value value) {
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (value.hasType(TYPES.STRING())) {
      String s = value.asString();
      return s.isBlank() ? Optional.empty() : Optional.of(s);
    }
    if (value.hasType(TYPES.INTEGER())
        || value.hasType(TYPES.FLOAT())
        || value.hasType(TYPES.BOOLEAN())) {
      return Optional.of(String.valueOf(value.asObject()));
    }
    return Optional.empty();
  }

  /**
   * Returns the strength of an edge in [0, 1]. A missing value gives {@code fallback}; a value that
   * is not a number, or NaN, gives {@code fallback} and is noted; a value outside [0, 1] is clamped
   * to the nearest bound and noted.
   */
  static double strength(Value value, double fallback, String edge, LoadReport report) {
    if (value == null || value.isNull()) {
      return fallback;
    }
    double d;
    if (value.hasType(TYPES.NUMBER())) {
      d = value.asDouble();
    } else if (value.hasType(TYPES.STRING())) {
      try {
        d = Double.parseDouble(value.asString().trim());
      } catch (NumberFormatException e) {
        report.note(edge + ": strength '" + value.asString() + "' is no number, used " + fallback);
        return fallback;
      }
    } else {
      report.note(edge + ": strength of type " + value.type().name() + ", used " + fallback);
      return fallback;
    }
    if (Double.isNaN(d)) {
      report.note(edge + ": strength NaN, used " + fallback);
      return fallback;
    }
    if (d < 0 || d > 1) {
      double clamped = d < 0 ? 0 : 1;
      report.note(edge + ": strength " + d + " clamped to " + clamped);
      return clamped;
    }
    return d;
  }

  /**
   * Returns the tags of a resource from its {@code tags} property and its flattened {@code
   * tags.<key>} properties, keyed by tag name. A malformed JSON string is noted and gives no tags.
   */
  static Map<String, String> tags(
      Value tags, Value flatTags, String resourceId, LoadReport report) {
    Map<String, String> result = new LinkedHashMap<>();
    if (tags != null && !tags.isNull()) {
      if (tags.hasType(TYPES.STRING())) {
        readJsonTags(tags.asString(), resourceId, report, result);
      } else if (tags.hasType(TYPES.MAP())) {
        tags.asMap(Value::asObject)
            .forEach(
                (k, v) -> {
                  if (v != null) {
                    result.put(k, String.valueOf(v));
                  }
                });
      } else {
        report.note(resourceId + ": tags of type " + tags.type().name() + " ignored");
      }
    }
    if (flatTags != null && !flatTags.isNull()) {
      for (Value pair : flatTags.values()) {
        String key = pair.get(0).asString();
        text(pair.get(1)).ifPresent(v -> result.put(key, v));
      }
    }
    return result;
  }

  private static void readJsonTags(
      String json, String resourceId, LoadReport report, Map<String, String> into) {
    if (json.isBlank()) {
      return;
    }
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      report.note(resourceId + ": tags are not JSON (" + e.getOriginalMessage() + ")");
      return;
    }
    if (node == null || !node.isObject()) {
      report.note(resourceId + ": tags are not a JSON object");
      return;
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      JsonNode v = field.getValue();
      if (!v.isNull()) {
        into.put(field.getKey(), v.isTextual() ? v.asText() : v.toString());
      }
    }
  }

  /** Returns the resource ids a {@code target_resources} value lists. */
  static List<String> targets(Value value, String deploymentId, LoadReport report) {
    List<String> result = new ArrayList<>();
    if (value == null || value.isNull()) {
      return result;
    }
    if (value.hasType(TYPES.LIST())) {
      for (Value v : value.values()) {
        text(v).ifPresent(result::add);
      }
    } else if (value.hasType(TYPES.STRING())) {
      String json = value.asString();
      if (json.isBlank()) {
        return result;
      }
      try {
        JsonNode node = JSON.readTree(json);
        if (node != null && node.isArray()) {
          node.forEach(n -> result.add(n.asText()));
        } else {
          report.note(deploymentId + ": target_resources is not a JSON array");
        }
      } catch (JsonProcessingException e) {
        report.note(
            deploymentId + ": target_resources is not JSON (" + e.getOriginalMessage() + ")");
      }
    } else {
      report.note(deploymentId + ": target_resources of type " + value.type().name());
    }
    return result;
  }

  /** Returns {@code id} as a JSON string, the form it takes inside a JSON target list. */
  static String jsonString(String id) {
    try {
      return JSON.writeValueAsString(id);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A string cannot fail to serialise", e);
    }
  }

  /** Returns the instant a time value denotes, or empty when it has none or cannot be read. */
  static Optional<Instant> instant(Value value) {
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (value.hasType(TYPES.DATE_TIME())) {
      return Optional.of(value.asZonedDateTime().toInstant());
    }
    if (value.hasType(TYPES.LOCAL_DATE_TIME())) {
      return Optional.of(value.asLocalDateTime().toInstant(ZoneOffset.UTC));
    }
    if (value.hasType(TYPES.STRING())) {
      return parseInstant(value.asString());
    }
    return Optional.empty();
  }

  /**
   * Returns the instant an ISO-8601 text denotes: with an offset, with a zone, or without either
   * (then UTC). A space instead of the {@code T} is accepted.
   */
  static Optional<Instant> parseInstant(String text) {
    String s = text.trim();
    if (s.length() > 10 && s.charAt(10) == ' ') {
      s = s.substring(0, 10) + 'T' + s.substring(11);
    }
    try {
      return Optional.of(OffsetDateTime.parse(s).toInstant());
    } catch (DateTimeException e) {
      // Not with an offset: try the next form.
    }
    try {
      return Optional.of(ZonedDateTime.parse(s).toInstant());
    } catch (DateTimeException e) {
      // Not with a zone: try the next form.
    }
    try {
      return Optional.of(LocalDateTime.parse(s).toInstant(ZoneOffset.UTC));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
