package io.topdeck.monitoring.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusConfigTest {

  private static final String TOKEN = "s3cr3t-token-value";

  @Test
  void defaultsApplyWhenOnlyUrlIsGiven() {
    PrometheusConfig config =
        PrometheusConfig.from(PlatformConfig.of("prometheus", Map.of("url", "https://prom:9090")));

    assertThat(config.url()).isEqualTo(URI.create("https://prom:9090"));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.maxPointsPerRequest()).isEqualTo(11_000);
    assertThat(config.maxResponseBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(config.scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.httpConvention()).isEqualTo(HttpConvention.AUTO);
    assertThat(config.bearerToken()).isNull();
  }

  @Test
  void everyPropertyIsRead() {
    PrometheusConfig config =
        PrometheusConfig.from(
            new PlatformConfig(
                "prometheus",
                Map.of(
                    "url", "https://host/prometheus",
                    "connectTimeout", "500ms",
                    "readTimeout", "PT1M",
                    "username", "reader",
                    "maxPointsPerRequest", "500",
                    "maxResponseBytes", "4096",
                    "scrapeInterval", "30s",
                    "httpConvention", "http_request_duration",
                    "promql.p95", "histogram_quantile(0.95, x{${selector}})"),
                Map.of("password", Secret.of("pw"))));

    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.username()).isEqualTo("reader");
    assertThat(config.password()).isEqualTo(Secret.of("pw"));
    assertThat(config.maxPointsPerRequest()).isEqualTo(500);
    assertThat(config.maxResponseBytes()).isEqualTo(4096);
    assertThat(config.scrapeInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.httpConvention()).isEqualTo(HttpConvention.HTTP_REQUEST_DURATION);
    assertThat(config.template("p95")).isEqualTo("histogram_quantile(0.95, x{${selector}})");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () ->
                PrometheusConfig.from(
                    new PlatformConfig(
                        "prometheus",
                        Map.of(
                            "connectTimeout", "soon",
                            "maxPointsPerRequest", "1",
                            "httpConvention", "rails",
                            "colour", "blue",
                            "promql.p42", "x"),
                        Map.of("apiKey", Secret.of(TOKEN)))));

    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "unknown property colour; known are [allowInsecureHttp, callTimeout, connectTimeout,"
                + " httpConvention, maxPointsPerRequest, maxRequestsPerRange, maxResponseBytes,"
                + " readTimeout,"
                + " scrapeInterval, url, username]",
            "unknown secret apiKey; known are [bearerToken, password]",
            "url is required",
            "connectTimeout must be a duration like 500ms, 5s, 2m or PT5S, but was 'soon'",
            "httpConvention must be auto, micrometer or http_request_duration, but was 'rails'",
            "maxPointsPerRequest must be at least 2, but was 1",
            "promql.p42 is not a known template; known are "
                + String.join(", ", PromQlTemplates.KEYS));
    assertThat(e.getMessage()).startsWith("7 configuration problems: ").doesNotContain(TOKEN);
  }

  @Test
  void malformedUrlIsRefusedClearly() {
    assertThatThrownBy(
            () ->
                PrometheusConfig.from(
                    PlatformConfig.of("prometheus", Map.of("url", "http://bad host:9090"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "url is malformed (Illegal character in authority at index 7), but was"
                + " 'http://bad host:9090'");
    assertThatThrownBy(() -> PrometheusConfig.builder("ftp://prom:21").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("url must use http or https, but was 'ftp://prom:21'");
    assertThatThrownBy(() -> PrometheusConfig.builder("prom:9090/x").build())
        .hasMessage("url must start with http:// or https://, but was 'prom:9090/x'");
    assertThatThrownBy(() -> PrometheusConfig.builder("127.0.0.1:9090").build())
        .hasMessage("url must start with http:// or https://, but was '127.0.0.1:9090'");
    assertThatThrownBy(() -> PrometheusConfig.builder("/api").build())
        .hasMessage("url must start with http:// or https://, but was '/api'");
  }

  @Test
  void urlWithUserInfoIsRefusedWithoutEchoingIt() {
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () -> PrometheusConfig.builder("http://admin:" + TOKEN + "@prom:9090?x=1").build());

    assertThat(e.getMessage())
        .doesNotContain(TOKEN)
        .contains("url must not hold user info; use username and the secret password instead")
        .contains("url must hold no query or fragment, but was <redacted: holds '@'>");
  }

  @Test
  void bearerTokenAndBasicAuthAreExclusiveAndUsernameNeedsPassword() {
    assertThatThrownBy(
            () ->
                PrometheusConfig.from(
                    new PlatformConfig(
                        "prometheus",
                        Map.of("url", "https://p:9090", "username", "u"),
                        Map.of("bearerToken", Secret.of(TOKEN)))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("bearerToken and username/password are exclusive")
        .hasMessageContaining("username and password must be given together")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void credentialWithTrailingNewlineIsRejectedWithoutItsValue() {
    assertThatThrownBy(() -> Secret.of(TOKEN + "\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("trailing newline")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void toStringNeverShowsSecrets() {
    PrometheusConfig bearer =
        PrometheusConfig.builder("https://p:9090").bearerToken(Secret.of(TOKEN)).build();
    PrometheusConfig basic =
        PrometheusConfig.builder("https://p:9090").basicAuth("u", Secret.of(TOKEN)).build();

    assertThat(bearer.toString()).doesNotContain(TOKEN).contains("bearerToken=OBFUSCATED");
    assertThat(basic.toString()).doesNotContain(TOKEN).contains("username=u, password=OBFUSCATED");
  }

  @Test
  void builderRejectsNonPositiveTimeoutsAndTinyBodyLimit() {
    assertThatThrownBy(
            () ->
                PrometheusConfig.builder("https://p:9090")
                    .readTimeout(Duration.ZERO)
                    .maxResponseBytes(10)
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "2 configuration problems: readTimeout must be between 1ms and 24h, but was PT0S;"
                + " maxResponseBytes must be between 1024 and 1073741824, but was 10");
  }

  @Test
  void plainHttpToANonLoopbackHostIsRefusedUnlessAllowed() {
    assertThatThrownBy(
            () ->
                PrometheusConfig.from(
                    PlatformConfig.of("prometheus", Map.of("url", "http://prom.internal:9090"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "url uses plain http to non-loopback host prom.internal; use https, or allow insecure"
                + " HTTP explicitly");

    PrometheusConfig allowed =
        PrometheusConfig.from(
            PlatformConfig.of(
                "prometheus",
                Map.of("url", "http://prom.internal:9090", "allowInsecureHttp", "true")));
    assertThat(allowed.allowInsecureHttp()).isTrue();
    assertThat(PrometheusConfig.builder("http://127.0.0.1:9090").build().url().getPort())
        .isEqualTo(9090);
    assertThat(PrometheusConfig.builder("http://localhost:9090").build().url().getHost())
        .isEqualTo("localhost");
  }

  @Test
  void allowInsecureHttpMustBeABoolean() {
    assertThatThrownBy(
            () ->
                PrometheusConfig.from(
                    PlatformConfig.of(
                        "prometheus",
                        Map.of("url", "https://prom:9090", "allowInsecureHttp", "yes"))))
        .hasMessage("allowInsecureHttp must be true or false, but was 'yes'");
  }
}
