package io.topdeck.monitoring.core.correlation;

import io.topdeck.monitoring.api.ErrorEvent;
import java.util.regex.Pattern;

/**
 * Tells whether an error says that the resource logging it turned away a request it received
 * because the request itself was bad (see {@link #of}).
 *
 * <p>The same words are often written on both sides of a call: a server logs the "400" and the
 * validation message it answered, and the client that received them logs the same status and
 * message. Only the words of the serving side count, as exception names or phrases that the server
 * frameworks write (Spring, ASP.NET Core, Express and Fastify, FastAPI, Flask, gin); the client
 * libraries, the database drivers and throttling each veto an error outright. Reading an error on
 * the wrong side blames a caller's release for a dependency's own fault, so an ambiguous wording
 * counts as no rejection.
 */
final class RequestRejection {

  /**
   * Words of an error that says a request the resource received was turned away because the request
   * itself was bad: a required header, parameter, part or field missing, a body that cannot be
   * parsed or read, a payload that fails validation. Recognised by:
   *
   * <ul>
   *   <li>Spring's exception names ({@code MissingRequestHeaderException}, {@code
   *       HttpMessageNotReadableException}, {@code MethodArgumentNotValidException}, 6.1's {@code
   *       HandlerMethodValidationException}, WebFlux's {@code ServerWebInputException}) and Bean
   *       Validation's {@code ConstraintViolationException}, unqualified or in {@code
   *       jakarta.validation} or {@code javax.validation}; Hibernate's exception of the same name
   *       reports the database refusing a write and is vetoed by {@link #STATEMENT_REFUSED};
   *   <li>ASP.NET Core's model binding ("Failed to read parameter \"T x\" from the request body",
   *       "Failed to bind parameter", "One or more validation errors occurred") and
   *       System.Text.Json's "The JSON value could not be converted to";
   *   <li>Express's body-parser (its error type {@code entity.parse.failed}; see {@link #of} for
   *       its bare {@code SyntaxError}), Joi ({@code "amount" is required}), Fastify's schema check
   *       ("body must have required property"), NestJS's pipes ("Validation failed (numeric string
   *       is expected)");
   *   <li>FastAPI's {@code RequestValidationError}, Pydantic's "1 validation error for Model",
   *       werkzeug's "The browser (or proxy) sent a request that this server could not understand";
   *   <li>Go: the validator behind gin ("Key: 'Order.Amount' Error:Field validation for 'Amount'
   *       failed on the 'required' tag") and encoding/json's "cannot unmarshal ... into Go struct
   *       field" and "unknown field";
   *   <li>plain phrases: "missing required header", "malformed request", "invalid request body",
   *       "could not parse the request body".
   * </ul>
   *
   * <p>A status code or a reason phrase alone ("400 Bad Request", "HTTP 422") is not enough: it
   * does not say which side of a call the resource was on. Neither is a "must not be null" alone
   * (Spring's {@code Assert} says that of a missing connection), the word "invalid" or "validation
   * failed" alone, "invalid input" (PostgreSQL writes "invalid input syntax" of a value the service
   * put in a statement) or a missing "property" (a service's own configuration lacks properties).
   *
   * <p>Known shortcomings: Pydantic's message, the gin validator's, encoding/json's and
   * System.Text.Json's read the same whether the service was binding a request or decoding a
   * dependency's response or its own configuration; they count unless the error says it was reading
   * a response (see {@link #OUTGOING_CALL}) or names a model or struct ending in "Settings" or
   * "Config". ASP.NET Core's "One or more validation errors occurred" is the title of the answer it
   * gives, so a client logging that answer with none of the client words of {@link #OUTGOING_CALL}
   * is read as rejecting.
   */
  private static final Pattern REJECTED_REQUEST =
      Pattern.compile(
          "missingrequestheader|missingservletrequestparameter|missingservletrequestpart"
              + "|missingpathvariable|missingrequestcookie|missingrequestvalue"
              + "|missingmatrixvariable|unsatisfiedservletrequestparameter"
              + "|unsatisfiedrequestparameter|serverwebinputexception|webexchangebindexception"
              + "|httpmessagenotreadable|httpmediatypenotsupported|methodargumentnotvalid"
              + "|methodargumenttypemismatch|handlermethodvalidation"
              + "|(?<![\\w.])constraintviolationexception"
              + "|(jakarta|javax)\\.validation\\.constraintviolationexception"
              + "|validation failed for argument|validation failed \\([\\w ]+ expected\\)"
              + "|request validation failed|requestvalidationerror"
              + "|\\b\\d+ validation errors? for (?![\\w.]*(settings|config)\\b)[\\w.]+"
              + "|key: '(?![\\w.]*(settings|config)\\.)[\\w.\\[\\]]+' error:field validation for"
              + "|json: cannot unmarshal \\w+ into go struct field|json: unknown field \""
              + "|failed to read parameter \"[^\"]*\" from the request"
              + "|failed to bind parameter \"|one or more validation errors occurred"
              + "|the json value could not be converted to"
              + "|sent a request that this server could not understand"
              + "|entity\\.parse\\.failed"
              + "|(?<!config validation error: )\"[\\w.\\[\\]]+\" is required"
              + "|\\b(body|querystring|params|headers) must have required property"
              + "|json parse error"
              + "|missing (required )?(request )?(header|parameter|field|body)"
              + "|required (request )?(header|parameter|field|body)"
              + "|malformed (request|json|body|payload|header|parameter|content)"
              + "|invalid (request|json|body|payload)\\b"
              + "|(could not|cannot|can't|failed to|unable to) (parse|read|deserialize)"
              + " (the )?(request|json|body|http message)");

