package io.topdeck.monitoring.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointPolicyTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://api.datadoghq.com",
        "http://localhost:9090",
        "http://127.0.0.1:8080/x",
        "http://127.5.6.7",
        "http://[::1]:9090"
      })
  void httpsAndLoopbackHttpAreAllowedByDefault(String url) {
    assertThat(EndpointPolicy.secure().check("url", url).toString()).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://prometheus.internal:9090",
        "http://10.0.0.5",
        "http://localhost.evil.com",
        "http://cafe:8080"
      })
  void plainHttpToANonLoopbackHostIsRefusedUnlessExplicitlyAllowed(String url) {
    assertThatThrownBy(() -> EndpointPolicy.secure().check("url", url))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("plain http");
    assertThat(new EndpointPolicy(true).check("url", url)).hasToString(url);
  }

  @Test
  void urlsWithCredentialsAreRefusedWithoutEchoingThem() {
    assertThatThrownBy(() -> new EndpointPolicy(true).check("url", "https://bob:hunter2@host"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void malformedOrNonHttpUrlsAreRefused() {
    assertThatThrownBy(() -> EndpointPolicy.secure().check("url", "ftp://host"))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> EndpointPolicy.secure().check("url", "http://bad host"))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> EndpointPolicy.secure().check("url", ""))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("must be set");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://user:s3cretPw@my_host:9090/",
        "https://admin:s3cretPw@host:notaport/",
        "ftp://admin:s3cretPw@host/",
        "https://admin:s3cretPw@x@host_name/path?q=1"
      })
  void urlsWhoseCredentialsTheUriClassCannotSplitAreRefusedWithoutEchoingThem(String url) {
    assertThatThrownBy(() -> new EndpointPolicy(true).check("url", url))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageNotContaining("s3cretPw")
        .hasMessageNotContaining("admin")
        .hasMessageNotContaining("my_host")
        .hasMessageContaining("credentials");
  }

  @Test
  void redactionKeepsTheSchemeHostAndPathAndDropsAllBeforeTheLastAt() {
    assertThat(EndpointPolicy.redacted("https://a:b@c@host:1/p@q"))
        .isEqualTo("https://" + Masker.MASK + "@host:1/p@q");
    assertThat(EndpointPolicy.redacted("https://host/p@q")).isEqualTo("https://host/p@q");
  }
}
