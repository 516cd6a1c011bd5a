package io.topdeck.monitoring.prometheus;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.MetricSeries;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns Prometheus HTTP API bodies into {@link QueryResult}s; stateless and thread-safe. */
final class ResponseParser {

  // Timestamps are read as BigDecimal so that 1435781451.781 stays exact.
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  // Go's 'f', 'e' and 'g' formats: an optional minus, digits with an optional fraction, and an
  // optional exponent. No blanks, no hex, no Java suffix such as d or f.
  private static final Pattern GO_FLOAT =
      Pattern.compile("-?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?");

  // The 'f' form of the smallest double has 327 characters; anything longer is not Prometheus'.
  private static final int MAX_VALUE_CHARS = 400;

  // Timestamps are seconds since the epoch: more than 16 integer digits is beyond Instant's
  // millisecond range, and more than 30 fraction digits is far below a millisecond.
  private static final int MAX_TIMESTAMP_DIGITS = 16;
  private static final int MAX_TIMESTAMP_SCALE = 30;

  private ResponseParser() {}

  /** Returns the JSON tree of {@code body}, or throws when it is not one complete JSON object. */
  static JsonNode readTree(byte[] body) throws MalformedException {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw new MalformedException("body is not a JSON object");
      }
      return node;
    } catch (JacksonException e) {
      throw new MalformedException("body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedException("body could not be read: " + e.getMessage());
    }
  }

  /** Returns the {@code warnings} strings of an envelope, empty when absent. */
  static List<String> warnings(JsonNode envelope) {
    List<String> warnings = new ArrayList<>();
    JsonNode node = envelope.get("warnings");
    if (node != null && node.isArray()) {
      node.forEach(w -> warnings.add(w.asText()));
    }
    return warnings;
  }

  /** Parses the {@code data} object of a successful query. */
  static QueryResult parseData(JsonNode data, List<String> warnings) throws MalformedException {
    if (data == null || !data.isObject()) {
      throw new MalformedException("status is success but data is missing");
    }
    String type = text(data, "resultType");
    JsonNode result = data.get("result");
    if (result == null || result.isNull()) {
      throw new MalformedException("data.result is missing");
    }
    switch (type) {
      case "vector":
        return new QueryResult(QueryResult.Type.VECTOR, vector(result), List.of(), warnings);
      case "matrix":
        return new QueryResult(QueryResult.Type.MATRIX, matrix(result), List.of(), warnings);
      case "scalar":
        MetricPoint point = point(result);
        return new QueryResult(
            QueryResult.Type.SCALAR,
            List.of(new MetricSeries("", "", Map.of(), List.of(point))),
            List.of(),
            warnings);
      case "string":
        JsonNode pair = pair(result);
        return new QueryResult(
            QueryResult.Type.STRING,
            List.of(),
            List.of(new QueryResult.StringSample(timestamp(pair.get(0)), pair.get(1).asText())),
            warnings);
      default:
        throw new MalformedException("unknown resultType '" + type + "'");
    }
  }

  /**
   * Returns the sample value, accepting exactly what Prometheus writes (Go's {@code
   * strconv.FormatFloat}): a decimal such as {@code -12.5}, {@code 1e-07} or {@code 1.5e+300}, and
   * {@code NaN}, {@code +Inf}, {@code -Inf} and {@code Inf}. Anything else, including Java-only
   * forms ({@code 12d}, {@code 0x1p4}, {@code Infinity}), surrounding blanks and a decimal too
   * large for a double ({@code 1e309}), is malformed.
   */
  static double parseValue(String raw) throws MalformedException {
    switch (raw) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
      case "Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    if (raw.length() > MAX_VALUE_CHARS || !GO_FLOAT.matcher(raw).matches()) {
      throw new MalformedException("sample value is not a number: '" + cut(raw, 64) + "'");
    }
    double value = Double.parseDouble(raw);
    if (Double.isInfinite(value)) {
      throw new MalformedException("sample value overflows a double: '" + cut(raw, 64) + "'");
    }
    return value;
  }

  /** Returns a timestamp in seconds (with fraction) as an instant, rounded to the millisecond. */
  static Instant timestamp(JsonNode node) throws MalformedException {
    if (node == null || !node.isNumber()) {
      throw new MalformedException(
          "timestamp is not a number: " + (node == null ? "missing" : cut(node.toString(), 64)));
    }
    BigDecimal seconds = node.decimalValue();
    // Exact rounding of 1e-5000000 or 1e5000000 costs seconds of CPU: bound the exponent first.
    long integerDigits = (long) seconds.precision() - seconds.scale();
    if (seconds.scale() > MAX_TIMESTAMP_SCALE || integerDigits > MAX_TIMESTAMP_DIGITS) {
      throw new MalformedException("timestamp is out of range: " + cut(seconds.toString(), 64));
    }
    try {
      long millis = seconds.movePointRight(3).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
      return Instant.ofEpochMilli(millis);
    } catch (ArithmeticException | DateTimeException e) {
      throw new MalformedException("timestamp is out of range: " + seconds);
    }
  }

  private static List<MetricSeries> vector(JsonNode result) throws MalformedException {
    List<MetricSeries> out = new ArrayList<>(result.size());
    Set<Map<String, String>> seen = new HashSet<>();
    for (JsonNode sample : array(result, "vector result")) {
      Map<String, String> labels = unique(labels(sample), seen);
      out.add(series(labels, List.of(point(sample.get("value")))));
    }
    return out;
  }

  private static List<MetricSeries> matrix(JsonNode result) throws MalformedException {
    List<MetricSeries> out = new ArrayList<>(result.size());
    Set<Map<String, String>> seen = new HashSet<>();
    for (JsonNode entry : array(result, "matrix result")) {
      Map<String, String> labels = unique(labels(entry), seen);
      JsonNode values = entry.get("values");
      List<MetricPoint> points = new ArrayList<>(values == null ? 0 : values.size());
      if (values != null && !values.isNull()) {
        for (JsonNode pair : array(values, "values")) {
          points.add(point(pair));
        }
      }
      try {
        out.add(series(labels, points));
      } catch (IllegalArgumentException e) {
        throw new MalformedException("series " + labels + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static MetricSeries series(Map<String, String> labels, List<MetricPoint> points) {
    return new MetricSeries(labels.getOrDefault("__name__", ""), "", labels, points);
  }

  /**
   * Rejects a second series with the same label set: Prometheus never sends one, and keeping either
   * would silently drop the other's data (and merging range chunks by label set would mix them).
   */
  private static Map<String, String> unique(
      Map<String, String> labels, Set<Map<String, String>> seen) throws MalformedException {
    if (!seen.add(labels)) {
      throw new MalformedException(
          "two series have the same label set " + cut(labels.toString(), 256) + "; ambiguous");
    }
    return labels;
  }

  private static Map<String, String> labels(JsonNode entry) throws MalformedException {
    JsonNode metric = entry == null ? null : entry.get("metric");
    if (metric == null || !metric.isObject()) {
      throw new MalformedException("series has no metric object");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : metric.properties()) {
      if (!field.getValue().isTextual()) {
        throw new MalformedException(
            "label "
                + cut(field.getKey(), 64)
                + " is not a string: "
                + cut(field.getValue().toString(), 64));
      }
      labels.put(field.getKey(), field.getValue().asText());
    }
    return labels;
  }

  private static MetricPoint point(JsonNode pair) throws MalformedException {
    JsonNode checked = pair(pair);
    JsonNode value = checked.get(1);
    if (!value.isTextual()) {
      throw new MalformedException("sample value is not a string: " + cut(value.toString(), 64));
    }
    return new MetricPoint(timestamp(checked.get(0)), parseValue(value.asText()));
  }

  private static JsonNode pair(JsonNode pair) throws MalformedException {
    if (pair == null || !pair.isArray() || pair.size() != 2) {
      throw new MalformedException(
          "sample is not a [timestamp, value] pair: "
              + (pair == null ? "missing" : cut(pair.toString(), 64)));
    }
    return pair;
  }

  private static JsonNode array(JsonNode node, String what) throws MalformedException {
    if (!node.isArray()) {
      throw new MalformedException(what + " is not an array");
    }
    return node;
  }

  private static String text(JsonNode data, String field) throws MalformedException {
    JsonNode node = data.get(field);
    if (node == null || !node.isTextual()) {
      throw new MalformedException("data." + field + " is missing");
    }
    return node.asText();
  }

  static String cut(String text, int max) {
    return text.length() <= max
        ? text
        : text.substring(0, max) + "...(" + text.length() + " chars)";
  }

  /** A body that is not a well-formed Prometheus response. */
  static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }
}
