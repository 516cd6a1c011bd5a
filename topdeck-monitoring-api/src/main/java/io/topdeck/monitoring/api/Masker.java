package io.topdeck.monitoring.api;

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
 *   <li>passwords in URLs ({@code scheme://user:password@host}, also with an empty user or a raw
 *       {@code /} in the password: the password goes; a password holding a raw {@code @} is masked
 *       only up to that {@code @});
 *   <li>AWS secret access keys (40 characters) after a name starting {@code aws_secret};
 *   <li>connection-string, query-string, JSON and environment credentials: a value after {@code =},
 *       {@code :} or a URL-encoded {@code %3D}, whose key name ends in {@code password}, {@code
 *       passwd}, {@code pwd}, {@code secret}, {@code token}, {@code api_key}, {@code app_key} or
 *       {@code access_key}, in any case and after any identifier prefix ({@code DB_PASSWORD},
 *       {@code mysqlPassword}, {@code refresh_token}); a quoted value is masked up to its closing
 *       quote, spaces, semicolons and backslash-escaped quotes included, also in JSON escaped as
 *       {@code \"}; an ODBC value in braces ({@code PWD={a;b}}) is masked up to its closing brace;
 *   <li>e-mail addresses;
 *   <li>the literal values of secrets given to {@link Builder#secret(Secret)}.
 * </ul>
 *
 * <p>All rules are compiled into one pattern when the masker is built, and a text is scanned once.
 * Every rule bounds the parts that could be retried at many positions (a URL scheme is at most 32
 * characters, an e-mail local part at most 64, a token header at most 512), so the scan is linear
 * in the length of the text. A text longer than {@link #MAX_LENGTH} characters is cut to that
 * length, at a white space where one is near, and ends with a {@code [truncated N chars]} marker:
 * what follows the cut is dropped, not returned unmasked. Extra rules given to {@link
 * Builder#pattern} must be linear themselves. A known shortcoming: any standalone run of exactly 32
 * or 40 lowercase hex digits is masked, so W3C trace ids and SHA-1 commit hashes quoted in messages
 * are masked too; structured fields such as {@code ErrorEvent.correlationId} are not masked and
 * keep them.
 */
public final class Masker {

  /** The replacement of each masked part. */
  public static final String MASK = "****";

  /**
   * The longest text masked in one call, in characters; the rest of a longer text is dropped and
   * replaced by a marker.
   */
  public static final int MAX_LENGTH = 64 * 1024;

  // Every repetition that can start at many positions of a text is bounded, so that a failed try
  // costs a constant number of steps and a scan stays linear in the length of the text.
  private static final String[] BUILT_IN = {
    // Group "keep" holds the part of the match that stays (a scheme and user, a key name).
    "(?<authKeep>(?i:bearer|basic)\\s+)[A-Za-z0-9\\-._~+/%]{8,}=*",
    "eyJ[A-Za-z0-9_-]{5,512}+\\.[A-Za-z0-9_-]{5,}+\\.[A-Za-z0-9_-]*",
    "\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b",
    "\\bNRAK-[A-Za-z0-9]{20,}\\b",
    "(?<![A-Za-z0-9])(?:[a-f0-9]{40}|[a-f0-9]{32})(?![A-Za-z0-9])",
    // A password may hold '/' although RFC 3986 wants it encoded: people write it raw.
    "(?<urlKeep>\\b[A-Za-z][A-Za-z0-9+.-]{0,31}+://[^/\\s:@]{0,256}+:)[^\\s@]{1,256}+(?=@)",
    "(?<awsKeep>(?i:aws_?secret[A-Za-z0-9_]{0,24}+)[^A-Za-z0-9/+=\\r\\n]{1,8}+)"
        + "[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])",
    // A key name may end a longer identifier (DB_PASSWORD, mysqlPassword, refresh_token); a quoted
    // value is masked whole, up to its closing quote.
    "(?<kvKeep>(?i:[A-Za-z0-9_.-]{0,48}?"
        + "(?:password|passwd|pass|pwd|secret|token|api[_-]?key|app[_-]?key|access[_-]?key)"
        + "(?![A-Za-z0-9])\\\\?[\"']?)"
        + "\\s{0,16}(?:[=:]|%3[Dd])\\s{0,16}(?:\\\\?[\"'])?)"
        // After a plain quote, a backslash escapes the next character (\" stays inside); after an
        // escaped quote (JSON inside a string) the value ends at the next \". An ODBC value in
        // braces runs to its closing brace, semicolons included ("}}" is an escaped brace).
        + "(?:(?<=(?<!\\\\)\")(?:[^\"\\\\\\r\\n]|\\\\[^\\r\\n]){1,1024}+"
        + "|(?<=\\\\\")(?:[^\"\\\\\\r\\n]|\\\\(?!\")){1,1024}+"
        + "|(?<=(?<!\\\\)')(?:[^'\\\\\\r\\n]|\\\\[^\\r\\n]){1,1024}+"
        + "|(?<=\\\\')[^'\\\\\\r\\n]{1,1024}+"
        + "|(?<![\"'])\\{(?:[^}\\r\\n]|\\}\\}){0,1024}+\\}"
        + "|(?<![\"'])(?:[^\\s;&\"',}\\\\]|\\\\(?![\"'])){1,1024}+)",
    "\\b[A-Za-z0-9._%+-]{1,64}+@(?:[A-Za-z0-9-]{1,63}+\\.){1,8}[A-Za-z]{2,63}\\b",
  };

  private static final Masker DEFAULT = builder().build();

  /**
   * Lowercase fragments, one of which a letter run must hold for a built-in rule to match there:
   * the scan for them lets a clean text skip the regular expression altogether.
   */
  private static final String[] TRIGGERS = {
    "bearer", "basic", "pass", "pwd", "key", "token", "secret", "nrak", "akia", "asia", "eyj"
  };

  private static final String[][] TRIGGERS_BY_FIRST_LETTER = new String[26][];

  static {
    for (char letter = 'a'; letter <= 'z'; letter++) {
      char first = letter;
      TRIGGERS_BY_FIRST_LETTER[letter - 'a'] =
          java.util.Arrays.stream(TRIGGERS)
              .filter(t -> t.charAt(0) == first)
              .toArray(String[]::new);
    }
  }

  private final Pattern pattern;
  private final boolean alwaysMatch;

  private Masker(Pattern pattern, boolean alwaysMatch) {
    this.pattern = pattern;
    this.alwaysMatch = alwaysMatch;
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
    if (text.length() > MAX_LENGTH) {
      return mask(truncate(text));
    }
    if (!alwaysMatch && !mayHoldSecret(text)) {
      return text;
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

  /**
   * Returns whether a built-in rule could match somewhere in {@code text}, in one pass over its
   * characters: an {@code @} (e-mail, URL credentials), a run of 32 hex digits (Datadog keys), or a
   * letter run holding one of the {@link #TRIGGERS}. False positives only cost the full match.
   */
  static boolean mayHoldSecret(String text) {
    int hexRun = 0;
    int wordStart = -1;
    int length = text.length();
    for (int i = 0; i <= length; i++) {
      char c = i < length ? text.charAt(i) : ' ';
      if (c == '@') {
        return true;
      }
      hexRun = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ? hexRun + 1 : 0;
      if (hexRun >= 32) {
        return true;
      }
      char lower = (char) (c | 0x20);
      if (lower >= 'a' && lower <= 'z') {
        if (wordStart < 0) {
          wordStart = i;
        }
      } else if (wordStart >= 0) {
        if (holdsTrigger(text, wordStart, i)) {
          return true;
        }
        wordStart = -1;
      }
    }
    return false;
  }

  private static boolean holdsTrigger(String text, int start, int end) {
    for (int j = start; j < end; j++) {
      String[] candidates = TRIGGERS_BY_FIRST_LETTER[(text.charAt(j) | 0x20) - 'a'];
      for (String trigger : candidates) {
        if (j + trigger.length() <= end && matchesLowercase(text, j, trigger)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean matchesLowercase(String text, int offset, String lowercase) {
    for (int k = 1; k < lowercase.length(); k++) {
      if ((text.charAt(offset + k) | 0x20) != lowercase.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the first {@link #MAX_LENGTH} characters of {@code text} or fewer, cut at a white space
   * where one is near so that no secret is cut into a shorter piece that no rule recognises, and a
   * marker telling how much was dropped.
   */
  private static String truncate(String text) {
    String marker = " [truncated " + text.length() + " chars]";
    int limit = MAX_LENGTH - marker.length();
    int cut = limit;
    for (int i = limit; i > limit - 1024; i--) {
      if (Character.isWhitespace(text.charAt(i))) {
        cut = i;
        break;
      }
    }
    return text.substring(0, cut) + marker;
  }

  private static String kept(Matcher matcher) {
    for (String group : new String[] {"authKeep", "urlKeep", "awsKeep", "kvKeep"}) {
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
      // Every built-in rule starts at the start of a word: one look-behind rejects the positions
      // inside words before any rule is tried, which makes a clean text several times faster.
      rules.add("(?<![A-Za-z0-9])(?:" + String.join("|", BUILT_IN) + ")");
      // Extra rules and secrets can match anywhere, so they turn the trigger scan off.
      return new Masker(Pattern.compile(String.join("|", rules)), !extra.isEmpty());
    }
  }
}
