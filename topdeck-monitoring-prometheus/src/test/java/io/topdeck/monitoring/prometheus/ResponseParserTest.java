package io.topdeck.monitoring.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.topdeck.monitoring.api.MetricPoint;
import io.topdeck.monitoring.api.MetricSeries;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseParserTest {

  private static QueryResult parse(String payload) throws Exception {
    JsonNode envelope = ResponseParser.readTree(payload.getBytes(StandardCharsets.UTF_8));
    return ResponseParser.parseData(envelope.get("data"), ResponseParser.warnings(envelope));
  }

  @Test
  void vectorGivesOneSinglePointSeriesPerLabelSet() throws Exception {
    QueryResult result = parse(Payloads.read("vector.json"));

    assertThat(result.type()).isEqualTo(QueryResult.Type.VECTOR);
    assertThat(result.series()).hasSize(2);
    MetricSeries first = result.series().get(0);
    assertThat(first.name()).isEqualTo("node_load1");
    assertThat(first.labels())
        .containsEntry("instance", "db-1:9100")
        .containsEntry("job", "node")
        .containsEntry("__name__", "node_load1");
    assertThat(first.points())
        .containsExactly(new MetricPoint(Instant.parse("2023-11-14T22:13:20.123Z"), 0.75));
    assertThat(result.series().get(1).points().get(0).value()).isEqualTo(150.0);
  }

  @Test
  void matrixParsesNanAndAllInfinitySpellings() throws Exception {
    QueryResult result = parse(Payloads.read("matrix.json"));

    assertThat(result.type()).isEqualTo(QueryResult.Type.MATRIX);
    assertThat(result.series().get(0).name()).isEmpty();
    assertThat(result.series().get(0).points())
        .extracting(MetricPoint::value)
        .containsExactly(1.0, 2.5, Double.NaN);
    assertThat(result.series().get(1).points())
        .extracting(MetricPoint::value)
        .containsExactly(
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    assertThat(result.series().get(0).points())
        .extracting(MetricPoint::timestamp)
        .containsExactly(
            Instant.ofEpochSecond(1_700_000_000L),
            Instant.ofEpochSecond(1_700_000_060L),
            Instant.ofEpochSecond(1_700_000_120L));
  }

  @Test
  void scalarIsOneSeriesWithoutLabels() throws Exception {
    QueryResult result = parse(Payloads.read("scalar.json"));

    assertThat(result.type()).isEqualTo(QueryResult.Type.SCALAR);
    assertThat(result.series()).hasSize(1);
    assertThat(result.series().get(0).labels()).isEmpty();
    assertThat(result.series().get(0).points())
        .containsExactly(new MetricPoint(Instant.parse("2023-11-14T22:13:20.500Z"), 3.25));
  }

  @Test
  void stringIsAStringSampleAndNoSeries() throws Exception {
    QueryResult result = parse(Payloads.read("string.json"));

    assertThat(result.type()).isEqualTo(QueryResult.Type.STRING);
    assertThat(result.series()).isEmpty();
    assertThat(result.strings())
        .containsExactly(
            new QueryResult.StringSample(Instant.parse("2023-11-14T22:13:20.001Z"), "hello"));
  }

  @Test
  void emptyResultIsEmptyNotAnError() throws Exception {
    QueryResult result = parse(Payloads.read("empty-vector.json"));

    assertThat(result.isEmpty()).isTrue();
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void warningsAreKeptInOrder() throws Exception {
    assertThat(parse(Payloads.read("warnings.json")).warnings())
        .containsExactly(
            "PromQL info: metric might not be a counter", "partial response from store");
  }

  @Test
  void fractionalSecondsConvertExactlyToMilliseconds() throws Exception {
    for (Map.Entry<String, String> c :
        Map.of(
                "1435781451.781", "2015-07-01T20:10:51.781Z",
                "1641889530", "2022-01-11T08:25:30Z",
                "0.001", "1970-01-01T00:00:00.001Z",
                "1700000000.999", "2023-11-14T22:13:20.999Z",
                "1700000000.1", "2023-11-14T22:13:20.100Z")
            .entrySet()) {
      JsonNode node =
          ResponseParser.readTree(("{\"t\":" + c.getKey() + "}").getBytes(StandardCharsets.UTF_8));
      assertThat(ResponseParser.timestamp(node.get("t")))
          .as(c.getKey())
          .isEqualTo(Instant.parse(c.getValue()));
    }
  }

  @Test
  void valuesAcceptPrometheusSpellingsAndRejectGarbage() throws Exception {
    assertThat(ResponseParser.parseValue("+Inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(ResponseParser.parseValue("Inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(ResponseParser.parseValue("-Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(ResponseParser.parseValue("NaN")).isNaN();
    assertThat(ResponseParser.parseValue("-0.5")).isEqualTo(-0.5);
    assertThatThrownBy(() -> ResponseParser.parseValue("twelve"))
        .isInstanceOf(ResponseParser.MalformedException.class)
        .hasMessageContaining("not a number: 'twelve'");
  }

  @Test
  void truncatedJsonIsMalformed() {
    String truncated = Payloads.read("matrix.json").substring(0, 80);

    assertThatThrownBy(() -> parse(truncated))
        .isInstanceOf(ResponseParser.MalformedException.class)
        .hasMessageStartingWith("body is not valid JSON");
  }

  @Test
  void successWithoutDataIsMalformed() {
    assertThatThrownBy(() -> parse(Payloads.read("success-without-data.json")))
        .isInstanceOf(ResponseParser.MalformedException.class)
        .hasMessage("status is success but data is missing");
  }

  @Test
  void unorderedMatrixPointsAreMalformed() {
    String payload =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
            + "{\"metric\":{},\"values\":[[2,\"1\"],[1,\"1\"]]}]}}";

    assertThatThrownBy(() -> parse(payload))
        .isInstanceOf(ResponseParser.MalformedException.class)
        .hasMessageContaining("strictly ascending");
  }

  @Test
  void unknownResultTypeIsMalformed() {
    String payload = "{\"status\":\"success\",\"data\":{\"resultType\":\"table\",\"result\":[]}}";

    assertThatThrownBy(() -> parse(payload))
        .isInstanceOf(ResponseParser.MalformedException.class)
        .hasMessage("unknown resultType 'table'");
  }
}
