package io.topdeck.monitoring.core.topology.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The field mapping of TopDeck's topology model, the same one the Neo4j adapter ({@code
 * topdeck-monitoring-neo4j}) applies to the graph: property names, defaults and time forms.
 */
final class TopDeckFields {

  /** The attribute-name prefix of a tag. */
  static final String TAG_PREFIX = "tag.";

  /** The resource properties carried as attributes. */
  static final List<String> RESOURCE_ATTRIBUTES =
      List.of(
          "region",
          "cloud_provider",
          "status",
          "health_status",
          "environment",
          "resource_group",
          "subscription_id");

  /** The deployment properties carried as attributes of the change. */
  static final List<String> DEPLOYMENT_ATTRIBUTES =
      List.of(
          "pipeline_name",
          "deployed_by",
          "commit_sha",
          "environment",
          "run_number",
          "change_ticket_id");

  /** The type of a resource that has none. */
  static final String UNKNOWN_TYPE = "unknown";

  /** The category of a DEPENDS_ON edge that has none. */
  static final String UNKNOWN_CATEGORY = "unknown";

  /** The category of a CONNECTS_TO edge that has neither category nor protocol. */
  static final String NETWORK_CATEGORY = "network";

  /** The strength of a DEPENDS_ON edge that has none: a hard dependency. */
  static final double DEFAULT_DEPENDS_ON_STRENGTH = 1.0;

  /** The strength of a CONNECTS_TO edge that has none: a connection may not be a dependency. */
  static final double DEFAULT_CONNECTS_TO_STRENGTH = 0.5;

  private TopDeckFields() {}

  /**
   * Returns the instant an ISO-8601 text denotes: with an offset, with a zone, or without either
   * (then UTC, as TopDeck writes times from a naive UTC clock). A space instead of the {@code T} is
   * accepted.
   */
  static Optional<Instant> parseInstant(String text) {
    String s = text.trim();
    if (s.length() > 10 && s.charAt(10) == ' ') {
      s = s.substring(0, 10) + 'T' + s.substring(11);
    }
    try {
      return Optional.of(OffsetDateTime.parse(s).toInstant());
    } catch (DateTimeException e) {
      // Not with an offset: try the next form.
    }
    try {
      return Optional.of(ZonedDateTime.parse(s).toInstant());
    } catch (DateTimeException e) {
      // Not with a zone: try the next form.
    }
    try {
      return Optional.of(LocalDateTime.parse(s).toInstant(ZoneOffset.UTC));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
