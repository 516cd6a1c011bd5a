package io.topdeck.monitoring.core.engine.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.topdeck.monitoring.api.ConfigurationException;
import io.topdeck.monitoring.api.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

  @TempDir Path dir;

  private Path file(String content) throws Exception {
    Path path = dir.resolve("secret-" + content.length() + "-" + System.nanoTime());
    Files.writeString(path, content, StandardCharsets.UTF_8);
    return path;
  }

  @Test
  void anEnvironmentVariableIsReadAndAMissingOneIsNamedInTheMessage() {
    assertThat(Secrets.fromEnvironment("TD_KEY", Map.of("TD_KEY", "k-123")).reveal())
        .isEqualTo("k-123");
    assertThatThrownBy(() -> Secrets.fromEnvironment("TD_MISSING", Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("TD_MISSING");
  }

  @Test
  void aControlCharacterInAnEnvironmentVariableIsRejectedWithoutShowingTheValue() {
    assertThatThrownBy(() -> Secrets.fromEnvironment("TD_KEY", Map.of("TD_KEY", "abc\tdef-secret")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("TD_KEY")
        .hasMessageNotContaining("abc")
        .hasMessageNotContaining("def-secret");
  }

  @Test
  void exactlyOneTrailingLineBreakIsStrippedFromAFile() throws Exception {
    assertThat(Secrets.fromFile(file("value\n")).reveal()).isEqualTo("value");
    assertThat(Secrets.fromFile(file("value\r\n")).reveal()).isEqualTo("value");
    assertThat(Secrets.fromFile(file("value")).reveal()).isEqualTo("value");
    assertThat(Secrets.fromFile(file(" spaced value ")).reveal()).isEqualTo(" spaced value ");
  }

  @Test
  void aLeadingByteOrderMarkIsStrippedFromAFile() throws Exception {
    assertThat(Secrets.fromFile(file("\uFEFFvalue\r\n")).reveal()).isEqualTo("value");
    assertThat(Secrets.fromFile(file("va\uFEFFlue")).reveal()).isEqualTo("va\uFEFFlue");
  }

  @Test
  void aSecondTrailingLineBreakOrAnEmptyFileIsRejectedWithoutShowingTheValue() throws Exception {
    assertThatThrownBy(() -> Secrets.fromFile(file("hidden-value\n\n")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("secret file")
        .hasMessageNotContaining("hidden-value");
    assertThatThrownBy(() -> Secrets.fromFile(file("\n")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> Secrets.fromFile(dir.resolve("absent")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cannot read");
  }

  @Test
  void aCredentialChainReturnsTheFirstSourceThatHasOneAndReportsAllWhenNoneHas() {
    Supplier<Optional<Secret>> none = Optional::empty;
    Supplier<Optional<Secret>> broken =
        () -> Optional.of(Secrets.fromEnvironment("TD_X", Map.of()));
    Supplier<Optional<Secret>> found = () -> Optional.of(Secret.of("from-chain"));

    assertThat(Secrets.firstOf("datadog apiKey", List.of(none, broken, found)).reveal())
        .isEqualTo("from-chain");
    assertThatThrownBy(() -> Secrets.firstOf("datadog apiKey", List.of(none, broken)))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> assertThat(e.problems()).hasSize(2).anyMatch(p -> p.contains("TD_X")));
  }
}
