package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Locale;

/** Azure location normalisation: "West Europe", "westeurope" and "WestEurope" are one location. */
final class Locations {
  private Locations() {}

  static JsonNode normalise(JsonNode v) {
    if (v.isTextual()) {
      return TextNode.valueOf(v.textValue().replaceAll("\\s+", "").toLowerCase(Locale.ROOT));
    }
    if (v.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      v.forEach(x -> out.add(normalise(x)));
      return out;
    }
    return v;
  }
}
