package io.topdeck.monitoring.core.correlation;

import io.topdeck.monitoring.api.ErrorEvent;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Well-known failure patterns recognised in an error's type, message and error-code attributes.
 *
 * <p>Recognition is by keywords and vendor error codes (SQL Server 1205, MySQL 1213, PostgreSQL
 * 40P01 for deadlocks), so an error worded differently from these patterns goes unrecognised.
 *
 * @since 0.1.0
 */
public enum ErrorSignature {
  /** A transaction was chosen as a deadlock victim. */
  DEADLOCK("deadlock", Pattern.compile("deadlock"), Set.of("1205", "1213", "40p01")),
  /** A call, query or lock wait timed out. */
  TIMEOUT(
      "timeout",
      Pattern.compile("time[d]?[ -]?out|timeoutexception|lock wait timeout"),
      Set.of("-2", "1222", "57014")),
  /** A connection pool ran out of connections, or the server refused more. */
  CONNECTION_POOL(
      "connection pool exhaustion",
      Pattern.compile(
          "connection pool|pool exhausted|too many connections|max_pool_size|"
              + "could not get (a )?(jdbc )?connection|connection is not available"),
      Set.of("1040", "53300", "10928")),
  /** The process ran out of memory. */
  OUT_OF_MEMORY("out of memory", Pattern.compile("outofmemory|out of memory"), Set.of());

  private static final List<String> CODE_KEYS =
      List.of("error_code", "errorCode", "error.code", "sql_error_code", "number", "sqlstate");
  private static final List<String> TABLE_KEYS =
      List.of("table", "db.sql.table", "db.table", "db.collection.name", "object");
  private static final Pattern TABLE_IN_MESSAGE =
      Pattern.compile(
          "(?i)\\btable\\s+['\"`\\[]?([A-Za-z_][\\w.]*)"
              + "|\\bobject(?:\\s+name)?\\s+['\"`\\[]([A-Za-z_][\\w.]*)");

  private final String label;
  private final Pattern pattern;
  private final Set<String> codes;

  ErrorSignature(String label, Pattern pattern, Set<String> codes) {
    this.label = label;
    this.pattern = pattern;
    this.codes = codes;
  }

  /** Returns the signature in words, for example {@code deadlock}. */
  public String label() {
    return label;
  }

  /** Returns the signatures {@code error} shows; empty when none is recognised. */
  public static Set<ErrorSignature> of(ErrorEvent error) {
    String text = Texts.errorText(error);
    Set<ErrorSignature> found = EnumSet.noneOf(ErrorSignature.class);
    for (ErrorSignature s : values()) {
      if (s.pattern.matcher(text).find() || s.hasCode(error)) {
        found.add(s);
      }
    }
    return found;
  }

  /**
   * Returns the table (or other database object) the error names, from an attribute such as {@code
   * db.sql.table} or from "table X" in its message.
   */
  public static Optional<String> table(ErrorEvent error) {
    for (String key : TABLE_KEYS) {
      String value = error.attributes().get(key);
      if (value != null && !value.isBlank()) {
        return Optional.of(value.trim());
      }
    }
    Matcher m = TABLE_IN_MESSAGE.matcher(error.message());
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
  }

  private boolean hasCode(ErrorEvent error) {
    for (String key : CODE_KEYS) {
      String value = error.attributes().get(key);
      if (value != null && codes.contains(value.trim().toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }
}
