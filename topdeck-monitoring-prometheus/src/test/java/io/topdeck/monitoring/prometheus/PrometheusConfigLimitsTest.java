package io.topdeck.monitoring.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.PlatformConfig;
import io.topdeck.monitoring.api.Secret;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusConfigLimitsTest {

  private static PrometheusConfig from(Map<String, String> properties) {
    return PrometheusConfig.from(new PlatformConfig("prometheus", properties, Map.of()));
  }

  @Test
  void timeoutsBelowAMillisecondOrAboveADayAreRefused() {
    assertThatThrownBy(
            () ->
                from(
                    Map.of(
                        "url", "https://prom:9090",
                        "readTimeout", "PT0.0005S",
                        "connectTimeout", "999999999h",
                        "callTimeout", "25h")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "3 configuration problems: connectTimeout must be between 1ms and 24h, but was"
                + " PT999999999H; readTimeout must be between 1ms and 24h, but was PT0.0005S;"
                + " callTimeout must be between 1ms and 24h, but was PT25H");
  }

  @Test
  void timeoutsOfExactlyAMillisecondAndADayAreAccepted() {
    PrometheusConfig config =
        PrometheusConfig.builder("https://prom:9090")
            .connectTimeout(Duration.ofMillis(1))
            .readTimeout(Duration.ofHours(24))
            .callTimeout(Duration.ofHours(24))
            .build();

    assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(1));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofHours(24));
    assertThat(new PrometheusClient(config)).isNotNull();
  }

  @Test
  void callTimeoutDefaultsToAMinuteOrConnectPlusTwiceReadWhicheverIsLonger() {
    assertThat(from(Map.of("url", "https://prom:9090", "readTimeout", "10s")).callTimeout())
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(from(Map.of("url", "https://prom:9090")).callTimeout())
        .isEqualTo(Duration.ofSeconds(65));
    assertThat(from(Map.of("url", "https://prom:9090", "readTimeout", "2m")).callTimeout())
        .isEqualTo(Duration.ofSeconds(245));
    assertThat(from(Map.of("url", "https://prom:9090", "readTimeout", "20h")).callTimeout())
        .isEqualTo(Duration.ofHours(24));
    assertThat(from(Map.of("url", "https://prom:9090", "callTimeout", "10s")).callTimeout())
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void maxRequestsPerRangeIsReadAndBounded() {
    assertThat(from(Map.of("url", "https://prom:9090")).maxRequestsPerRange()).isEqualTo(100);
    assertThat(
            from(Map.of("url", "https://prom:9090", "maxRequestsPerRange", "7"))
                .maxRequestsPerRange())
        .isEqualTo(7);
    assertThatThrownBy(() -> from(Map.of("url", "https://prom:9090", "maxRequestsPerRange", "0")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("maxRequestsPerRange must be between 1 and 1000000, but was 0");
  }

  @Test
  void bearerTokenThatCannotBeSentInAHeaderIsRefusedWithoutItsValue() {
    for (String token : new String[] {"tök\u00e9n-abc123", "abc 123", "abc\u00a0123"}) {
      assertThatThrownBy(
              () ->
                  PrometheusConfig.builder("https://prom:9090")
                      .bearerToken(Secret.of(token))
                      .build())
          .as(token)
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "bearerToken must be non-empty visible ASCII (it is sent as is in a header), but"
                  + " holds other characters")
          .hasMessageNotContaining("abc");
    }
  }

  @Test
  void passwordWithNonAsciiCharactersIsAcceptedSinceBasicAuthEncodesIt() {
    PrometheusConfig config =
        PrometheusConfig.builder("https://prom:9090")
            .basicAuth("reader", Secret.of("pässwörd"))
            .build();

    assertThat(config.password()).isEqualTo(Secret.of("pässwörd"));
  }

  @Test
  void templateWithAnUnknownPlaceholderIsRefusedListingTheKnownOnes() {
    assertThatThrownBy(
            () ->
                from(
                    Map.of(
                        "url",
                        "https://prom:9090",
                        "promql.cpu",
                        "rate(x{${selector}}[${windw}]) + y[${Step}]")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "promql.cpu uses unknown placeholder ${windw}, ${Step}; known are ${selector},"
                + " ${podSelector}, ${window}, ${step}");
  }

  @Test
  void urlWithAQueryIsRefusedWithoutEchoingTheQuery() {
    assertThatThrownBy(
            () -> PrometheusConfig.builder("http://h:9090/prom?access_token=abc123#x").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "url must hold no query or fragment, but was 'http://h:9090/prom' (query and fragment"
                + " not shown)")
        .hasMessageNotContaining("abc123");
  }

  @Test
  void malformedUrlWithAQueryIsRefusedWithoutEchoingTheQuery() {
    assertThatThrownBy(() -> PrometheusConfig.builder("http://h:9090/a b?token=abc123").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("url is malformed (")
        .hasMessageEndingWith("but was 'http://h:9090/a b' (query and fragment not shown)")
        .hasMessageNotContaining("abc123");
  }
}
