package io.topdeck.monitoring.api;

import java.util.Map;
import java.util.Objects;

/**
 * A reference to a monitored resource: a node of the dependency topology.
 *
 * @param id the stable identifier (an ARM id, an ARN, or any id unique within the topology)
 * @param type the resource type, for example {@code web_app}, {@code sql_database}, {@code
 *     Microsoft.Web/sites} or {@code AWS::RDS::DBInstance}
 * @param name the human-readable name
 * @param attributes platform identities and tags, for example {@code job}, {@code instance}, {@code
 *     role_name}, {@code region}
 */
public record ResourceRef(String id, String type, String name, Map<String, String> attributes) {

  public ResourceRef {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    attributes = Map.copyOf(attributes);
  }

  /** Returns a reference with no attributes. */
  public static ResourceRef of(String id, String type) {
    return new ResourceRef(id, type, id, Map.of());
  }

  /** Returns a reference with the given attributes. */
  public static ResourceRef of(String id, String type, Map<String, String> attributes) {
    return new ResourceRef(id, type, id, attributes);
  }

  /** Returns the attribute {@code key}, or {@code null} when absent. */
  public String attribute(String key) {
    return attributes.get(key);
  }
}
