package dev.aiaudit.policy.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Shared Jackson mappers and small node helpers for the inventory package. */
public final class Json {

  public static final ObjectMapper MAPPER = new ObjectMapper();
  static final YAMLMapper YAML = new YAMLMapper();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  public static ObjectNode object() {
    return NODES.objectNode();
  }

  static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** The text at {@code node.path(field)} or null when absent, null or not a scalar. */
  static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isValueNode() && !v.isNull() ? v.asText() : null;
  }

  /** Puts {@code value} unless it is null or blank (missing values are absent, never null). */
  static void putIfPresent(ObjectNode target, String field, String value) {
    if (value != null && !value.isBlank()) {
      target.put(field, value);
    }
  }

  /** Puts {@code value} unless it is missing, null or an empty container. */
  static void putIfPresent(ObjectNode target, String field, JsonNode value) {
    if (value != null && !value.isMissingNode() && !value.isNull()
        && !(value.isContainerNode() && value.isEmpty())) {
      target.set(field, value);
    }
  }
}
