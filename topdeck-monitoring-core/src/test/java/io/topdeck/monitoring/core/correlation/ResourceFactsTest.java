package io.topdeck.monitoring.core.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.topdeck.monitoring.api.Anomaly;
import io.topdeck.monitoring.api.ResourceRef;
import io.topdeck.monitoring.api.Severity;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How one resource's anomalies weigh when their series went on climbing after being flagged. */
class ResourceFactsTest {

  private static final Instant T = Instant.parse("2026-12-01T09:40:00Z");
  private static final Instant END = T.plus(Duration.ofMinutes(17));

  private static Anomaly flagged(String metric, double baseline, double value) {
    return new Anomaly(
        metric, "db", T, T, Severity.MEDIUM, baseline, value, 7, 0.54, metric + " rose");
  }

  @Test
  void weight_countsHowFarAClimbingSeriesWentWhileFlagged() {
    Anomaly cpu = flagged("cpu_percent", 28.6, 47.4);

    assertThat(ResourceFacts.weight(cpu)).isCloseTo(0.54 * 0.6, within(1e-9));
    assertThat(ResourceFacts.weight(cpu.seenUntil(END, 99.9))).isEqualTo(1.0);
    // Twice as far from the baseline as when flagged: twice the weight.
    assertThat(ResourceFacts.weight(cpu.seenUntil(END, 66.2)))
        .isCloseTo(2 * 0.54 * 0.6, within(1e-9));
  }

  @Test
  void weight_ofASpikeIsWhatItWasWhenFlagged() {
    Anomaly spike = flagged("latency_ms", 30, 68).seenUntil(T, 68);

    assertThat(ResourceFacts.growth(spike)).isEqualTo(1.0);
    assertThat(ResourceFacts.weight(spike)).isCloseTo(0.54 * 0.6, within(1e-9));
  }

  @Test
  void demandRise_countsASurgeThatBuiltAfterItWasFlagged() {
    ResourceFacts building = new ResourceFacts(ResourceRef.of("svc", "service"));
    building.anomalies.add(flagged("request_rate", 191, 238).seenUntil(END, 422));
    ResourceFacts opened = new ResourceFacts(ResourceRef.of("svc", "service"));
    opened.anomalies.add(flagged("request_rate", 191, 238));

    assertThat(building.demandRise()).hasSize(1);
    assertThat(opened.demandRise()).isEmpty();
  }

  @Test
  void saturation_readsSharesAndPercentagesButNotAmountsWithoutAScale() {
    ResourceFacts percent = new ResourceFacts(ResourceRef.of("cache", "redis"));
    percent.anomalies.add(flagged("memory_percent", 40, 95));
    ResourceFacts bytes = new ResourceFacts(ResourceRef.of("cache", "redis"));
    bytes.anomalies.add(flagged("used_memory_bytes", 2e9, 6e9));

    assertThat(percent.saturation()).hasSize(1);
    assertThat(bytes.saturation()).isEmpty();
  }

  private static ResourceFacts cacheWith(Duration each, int episodes) {
    ResourceFacts cache = new ResourceFacts(ResourceRef.of("cache", "redis"));
    for (int i = 0; i < episodes; i++) {
      Instant start = T.plus(Duration.ofMinutes(5L * i));
      cache.anomalies.add(
          new Anomaly(
                  "error_rate", "cache", start, start, Severity.HIGH, 0.001, 0.3, 8, 0.95, "burst")
              .seenUntil(start.plus(each)));
    }
    return cache;
  }

  @Test
  void blip_isNotAResourceThatKeepsFallingOutOfLineForSeveralSamples() {
    Duration burst = Duration.ofSeconds(45);

    assertThat(cacheWith(burst, 1).blip()).isTrue();
    assertThat(cacheWith(burst, 2).blip()).isTrue();
    assertThat(cacheWith(burst, 3).flapping()).isTrue();
    assertThat(cacheWith(burst, 3).blip()).isFalse();
    // Single points out of line, even on one series again and again, are noise.
    assertThat(cacheWith(Duration.ZERO, 4).flapping()).isFalse();
    assertThat(cacheWith(Duration.ZERO, 4).blip()).isTrue();
  }

  private static io.topdeck.monitoring.api.ErrorEvent error(String type, String message, long n) {
    return new io.topdeck.monitoring.api.ErrorEvent(
        type + n,
        "test",
        java.util.Optional.of("svc"),
        T,
        type,
        message,
        "",
        java.util.Optional.empty(),
        n,
        java.util.OptionalLong.empty(),
        java.util.Map.of());
  }

