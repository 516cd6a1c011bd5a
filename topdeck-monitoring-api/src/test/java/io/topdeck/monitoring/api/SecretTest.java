package io.topdeck.monitoring.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {

  @Test
  void toStringNeverShowsTheValue() {
    Secret secret = Secret.of("s3cr3t-token-value");

    assertThat(secret.toString()).doesNotContain("s3cr3t").isEqualTo("Secret[****]");
    assertThat(secret.reveal()).isEqualTo("s3cr3t-token-value");
  }

  @Test
  void trailingNewlineIsRejectedWithoutEchoingTheValue() {
    assertThatThrownBy(() -> Secret.of("abc-token-123\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("control characters")
        .hasMessageContaining("trailing newline")
        .hasMessageNotContaining("abc-token-123");
  }

  @Test
  void embeddedControlCharacterIsRejectedWithItsPosition() {
    assertThatThrownBy(() -> Secret.of("ab\tcd"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "secret must not contain control characters, but has U+0009 at position 2 of 5");
  }

  @Test
  void emptySecretIsRejected() {
    assertThatThrownBy(() -> Secret.of("")).hasMessage("secret must not be empty");
  }

  @Test
  void secretsWithTheSameValueAreEqual() {
    assertThat(Secret.of("k1")).isEqualTo(Secret.of("k1")).isNotEqualTo(Secret.of("k2"));
  }

  @Test
  void platformConfigShowsSecretNamesOnly() {
    PlatformConfig config =
        new PlatformConfig(
            "prometheus",
            java.util.Map.of("url", "http://127.0.0.1:9090"),
            java.util.Map.of("bearerToken", Secret.of("tok-987")));

    assertThat(config.toString())
        .contains("bearerToken")
        .contains("http://127.0.0.1:9090")
        .doesNotContain("tok-987");
  }

  @Test
  void platformConfigHidesUserInfoOfUrlsAndValuesOfCredentialLikeKeys() {
    PlatformConfig config =
        new PlatformConfig(
            "prometheus",
            java.util.Map.of(
                "url", "http://u:pw-123@h:9090/p?q=1",
                "proxy", "socks5://admin@proxy:1080",
                "apiToken", "tok-456",
                "Password", "pw-789",
                "client.secret", "sec-1",
                "accessKey", "ak-2",
                "credentialsFile", "/etc/creds",
                "homepage", "https://example.org/a@b"),
            java.util.Map.of());

    assertThat(config.toString())
        .isEqualTo(
            "PlatformConfig[platform=prometheus, properties={Password=****, accessKey=****,"
                + " apiToken=****, client.secret=****, credentialsFile=****,"
                + " homepage=https://example.org/a@b, proxy=socks5://****@proxy:1080,"
                + " url=http://****@h:9090/p?q=1}, secrets=[]]");
  }
}
