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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns Prometheus HTTP API bodies into {@link QueryResult}s; stateless and thread-safe. */
final class ResponseParser {

  // Timestamps are read as BigDecimal so that 1435781451.781 stays exact.
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

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
   * Returns the sample value: a decimal, {@code NaN}, or {@code +Inf}, {@code Inf}, {@code -Inf}
   * (which {@link Double#parseDouble} rejects).
   */
  static double parseValue(String raw) throws MalformedException {
    switch (raw) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
      case "Inf":
      case "+inf":
      case "inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(raw);
        } catch (NumberFormatException e) {
          throw new MalformedException("sample value is not a number: '" + cut(raw, 64) + "'");
        }
    }
  }

  /** Returns a timestamp in seconds (with fraction) as an instant, rounded to the millisecond. */
  static Instant timestamp(JsonNode node) throws MalformedException {
    if (node == null || !node.isNumber()) {
      throw new MalformedException("timestamp is not a number: " + node);
    }
    BigDecimal seconds = node.decimalValue();
    try {
      long millis = seconds.movePointRight(3).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
      return Instant.ofEpochMilli(millis);
    } catch (ArithmeticException | DateTimeException e) {
      throw new MalformedException("timestamp is out of range: " + seconds);
    }
  }

  private static List<MetricSeries> vector(JsonNode result) throws MalformedException {
    List<MetricSeries> out = new ArrayList<>(result.size());
    for (JsonNode sample : array(result, "vector result")) {
      Map<String, String> labels = labels(sample.get("metric"));
      out.add(series(labels, List.of(point(sample.get("value")))));
    }
    return out;
  }

  private static List<MetricSeries> matrix(JsonNode result) throws MalformedException {
    List<MetricSeries> out = new ArrayList<>(result.size());
    for (JsonNode entry : array(result, "matrix result")) {
      Map<String, String> labels = labels(entry.get("metric"));
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

  private static Map<String, String> labels(JsonNode metric) throws MalformedException {
    if (metric == null || !metric.isObject()) {
      throw new MalformedException("series has no metric object");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : metric.properties()) {
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