  @Test
  void describedOnset_saysWhetherTheFirstSignWasAnErrorOrAnAnomaly() {
    Instant later = T.plusSeconds(73);
    Anomaly errorRate =
        new Anomaly("errorRate", "svc", later, later, Severity.HIGH, 0.01, 0.05, 30, 1, "up");
    ResourceFacts errorFirst = new ResourceFacts(ResourceRef.of("svc", "web_app"));
    errorFirst.errors.add(error("HttpServerErrorException", "500 on POST /api/orders", 40));
    errorFirst.anomalies.add(errorRate);
    ResourceFacts anomalyOnly = new ResourceFacts(ResourceRef.of("svc", "web_app"));
    anomalyOnly.anomalies.add(errorRate);

    assertThat(errorFirst.describedOnset()).contains("an error at 2026-12-01T09:40:00Z");
    assertThat(anomalyOnly.describedOnset()).contains("an anomaly from 2026-12-01T09:41:13Z");
    assertThat(new ResourceFacts(ResourceRef.of("svc", "web_app")).describedOnset()).isEmpty();
  }

  @Test
  void rejectsRequests_onlyWhenMostOfManyErrorsTurnRequestsAway() {
    ResourceFacts storm = new ResourceFacts(ResourceRef.of("svc", "web_app"));
    storm.errors.add(
        error("MissingRequestHeaderException", "Required header X-Tenant missing", 40));
    storm.errors.add(error("SocketTimeoutException", "Read timed out", 5));
    ResourceFacts background = new ResourceFacts(ResourceRef.of("svc", "web_app"));
    background.errors.add(
        error("HttpMessageNotReadableException", "JSON parse error: Unexpected character", 4));
    ResourceFacts own = new ResourceFacts(ResourceRef.of("svc", "web_app"));
    own.errors.add(
        error("HttpMessageNotReadableException", "JSON parse error: Unexpected character", 12));
    own.errors.add(error("NullPointerException", "order is null", 30));

    assertThat(storm.rejectsRequests()).isTrue();
    assertThat(background.rejectsRequests()).isFalse();
    assertThat(own.rejectsRequests()).isFalse();
  }

  private static boolean rejects(String type, String message) {
    ResourceFacts facts = new ResourceFacts(ResourceRef.of("svc", "web_app"));
    facts.errors.add(error(type, message, 60));
    return facts.rejectsRequests();
  }

  @Test
  void rejectsRequests_forErrorsThatSayTheRequestItselfWasBad() {
    assertThat(
            rejects("MissingRequestHeaderException", "Required header 'X-Tenant' is not present"))
        .isTrue();
    assertThat(rejects("HttpMessageNotReadableException", "Required request body is missing"))
        .isTrue();
    assertThat(rejects("MethodArgumentNotValidException", "Validation failed for argument [0]"))
        .isTrue();
    assertThat(rejects("ConstraintViolationException", "create.request.currency: must not be null"))
        .isTrue();
    assertThat(
            rejects(
                "MissingRequestHeaderException",
                "Required request header 'X-RateLimit-Client' for method parameter type String is"
                    + " not present"))
        .isTrue();
    assertThat(
            rejects(
                "MethodArgumentNotValidException",
                "Validation failed: field 'quotaId' must not be null"))
        .isTrue();
    assertThat(rejects("ResponseStatusException", "400 BAD_REQUEST \"Invalid request body\""))
        .isTrue();
    assertThat(rejects("JsonParseException", "Could not parse the request body")).isTrue();
    assertThat(rejects("ValidationException", "Missing required field 'amount'")).isTrue();
  }

  @Test
  void rejectsRequests_notForA400InAFailingResourcesOwnErrorsNorForThrottling() {
    assertThat(
            rejects(
                "SQLServerException",
                "Transaction (Process ID 400) was deadlocked on lock resources with another"
                    + " process and has been chosen as the deadlock victim."))
        .isFalse();
    assertThat(rejects("SQLException", "Lock wait timeout exceeded after 400 ms")).isFalse();
    assertThat(
            rejects(
                "ProvisionedThroughputExceededException",
                "The level of configured provisioned throughput for the table was exceeded"
                    + " (Service: DynamoDb, Status Code: 400, Request ID: 7QF)"))
        .isFalse();
    assertThat(rejects("AmazonDynamoDBException", "Rate exceeded (Status Code: 400)")).isFalse();
    assertThat(rejects("IllegalStateException", "Connection must not be null")).isFalse();
    assertThat(rejects("IllegalArgumentException", "Pool size 422 is invalid")).isFalse();
  }

