package io.topdeck.monitoring.testkit;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of a platform's allow-list of read operations: an HTTP method and a path pattern, and
 * for a query endpoint read through POST, the pattern its body must match.
 *
 * @param method the HTTP method, for example {@code GET}
 * @param path the pattern the whole path (with query) must match
 * @param body the pattern the whole body must match; {@code .*} for any
 */
public record ReadOnlyRule(String method, Pattern path, Pattern body) {

  public ReadOnlyRule {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(body, "body");
  }

  /** Returns a rule allowing {@code GET} on paths matching {@code pathRegex}. */
  public static ReadOnlyRule get(String pathRegex) {
    return new ReadOnlyRule("GET", Pattern.compile(pathRegex), Pattern.compile("(?s).*"));
  }

  /** Returns a rule allowing a read-only {@code POST} query endpoint. */
  public static ReadOnlyRule post(String pathRegex, String bodyRegex) {
    return new ReadOnlyRule("POST", Pattern.compile(pathRegex), Pattern.compile(bodyRegex));
  }

  /** Returns whether {@code call} is allowed by this rule. */
  public boolean allows(RecordedCall call) {
    return method.equalsIgnoreCase(call.method())
        && path.matcher(call.path()).matches()
        && body.matcher(call.body()).matches();
  }
}