  /**
   * Words of an error that reports a call the resource made, not a request it received. The body a
   * dependency answered can carry its own validation message ("Missing required field 'amount'");
   * that rejection is the dependency's, and the caller logging it is not rejecting anything, so
   * such an error never counts as a rejected request. Recognised by:
   *
   * <ul>
   *   <li>the exception types of HTTP, gRPC and cloud SDK clients: Spring's {@code
   *       HttpClientErrorException} and {@code WebClientResponseException}, anything of Feign's
   *       ({@code FeignException}, {@code feign.codec.DecodeException} when the answer cannot be
   *       read), grpc-java's {@code StatusRuntimeException}, the AWS SDK's;
   *   <li>the messages of clients: the AWS SDK's "(Service: ...; Status Code: ...)", axios'
   *       "Request failed with status code", got's "Response code 400 (Bad Request)", .NET
   *       HttpClient's and Refit's "Response status code does not indicate success", grpc-go's "rpc
   *       error: code =", requests' and httpx's "... for url: https://...";
   *   <li>a method with the URL it was sent to ("from POST http://payments/charge", "[POST] to
   *       [http://...]");
   *   <li>an error that says it was reading a response ("decoding response", "response body").
   * </ul>
   *
   * <p>Known shortcomings: a client this list does not name, logging a dependency's validation
   * message without a URL, is still read as a rejection of its own. A gRPC server that logs the
   * {@code INVALID_ARGUMENT} it returned through grpc-java's or grpc-go's own error type is read as
   * a client, so its rejections go unseen.
   */
  private static final Pattern OUTGOING_CALL =
      Pattern.compile(
          "httpclienterrorexception|httpservererrorexception|httpstatuscodeexception"
              + "|restclientresponseexception|restclientexception|webclientresponseexception"
              + "|webclientrequestexception|feignexception|\\bfeign\\.|awsserviceexception"
              + "|amazonserviceexception|sdkclientexception|statusruntimeexception"
              + "|\\(service: [^)]*status code"
              + "|request failed with status code|response code \\d{3} \\("
              + "|response status code does not indicate success|\\brpc error: code ="
              + "|\\bfor url:? ?'?https?://"
              + "|\\b(get|post|put|patch|delete|head)\\]?\\s+(to\\s+\\[?)?https?://"
              + "|\\b(from|calling|call to)\\s+\\[?https?://"
              + "|\\b(read|reading|decode|decoding|parse|parsing|deserialize|deserializing)"
              + " (the |an? )?(http |json )?response|\\bresponse body\\b");

