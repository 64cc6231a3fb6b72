package dev.aiaudit.cli.wiring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * The document of {@code <data-dir>/status.json}, built with Jackson: records (sensor counters) become objects with
 * snake_case members, text is escaped by the generator, and the JSON fragments other modules render (attribution,
 * exporters) are parsed and embedded, so a broken fragment fails loudly instead of writing a broken file.
 */
final class StatusJson {
  static final ObjectMapper MAPPER = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private StatusJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** {@code value} (a record, a list) as a tree with snake_case member names. */
  static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** A JSON fragment rendered elsewhere, as a tree. */
  static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("status fragment is not JSON: " + json, e);
    }
  }

  /** The document as one line. */
  static String write(ObjectNode doc) {
    try {
      return MAPPER.writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
