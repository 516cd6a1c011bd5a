package io.topdeck.monitoring.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseParserStrictnessTest {

  private static QueryResult parse(String payload) throws Exception {
    JsonNode envelope = ResponseParser.readTree(payload.getBytes(StandardCharsets.UTF_8));
    return ResponseParser.parseData(envelope.get("data"), ResponseParser.warnings(envelope));
  }

  private static String vector(String metric, String timestamp, String value) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":"
        + metric
        + ",\"value\":["
        + timestamp
        + ",\""
        + value
        + "\"]}]}}";
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "12d",
        "12f",
        "0x1p4",
        " 7 ",
        "7 ",
        "Infinity",
        "-Infinity",
        "inf",
        "+inf",
        "nan",
        "",
        "+1",
        "1e",
        "1.2.3",
        "1_000",
        "١٢"
      })
  void valuesPrometheusNeverWritesAreMalformed(String raw) {
    assertThatThrownBy(() -> ResponseParser.parseValue(raw))
        .isInstanceOf(ResponseParser.MalformedException.class)
        .hasMessage("sample value is not a number: '" + raw + "'");
  }

  @Test
  void decimalTooLargeForADoubleIsMalformedNotInfinity() {
    assertThatThrownBy(() -> ResponseParser.parseValue("1e309"))
        .isInstanceOf(ResponseParser.MalformedException.class)
        .hasMessage("sample value overflows a double: '1e309'");
    assertThatThrownBy(() -> ResponseParser.parseValue("-1e309"))
        .isInstanceOf(ResponseParser.MalformedException.class)
        .hasMessage("sample value overflows a double: '-1e309'");
  }

  @Test
  void everyFormOfGoFormatFloatIsAccepted() throws Exception {
    assertThat(ResponseParser.parseValue("0")).isEqualTo(0.0);
    assertThat(ResponseParser.parseValue("-0")).isEqualTo(-0.0);
    assertThat(ResponseParser.parseValue("12")).isEqualTo(12.0);
    assertThat(ResponseParser.parseValue("1.5")).isEqualTo(1.5);
    assertThat(ResponseParser.parseValue("1e-07")).isEqualTo(1e-7);
    assertThat(ResponseParser.parseValue("1.7976931348623157e+308")).isEqualTo(Double.MAX_VALUE);
    assertThat(ResponseParser.parseValue("4.9E-324")).isEqualTo(Double.MIN_VALUE);
    assertThat(ResponseParser.parseValue("0." + "0".repeat(323) + "5")).isEqualTo(Double.MIN_VALUE);
  }

  @Test
  void labelValueThatIsNotAStringIsMalformed() {
    assertThatThrownBy(() -> parse(vector("{\"job\":\"a\",\"code\":500}", "1", "1")))
        .isInstanceOf(ResponseParser.MalformedException.class)
        .hasMessage("label code is not a string: 500");
    assertThatThrownBy(() -> parse(vector("{\"job\":null}", "1", "1")))
        .isInstanceOf(ResponseParser.MalformedException.class)
        .hasMessage("label job is not a string: null");
    assertThatThrownBy(() -> parse(vector("{\"job\":{\"x\":1}}", "1", "1")))
        .isInstanceOf(ResponseParser.MalformedException.class)
        .hasMessage("label job is not a string: {\"x\":1}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e-5000000", "1e5000000", "1e17", "-1e17", "1e-31"})
  void timestampWithAnExtremeExponentIsOutOfRange(String timestamp) {
    assertThatThrownBy(() -> parse(vector("{}", timestamp, "1")))
        .isInstanceOf(ResponseParser.MalformedException.class)
        .hasMessageStartingWith("timestamp is out of range: ");
  }

  @Test
  void timestampWithinTheBoundsIsExact() throws Exception {
    QueryResult result = parse(vector("{}", "1.4357814517810000000000000000e9", "1"));

    assertThat(result.series().get(0).points().get(0).timestamp())
        .isEqualTo(Instant.parse("2015-07-01T20:10:51.781Z"));
  }

  @Test
  void twoSeriesWithTheSameLabelSetAreMalformedInAVector() {
    String body =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
            + "{\"metric\":{\"job\":\"x\"},\"value\":[1,\"1\"]},"
            + "{\"metric\":{\"job\":\"x\"},\"value\":[1,\"2\"]}]}}";

    assertThatThrownBy(() -> parse(body))
        .isInstanceOf(ResponseParser.MalformedException.class)
        .hasMessage("two series have the same label set {job=x}; ambiguous");
  }

  @Test
  void twoSeriesWithTheSameLabelSetAreMalformedInAMatrix() {
    String body =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
            + "{\"metric\":{\"job\":\"x\",\"i\":\"1\"},\"values\":[[1,\"1\"]]},"
            + "{\"metric\":{\"i\":\"1\",\"job\":\"x\"},\"values\":[[1,\"2\"]]}]}}";

    assertThatThrownBy(() -> parse(body))
        .isInstanceOf(ResponseParser.MalformedException.class)
        .hasMessage("two series have the same label set {i=1, job=x}; ambiguous");
  }
}
