package io.topdeck.monitoring.core.engine.security;

import io.topdeck.monitoring.api.Secret;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials and personal data from text before it is logged or returned: every error
 * message and stack trace the engine logs or reports, and the message and stack trace of each
 * {@link io.topdeck.monitoring.api.ErrorEvent} a platform returns, go through one masker.
 *
 * <p>Built-in rules, each replacing the sensitive part with {@value #MASK}:
 *
 * <ul>
 *   <li>bearer and basic authorization values ({@code Bearer eyJ...}) and JSON web tokens;
 *   <li>AWS access key ids ({@code AKIA...}, {@code ASIA...});
 *   <li>Datadog API keys (32 hex digits) and application keys (40 hex digits);
 *   <li>New Relic user keys ({@code NRAK-...});
 *   <li>passwords in URLs ({@code scheme://user:password@host}: the password goes);
 *   <li>connection-string and query-string credentials ({@code Password=...;}, {@code pwd=...},
 *       {@code api_key=...}, {@code token=...}, {@code secret=...});
 *   <li>e-mail addresses;
 *   <li>the literal values of secrets given to {@link Builder#secret(Secret)}.
 * </ul>
 *
 * <p>All rules are compiled into one pattern when the masker is built, and a text is scanned once.
 * A known shortcoming: any standalone run of exactly 32 or 40 lowercase hex digits is masked, so
 * W3C trace ids and SHA-1 commit hashes quoted in messages are masked too; structured fields such
 * as {@code ErrorEvent.correlationId} are not masked and keep them.
 */
public final class Masker {

  /** The replacement of each masked part. */
  public static final String MASK = "****";

  private static final String[] BUILT_IN = {
    // Group "keep" holds the part of the match that stays (a scheme and user, a key name).
    "(?<authKeep>(?i:bearer|basic)\\s+)[A-Za-z0-9\\-._~+/]{8,}=*",
    "eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*",
    "\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b",
    "\\bNRAK-[A-Za-z0-9]{20,}\\b",
    "(?<![A-Za-z0-9])(?:[a-f0-9]{40}|[a-f0-9]{32})(?![A-Za-z0-9])",
    "(?<urlKeep>\\b[A-Za-z][A-Za-z0-9+.-]*://[^/\\s:@]+:)[^/\\s@]+(?=@)",
    "(?<kvKeep>(?i:\\b(?:password|passwd|pwd|api[_-]?key|app[_-]?key|access[_-]?token|"
        + "token|secret|client[_-]?secret)\\b[\"']?)\\s*[=:]\\s*[\"']?)[^\\s;&\"',}]+",
    "\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}\\b",
  };

  private static final Masker DEFAULT = builder().build();

  private final Pattern pattern;

  private Masker(Pattern pattern) {
    this.pattern = pattern;
  }

  /** Returns a masker with the built-in rules only. */
  public static Masker defaults() {
    return DEFAULT;
  }

  /** Returns a builder that starts from the built-in rules. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns {@code text} with every sensitive part replaced. Line breaks are kept, so that stack
   * traces stay readable; use {@link #maskLine} for log lines. Returns an empty string for {@code
   * null}.
   */
  public String mask(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    do {
      out.append(text, last, matcher.start());
      String keep = kept(matcher);
      if (keep != null) {
        out.append(keep);
      }
      out.append(MASK);
      last = matcher.end();
    } while (matcher.find());
    return out.append(text, last, text.length()).toString();
  }

  /**
   * Returns {@code text} masked and on one line: each CR, LF and other control character becomes a
   * space, so that a value cannot forge log lines.
   */
  public String maskLine(String text) {
    String masked = mask(text);
    StringBuilder out = null;
    for (int i = 0; i < masked.length(); i++) {
      if (Character.isISOControl(masked.charAt(i))) {
        if (out == null) {
          out = new StringBuilder(masked);
        }
        out.setCharAt(i, ' ');
      }
    }
    return out == null ? masked : out.toString();
  }

  /**
   * Returns the masked message of {@code error} on one line, or its class name when it has none.
   */
  public String message(Throwable error) {
    String message = error.getMessage();
    return message == null ? error.getClass().getName() : maskLine(message);
  }

  /** Returns the masked stack trace of {@code error}, causes included. */
  public String stackTrace(Throwable error) {
    StringWriter writer = new StringWriter();
    error.printStackTrace(new PrintWriter(writer));
    return mask(writer.toString());
  }

  private static String kept(Matcher matcher) {
    for (String group : new String[] {"authKeep", "urlKeep", "kvKeep"}) {
      String value = matcher.group(group);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** Builds a {@link Masker}. */
  public static final class Builder {

    private final List<String> extra = new ArrayList<>();

    private Builder() {}

    /** Adds a rule: every match of {@code regex} is replaced as a whole. */
    public Builder pattern(Pattern regex) {
      Objects.requireNonNull(regex, "regex");
      // Named groups in the caller's pattern would clash with ours; a non-capturing wrapper keeps
      // its own numbered groups harmless.
      extra.add("(?:" + regex.pattern() + ")");
      return this;
    }

    /** Adds the literal value of {@code secret}, so that it is masked wherever it appears. */
    public Builder secret(Secret secret) {
      Objects.requireNonNull(secret, "secret");
      extra.add(Pattern.quote(secret.reveal()));
      return this;
    }

    /** Returns the masker, with all rules compiled into one pattern. */
    public Masker build() {
      List<String> rules = new ArrayList<>(extra);
      // Literal secrets and extra rules come first, so that they win over a shorter built-in match.
      rules.addAll(List.of(BUILT_IN));
      return new Masker(Pattern.compile(String.join("|", rules)));
    }
  }
}
