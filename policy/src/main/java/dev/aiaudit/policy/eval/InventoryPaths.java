package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Whether a plain path names something the inventory contract can hold, by walking
 * {@code schemas/inventory-item.schema.json}: a key absent from an object that allows no other keys
 * is unknown ({@code ai.riskClas}); below a free-form object (annotations, limits) anything goes.
 */
final class InventoryPaths {
  private static final JsonNode SCHEMA = load();

  private InventoryPaths() {}

  static boolean known(String path) {
    List<String> names;
    try {
      names = FieldPath.parse(path).names();
    } catch (IllegalArgumentException e) {
      return true; // a syntax error is reported as such by the caller
    }
    JsonNode node = SCHEMA;
    for (String name : names) {
      node = deref(node);
      if (name == null) {
        if (!node.path("type").asText("array").equals("array")) {
          return false;
        }
        if (!node.has("items")) {
          return true;
        }
        node = node.get("items");
        continue;
      }
      if (node.path("properties").has(name)) {
        node = node.path("properties").get(name);
      } else if (node.path("additionalProperties").isObject()) {
        node = node.get("additionalProperties");
      } else if (node.path("additionalProperties").isBoolean() && !node.get("additionalProperties").booleanValue()) {
        return false;
      } else if (node.has("type") && !node.path("type").asText().equals("object")) {
        return false;
      } else {
        return true;
      }
    }
    return true;
  }

  private static JsonNode deref(JsonNode node) {
    String ref = node.path("$ref").asText("");
    if (ref.startsWith("#/$defs/")) {
      return SCHEMA.path("$defs").path(ref.substring("#/$defs/".length()));
    }
    return node;
  }

  private static JsonNode load() {
    try (InputStream in = InventoryPaths.class.getResourceAsStream("/schemas/inventory-item.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("schemas/inventory-item.schema.json missing from the classpath");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
