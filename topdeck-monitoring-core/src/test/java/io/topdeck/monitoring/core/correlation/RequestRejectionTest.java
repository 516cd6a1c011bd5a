package io.topdeck.monitoring.core.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ChangeEvent;
import io.topdeck.monitoring.api.ErrorEvent;
import io.topdeck.monitoring.api.IncidentContext;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.RootCauseAnalysis;
import io.topdeck.monitoring.api.RootCauseCandidate;
import io.topdeck.monitoring.api.TimeRange;
import io.topdeck.monitoring.core.topology.InMemoryTopologyGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which errors say that the service logging them turned away a malformed request, in the words of
 * the server frameworks, and which only look like it: a client reading a dependency's answer, a
 * database refusing a write, a service's own configuration.
 */
class RequestRejectionTest {

  private static final Instant T = Instant.parse("2026-12-01T09:40:00Z");
  private static final TimeRange WINDOW =
      new TimeRange(T.minus(Duration.ofMinutes(40)), T.plus(Duration.ofMinutes(20)));

  private static ErrorEvent error(String resource, int afterT, String type, String message) {
    return error(resource, afterT, type, message, "", 200);
  }

  private static ErrorEvent error(
      String resource, int afterT, String type, String message, String stack, long count) {
    return Incidents.errors(resource, T.plusSeconds(afterT), type, message, stack, count);
  }

