package io.topdeck.monitoring.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MaskerTest {

  /** Each entry: a text holding a secret, then the secret that must not survive. */
  static List<String[]> corpus() {
    return List.of(
        new String[] {
          "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-abc_123",
          "eyJhbGciOiJIUzI1NiJ9"
        },
        new String[] {"401 for bearer ya29.a0AfH6SMBx-token_value", "ya29.a0AfH6SMBx-token_value"},
        new String[] {"header Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="},
        new String[] {
          "token eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl in query", "eyJpc3MiOiJ4In0"
        },
        new String[] {"The security token AKIAIOSFODNN7EXAMPLE is invalid", "AKIAIOSFODNN7EXAMPLE"},
        new String[] {"session ASIAY34FZKBOKMUTVV7A expired", "ASIAY34FZKBOKMUTVV7A"},
        new String[] {
          "dd api key 0123456789abcdef0123456789abcdef rejected", "0123456789abcdef0123456789abcdef"
        },
        new String[] {
          "dd app key=0123456789abcdef0123456789abcdef01234567;",
          "0123456789abcdef0123456789abcdef01234567"
        },
        new String[] {
          "app key 89abcdef0123456789abcdef0123456789abcdef",
          "89abcdef0123456789abcdef0123456789abcdef"
        },
        new String[] {
          "NerdGraph refused NRAK-ABCDEFGHIJKLMNOPQRSTUVWXYZ1", "NRAK-ABCDEFGHIJKLMNOPQRSTUVWXYZ1"
        },
        new String[] {"connect https://admin:s3cr3t!@db.example.com:5432/x failed", "s3cr3t!"},
        new String[] {"jdbc:postgresql://svc:pa%24%24@10.0.0.1/db", "pa%24%24"},
        new String[] {
          "Server=tcp:x;Database=y;User Id=u;Password=P@ssw0rd-1;Encrypt=true", "P@ssw0rd-1"
        },
        new String[] {"Driver={ODBC};Uid=me;PWD=Sup3rSecret;", "Sup3rSecret"},
        new String[] {"GET /api/v1/series?api_key=abcDEF123456&from=1", "abcDEF123456"},
        new String[] {"{\"client_secret\": \"zz-top-secret-zz\"}", "zz-top-secret-zz"},
        new String[] {
          "user jane.doe+ops@example.co.uk not authorised", "jane.doe+ops@example.co.uk"
        },
        new String[] {"env DB_PASSWORD=Sup3rS3cret! loaded", "Sup3rS3cret!"},
        new String[] {"redis auth pass=leak1234 failed", "leak1234"},
        new String[] {"refresh_token=rt-8f7a6b5c4d&grant=refresh", "rt-8f7a6b5c4d"},
        new String[] {"client_token=ct-1a2b3c4d5e", "ct-1a2b3c4d5e"},
        new String[] {"-DmysqlPassword=myS3cretPw", "myS3cretPw"},
        new String[] {
          "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        },
        new String[] {
          "aws_secret_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY in profile",
          "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        },
        new String[] {"cannot reach redis://:r3disPass@cache:6379/0", "r3disPass"},
        new String[] {"body {\\\"password\\\":\\\"jsonEsc4ped\\\"}", "jsonEsc4ped"},
        new String[] {"GET /login?user=bob&password%3DurlEnc0ded", "urlEnc0ded"},
        new String[] {"Server=x;Password=\"pa;ss;word\";Encrypt=true", "ss;word"},
        new String[] {"password='my secret phrase' rejected", "secret phrase"},
        new String[] {"Authorization: Bearer abc%2Bdef%2Fghi123", "def%2Fghi123"},
        new String[] {"mongodb://app:pa/ss/w0rd@mongo:27017/db", "ss/w0rd"},
        new String[] {"config {\"password\": \"ab\\\"cd-tail\"}", "cd-tail"},
        new String[] {"password='it\\'s-hidden' rejected", "s-hidden"},
        new String[] {"Driver={ODBC};PWD={semi;colon};Uid=me", "colon"});
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void noSecretOfTheCorpusSurvivesMasking(String text, String secret) {
    String masked = Masker.defaults().mask(text);

    assertThat(masked).doesNotContain(secret).contains(Masker.MASK);
  }

  @Test
  void theWholeCorpusInOneStackTraceIsMaskedAndKeepsItsLineBreaks() {
    StringBuilder trace = new StringBuilder();
    corpus().forEach(entry -> trace.append(entry[0]).append('\n'));

    String masked = Masker.defaults().mask(trace.toString());

    corpus().forEach(entry -> assertThat(masked).doesNotContain(entry[1]));
    assertThat(masked.lines()).hasSize(corpus().size());
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void everyTextOfTheCorpusTripsTheFastScan(String text, String secret) {
    assertThat(Masker.mayHoldSecret(text)).isTrue();
  }

  @Test
  void aCleanTextSkipsTheExpressionAndComesBackUnchanged() {
    String clean = "at io.topdeck.Foo.bar(Foo.java:42) caused by timeout on shard 7; retried";

    assertThat(Masker.mayHoldSecret(clean)).isFalse();
    assertThat(Masker.defaults().mask(clean)).isSameAs(clean);
  }

  @Test
  void maskedPartsKeepTheirContextSoMessagesStayReadable() {
    Masker masker = Masker.defaults();

    assertThat(masker.mask("https://admin:pw@host/x")).isEqualTo("https://admin:****@host/x");
    assertThat(masker.mask("Password=abc;Encrypt=true")).isEqualTo("Password=****;Encrypt=true");
    assertThat(masker.mask("Bearer abcdefghij")).isEqualTo("Bearer ****");
    assertThat(masker.mask("nothing to hide here")).isEqualTo("nothing to hide here");
  }

  @Test
  void logLinesLoseTheirLineBreaksSoAValueCannotForgeALine() {
    String masked = Masker.defaults().maskLine("bad value\r\n[main] INFO forged line\nend");

    assertThat(masked)
        .doesNotContain("\r")
        .doesNotContain("\n")
        .isEqualTo("bad value  [main] INFO forged line end");
  }

  @Test
  void extraPatternsAndKnownSecretsAreMaskedToo() {
    Masker masker =
        Masker.builder()
            .pattern(Pattern.compile("tenant-[0-9]{4}"))
            .secret(Secret.of("plain-looking-value"))
            .build();

    String masked = masker.mask("tenant-1234 used plain-looking-value with AKIAIOSFODNN7EXAMPLE");

    assertThat(masked).isEqualTo("**** used **** with ****");
  }

  @Test
  void throwablesAreMaskedInMessageAndStackTrace() {
    Exception error =
        new IllegalStateException(
            "wrapped", new RuntimeException("call with token=abc123secret failed"));

    String trace = Masker.defaults().stackTrace(error);

    assertThat(trace).contains("wrapped").contains("token=****").doesNotContain("abc123secret");
    assertThat(Masker.defaults().message(new RuntimeException("pwd=x1\nnext")))
        .isEqualTo("pwd=**** next");
  }

  /** Texts of about 60 000 characters that made rules retried at every word start quadratic. */
  static List<String> pathologicalTexts() {
    return List.of(
        "a-".repeat(30_000) + " key",
        "-a".repeat(30_000) + "@",
        "x@" + "a-".repeat(30_000),
        "-eyJ".repeat(15_000) + " token",
        "a://".repeat(15_000) + "@",
        "a.".repeat(30_000) + "@b");
  }

  @ParameterizedTest
  @MethodSource("pathologicalTexts")
  void maskingTakesLinearTimeOnPathologicalTexts(String text) {
    // The quadratic rules took minutes on these; a linear scan takes about a tenth of a second
    // (two seconds were seen at a load average of 12 on two cores), so the bound sits between the
    // two, far from either.
    String masked =
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Masker.defaults().mask(text));

    assertThat(masked).hasSizeGreaterThan(text.length() / 2);
  }

  @Test
  void quotedValuesAreMaskedWholeAndKeepTheirQuotes() {
    Masker masker = Masker.defaults();

    assertThat(masker.mask("Password=\"pa;ss;word\";Encrypt=true"))
        .isEqualTo("Password=\"****\";Encrypt=true");
    assertThat(masker.mask("{\\\"password\\\":\\\"x\\\"}"))
        .isEqualTo("{\\\"password\\\":\\\"****\\\"}");
    assertThat(masker.mask("password%3Dx&next=1")).isEqualTo("password%3D****&next=1");
    assertThat(masker.mask("redis://:pw@host")).isEqualTo("redis://:****@host");
  }

  @Test
  void escapedQuotesBracesAndSlashesStayInsideTheMaskedValue() {
    Masker masker = Masker.defaults();

    assertThat(masker.mask("{\"password\": \"ab\\\"cd\", \"user\": \"u\"}"))
        .isEqualTo("{\"password\": \"****\", \"user\": \"u\"}");
    assertThat(masker.mask("Driver={ODBC};PWD={a;b}}c};Uid=me"))
        .isEqualTo("Driver={ODBC};PWD=****;Uid=me");
    assertThat(masker.mask("postgres://svc:a/b@db:5432/x"))
        .isEqualTo("postgres://svc:****@db:5432/x");
    assertThat(masker.mask("http://host:8080/path")).isEqualTo("http://host:8080/path");
  }

  @Test
  void keyNamesOnlyCountAtTheEndOfAnIdentifier() {
    String clean = "passwordPolicy=strict tokenizer=simple";

    assertThat(Masker.defaults().mask(clean)).isEqualTo(clean);
  }

  @Test
  void aTextLongerThanTheLimitIsCutAtAWhiteSpaceAndMarked() {
    String text = "word ".repeat(20_000) + "token=abc123secret";

    String masked = Masker.defaults().mask(text);

    assertThat(masked)
        .hasSizeLessThanOrEqualTo(Masker.MAX_LENGTH)
        .endsWith(" [truncated " + text.length() + " chars]")
        .doesNotContain("abc123secret");
    assertThat(masked.substring(0, masked.indexOf(" [truncated"))).endsWith("word");
  }

  @Test
  void aSecretBeforeTheCutOfALongTextIsStillMasked() {
    String text = "password=hunter2hunter2 " + "x".repeat(Masker.MAX_LENGTH);

    String masked = Masker.defaults().mask(text);

    assertThat(masked).startsWith("password=**** xxx").endsWith(" chars]");
    assertThat(masked).hasSizeLessThanOrEqualTo(Masker.MAX_LENGTH);
  }
}