  @Test
  void rejectsRequests_notForAStatusAloneNorForAnAnswerToACallTheResourceMade() {
    // A status code or reason phrase does not say which side of the call the resource was on.
    assertThat(rejects("BadRequestException", "400 Bad Request")).isFalse();
    assertThat(rejects("ApiException", "HTTP 422 Unprocessable Entity")).isFalse();
    // A third-party API or a dependency turned away what this resource sent.
    assertThat(
            rejects(
                "HttpClientErrorException$BadRequest",
                "400 Bad Request: {\"error\":{\"type\":\"invalid_request_error\","
                    + "\"message\":\"Invalid API Key provided\"}}"))
        .isFalse();
    assertThat(
            rejects(
                "HttpClientErrorException$BadRequest",
                "400 Bad Request: {\"error\":\"Missing required field 'amount'\"}"))
        .isFalse();
    assertThat(
            rejects(
                "WebClientResponseException$BadRequest",
                "400 Bad Request from POST http://payments/charge: Validation failed"))
        .isFalse();
    assertThat(
            rejects(
                "FeignException$BadRequest",
                "[400] during [POST] to [http://inventory/stock]: [Malformed JSON body]"))
        .isFalse();
    assertThat(
            rejects(
                "AxiosError",
                "Request failed with status code 400 (POST https://api.stripe.com/v1/charges):"
                    + " invalid request"))
        .isFalse();
    assertThat(
            rejects(
                "AmazonDynamoDBException",
                "One or more parameter values were invalid: Missing the key id in the item"
                    + " (Service: AmazonDynamoDBv2; Status Code: 400; Error Code:"
                    + " ValidationException; Request ID: 5K2)"))
        .isFalse();
    assertThat(
            rejects(
                "ExpiredTokenException",
                "The security token included in the request is expired (Service:"
                    + " AmazonDynamoDBv2; Status Code: 400; Error Code: ExpiredTokenException;"
                    + " Request ID: 5K2)"))
        .isFalse();
  }

  @Test
  void rejectsRequests_notForThrottlingInAnyOfItsWordings() {
    assertThat(rejects("ThrottlingException", "Validation failed: request was throttled"))
        .isFalse();
    assertThat(rejects("ValidationException", "Rate limit exceeded for required header 'X-Key'"))
        .isFalse();
    assertThat(rejects("TooManyRequestsException", "Missing required header 'X-Client'")).isFalse();
    assertThat(rejects("HttpMessageNotReadableException", "Quota exceeded; json parse error"))
        .isFalse();
  }

  @Test
  void errorCount_holdsAtLongMaxValueInsteadOfWrapping() {
    ResourceFacts facts = new ResourceFacts(ResourceRef.of("svc", "web_app"));
    facts.errors.add(error("Boom", "boom", 1L << 62));
    facts.errors.add(error("Bam", "bam", 1L << 62));
    facts.errors.add(
        error("MissingRequestHeaderException", "Required header 'X-Tenant'", Long.MAX_VALUE));

    assertThat(facts.errorCount()).isEqualTo(Long.MAX_VALUE);
    assertThat(facts.strength()).isFinite().isPositive();
    // Half the errors, held at the cap like the total, still count as most of them.
    assertThat(facts.rejectsRequests()).isTrue();
  }

  @Test
  void weight_ofAShareAtTheTopOfItsScaleIsNotDiscountedAsACount() {
    // 1.0 is every request failing, a pool fully taken, a CPU fully busy: not one event.
    Anomaly outage = flagged("error_rate", 0, 1.0);
    Anomaly pool = flagged("connectionPoolUsage", 0.3, 1.0);
    Anomaly cpu = flagged("cpu_utilization", 0.35, 1.0);

    for (Anomaly share : new Anomaly[] {outage, pool, cpu}) {
      assertThat(ResourceFacts.isSmallCount(share)).as(share.metricName()).isFalse();
      assertThat(ResourceFacts.weight(share)).isCloseTo(0.54 * 0.6, within(1e-9));
    }
  }

  @Test
  void weight_ofASmallCountKeepsItsPoissonDiscount() {
    Anomaly deadlock = flagged("deadlocks", 0, 1);
    Anomaly restarts = flagged("containerRestarts", 0.2, 2).seenUntil(END, 2);

    assertThat(ResourceFacts.isSmallCount(deadlock)).isTrue();
    assertThat(ResourceFacts.weight(deadlock)).isZero();
    assertThat(ResourceFacts.isSmallCount(restarts)).isTrue();
    // A count that went on to a fraction while flagged is no count of events.
    assertThat(ResourceFacts.isSmallCount(flagged("deadlocks", 0, 1).seenUntil(END, 1.5)))
        .isFalse();
  }

  @Test
  void readsAsShare_forTheRatioAndPercentageNamesOfTheApiAndExporters() {
    for (String name :
        new String[] {
          "error_rate",
          "errorRate",
          "connection_pool_usage",
          "connectionPoolUsage",
          "cpuPercent",
          "memory_percent",
          "hit_ratio",
          "hikaricp_connections_usage",
          "cpu_utilization",
          "disk_used_pct",
          "dtu_consumption_percent",
          "packet_loss",
          "saturation",
          "availability"
        }) {
      assertThat(ResourceFacts.readsAsShare(name)).as(name).isTrue();
    }
    for (String name :
        new String[] {
          "deadlocks",
          "containerRestarts",
          "timeouts",
          "oom_kills",
          "kube_pod_container_status_restarts_total"
        }) {
      assertThat(ResourceFacts.readsAsShare(name)).as(name).isFalse();
    }
  }
}