  private static boolean rejection(String type, String message) {
    return RequestRejection.of(error("inventory", 0, type, message));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          org.springframework.web.method.annotation.HandlerMethodValidationException \
            | 400 BAD_REQUEST "Validation failure"
          org.springframework.web.multipart.support.MissingServletRequestPartException \
            | Required part 'file' is not present.
          UnsatisfiedServletRequestParameterException \
            | Parameter conditions "version=2" not met for actual request parameters: version={1}
          org.springframework.web.server.ServerWebInputException \
            | 400 BAD_REQUEST "Failed to read HTTP message"
          MissingRequestHeaderException \
            | Required request header 'X-Tenant-Id' for method parameter type String is not present
          HttpMessageNotReadableException \
            | JSON parse error: Cannot deserialize value of type java.math.BigDecimal from String
          jakarta.validation.ConstraintViolationException | create.arg0.amount: must not be null
          javax.validation.ConstraintViolationException | create.arg0.amount: must not be null
          Microsoft.AspNetCore.Http.BadHttpRequestException \
            | Failed to read parameter "OrderDto dto" from the request body as JSON.
          Microsoft.AspNetCore.Http.BadHttpRequestException \
            | Required parameter "int id" was not provided from route or query string.
          Microsoft.AspNetCore.Http.BadHttpRequestException \
            | Failed to bind parameter "int id" from "abc".
          ValidationProblemDetails \
            | One or more validation errors occurred. The Amount field is required.
          System.Text.Json.JsonException \
            | `The JSON value could not be converted to System.Decimal. Path: $.amount \
              | LineNumber: 0 | BytePositionInLine: 14.`
          entity.parse.failed | Unexpected token } in JSON at position 12
          ValidationError | "amount" is required
          Error | body must have required property 'amount'
          BadRequestException | Validation failed (numeric string is expected)
          fastapi.exceptions.RequestValidationError \
            | [{'type': 'missing', 'loc': ('body', 'amount'), 'msg': 'Field required'}]
          pydantic_core._pydantic_core.ValidationError \
            | 1 validation error for OrderIn amount Field required [type=missing, input_value={}]
          werkzeug.exceptions.BadRequest \
            | The browser (or proxy) sent a request that this server could not understand.
          gin \
            | Key: 'Order.Amount' Error:Field validation for 'Amount' failed on the 'required' tag
          json.UnmarshalTypeError \
            | json: cannot unmarshal string into Go struct field Order.amount of type int
          grpc | INVALID_ARGUMENT: missing required field 'sku'
          """)
  void of_isTrueForTheWordsOfAServerTurningAMalformedRequestAway(String type, String message) {
    assertThat(rejection(type, message)).isTrue();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          org.hibernate.exception.ConstraintViolationException \
            | could not execute statement [ERROR: duplicate key value violates unique constraint \
              "stock_pkey"]
          ConstraintViolationException \
            | could not execute statement [ERROR: null value in column "warehouse" of relation \
              "stock" violates not-null constraint]
          org.hibernate.PropertyValueException \
            | not-null property references a null or transient value : Stock.warehouse
          org.springframework.dao.DataIntegrityViolationException \
            | could not execute statement; SQL [n/a]; constraint [null]; nested exception is \
              org.hibernate.exception.ConstraintViolationException: could not execute statement
          jakarta.validation.ConstraintViolationException \
            | Validation failed for classes [Stock] during persist time for groups \
              [jakarta.validation.groups.Default]
          feign.codec.DecodeException \
            | JSON parse error: Unrecognized field "qty" (class Stock), not marked as ignorable
          io.grpc.StatusRuntimeException | INVALID_ARGUMENT: missing required field 'warehouse'
          grpc | rpc error: code = InvalidArgument desc = invalid request: missing field warehouse
          requests.exceptions.HTTPError \
            | 400 Client Error: Bad Request for url: https://api.partner.com/v1/reserve - \
              {"error":"invalid request: missing required field 'warehouse'"}
          httpx.HTTPStatusError \
            | Client error '400 Bad Request' for url 'https://api.partner.com/v1/reserve' - \
              Missing required field 'warehouse'
          Refit.ApiException \
            | Response status code does not indicate success: 400 (Bad Request). Content: \
              {"title":"One or more validation errors occurred.","errors":{"Sku":["required"]}}
          HTTPError | Response code 400 (Bad Request): Missing required field 'warehouse'
          System.Text.Json.JsonException \
            | Failed to decode response: The JSON value could not be converted to System.Int32.
          json.UnmarshalTypeError \
            | reading response body: json: cannot unmarshal string into Go struct field Stock.qty
          org.postgresql.util.PSQLException | ERROR: invalid input syntax for type uuid: "abc"
          System.Data.Entity.Validation.DbEntityValidationException \
            | Validation failed for one or more entities. See 'EntityValidationErrors' property \
              for more details.
          IllegalArgumentException \
            | Invalid input: tenant config missing required property 'region'
          pydantic_core._pydantic_core.ValidationError \
            | 1 validation error for Settings database_url Field required [type=missing]
          Error | Config validation error: "DATABASE_URL" is required
          validator.ValidationErrors \
            | Key: 'Config.Region' Error:Field validation for 'Region' failed on the 'required' tag
          Error | partner API rejected reserve: 400 validation failed: warehouse is required
          KafkaConsumer \
            | Failed to deserialize payload of record stock-events-3@1842: Unexpected character
          SyntaxError | Unexpected token < in JSON at position 0
          ThrottlingException | Rate exceeded: validation failed for request
          """)
  void of_isFalseForALookAlikeOnTheClientDatabaseOrConfigurationSide(String type, String message) {
    assertThat(rejection(type, message)).isFalse();
  }

  @Test
  void of_takesABareJsonSyntaxErrorForARejectionOnlyWhenBodyParserThrewIt() {
    String message = "Unexpected token } in JSON at position 12";
    String bodyParser =
        "SyntaxError: "
            + message
            + "\n    at JSON.parse (<anonymous>)"
            + "\n    at parse (/app/node_modules/body-parser/lib/types/json.js:92:19)";
    String fetch =
        "SyntaxError: " + message + "\n    at JSON.parse (<anonymous>)\n    at Response.json";

    assertThat(RequestRejection.of(error("inventory", 0, "SyntaxError", message, bodyParser, 1)))
        .isTrue();
    assertThat(RequestRejection.of(error("inventory", 0, "SyntaxError", message, fetch, 1)))
        .isFalse();
  }

  private static Anomaly held(String resource, String metric, int afterT, double from, double to) {
    Instant at = T.plusSeconds(afterT);
    return Incidents.rise(resource, metric, at, from, to).seenUntil(at.plusSeconds(900));
  }

  /**
   * gw calls orders, released five minutes before, which calls inventory; inventory logs {@code
   * type: message} 200 times, and orders relays inventory's failure as a 500.
   */
  private static RootCauseAnalysis inventoryLogs(String type, String message) {
    InMemoryTopologyGraph graph =
        InMemoryTopologyGraph.builder()
            .resource(ResourceRef.of("gw", "api_gateway"))
            .resource(ResourceRef.of("orders", "web_app"))
            .resource(ResourceRef.of("inventory", "web_app"))
            .dependsOn("gw", "orders", "http")
            .dependsOn("orders", "inventory", "http")
            .change(
                ChangeEvent.deployment(
                    "orders-v8", T.minus(Duration.ofMinutes(5)), "orders", "v8", "v7"))
            .build();
    List<Anomaly> anomalies =
        List.of(
            held("inventory", "error_rate", 0, 0.01, 0.6),
            held("orders", "error_rate", 20, 0.01, 0.5),
            held("gw", "error_rate", 40, 0.01, 0.4));
    List<ErrorEvent> errors =
        List.of(
            error("inventory", 5, type, message),
            error(
                "orders",
                25,
                "FeignException$InternalServerError",
                "[500] during [GET] to [http://inventory/stock]"));
    return TopologyErrorCorrelator.create(graph)
        .analyze(new IncidentContext("gw", WINDOW, errors, anomalies, List.of()));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          HandlerMethodValidationException | 400 BAD_REQUEST "Validation failure"
          gin \
            | Key: 'Order.Amount' Error:Field validation for 'Amount' failed on the 'required' tag
          """)
  void aReleaseWhoseRequestsItsDependencyRejectsIsTheRoot(String type, String message) {
    RootCauseCandidate top = inventoryLogs(type, message).rootCause().orElseThrow();

    assertThat(top.resource().id()).isEqualTo("orders");
    assertThat(top.change().map(ChangeEvent::id)).contains("orders-v8");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          org.hibernate.exception.ConstraintViolationException \
            | could not execute statement [ERROR: duplicate key value violates unique constraint \
              "stock_pkey"]
          feign.codec.DecodeException \
            | JSON parse error: Unrecognized field "qty" (class Stock), not marked as ignorable
          io.grpc.StatusRuntimeException | INVALID_ARGUMENT: missing required field 'warehouse'
          """)
  void aDependencyFailingOnItsOwnWithRequestLikeWordsIsTheRoot(String type, String message) {
    RootCauseCandidate top = inventoryLogs(type, message).rootCause().orElseThrow();

    assertThat(top.resource().id()).isEqualTo("inventory");
    assertThat(top.change()).isEmpty();
  }
}