  /**
   * Words of an error that says a database refused a statement the resource sent: a driver's
   * exception type ({@code PSQLException}, {@code SqlException}, {@code SQLServerException}),
   * Hibernate's "could not execute statement" and "not-null property references a null", Spring's
   * {@code DataIntegrityViolationException}, a key or a constraint violated, and an ORM's own check
   * of the entities it is about to write (Hibernate Validator's "during persist time", Entity
   * Framework's "Validation failed for one or more entities"). The data may well have come from a
   * caller, but the service chose to write it, and the same errors follow a schema migration or a
   * change of the service's own queries, so they never count as a rejected request. This is what
   * Hibernate's {@code org.hibernate.exception.ConstraintViolationException} is told apart by from
   * Bean Validation's exception of the same name.
   */
  private static final Pattern STATEMENT_REFUSED =
      Pattern.compile(
          "\\b(psql|sql|sqlserver|mysql|npgsql|postgres|oracle|sqlite)exception\\b"
              + "|could not execute statement|dataintegrityviolation|integrityconstraintviolation"
              + "|hibernate\\.exception\\.|not-null property references a null"
              + "|duplicate key|duplicate entry"
              + "|violates (unique|not-null|foreign key|check|exclusion) constraint"
              + "|null value in column|cannot insert (the value )?null"
              + "|during (persist|update|remove) time|for one or more entities"
              + "|entityvalidationerrors");

  /**
   * Words of an error that says a request was refused for the load or a limit, not for what it
   * carried: throttling, a rate or quota exceeded. Some services answer these with HTTP 400, and
   * they come from a resource short of capacity, so an error with these words never counts as a
   * rejected request. They are matched as phrases or as whole exception names, never inside an
   * identifier: a header named {@code X-RateLimit-Client} or a field named {@code quotaId} that a
   * request lacked is a rejection like any other.
   */
  private static final Pattern THROTTLED =
      Pattern.compile(
          "\\b(throttl(e|ed|es|ing)|rate[ -]?limited|(rate[ -]?limit|rate|quota|request limit)"
              + " exceeded|exceeded (your |the )?(current )?(rate limit|quota)"
              + "|too many requests|slow ?down|toomanyrequests|provisionedthroughputexceeded"
              + "|(request)?limitexceeded|throughputexceeded|quotaexceeded)(exception)?\\b");

  /**
   * A frame of Express's body-parser in a stack trace: the JSON parser's bare {@code SyntaxError}
   * ("Unexpected token } in JSON at position 12") says whose body it was only there.
   */
  private static final Pattern BODY_PARSER_FRAME = Pattern.compile("[/\\\\]body-parser[/\\\\]");

  private RequestRejection() {}

  /**
   * Returns whether {@code error} says the resource turned away a request it received because the
   * request itself was bad: its type and message carry words of {@link #REJECTED_REQUEST}, or it is
   * a JSON {@code SyntaxError} thrown inside Express's body-parser; and none of {@link
   * #OUTGOING_CALL}, {@link #STATEMENT_REFUSED} or {@link #THROTTLED}. A bare {@code SyntaxError}
   * from {@code JSON.parse} is not enough: a Node service gets the same when a dependency answers
   * an HTML error page where JSON was expected.
   */
  static boolean of(ErrorEvent error) {
    String text = Texts.errorText(error);
    boolean rejected =
        REJECTED_REQUEST.matcher(text).find()
            || (text.startsWith("syntaxerror")
                && BODY_PARSER_FRAME.matcher(error.stackTrace()).find());
    return rejected
        && !OUTGOING_CALL.matcher(text).find()
        && !STATEMENT_REFUSED.matcher(text).find()
        && !THROTTLED.matcher(text).find();
  }
}
