package dev.aiaudit.policy.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** Builds the item's {@code model} and {@code ai} blocks from {@code ai-audit.io/...} annotations. */
final class AnnotationBlocks {

  private AnnotationBlocks() {}

  static ObjectNode model(JsonNode annotations) {
    ObjectNode model = Json.object();
    Json.putIfPresent(model, "name", Json.text(annotations, Annotations.MODEL_NAME));
    Json.putIfPresent(model, "version", Json.text(annotations, Annotations.MODEL_VERSION));
    Json.putIfPresent(model, "digest", Json.text(annotations, Annotations.MODEL_DIGEST));
    Json.putIfPresent(model, "cardRef", Json.text(annotations, Annotations.MODEL_CARD));
    Json.putIfPresent(model, "path", Json.text(annotations, Annotations.MODEL_PATH));
    return model;
  }

  static ObjectNode ai(JsonNode annotations) {
    ObjectNode ai = Json.object();
    for (String[] pair : Annotations.AI_STRING_FIELDS) {
      String v = Json.text(annotations, pair[0]);
      if (v != null) {
        boolean lower = pair[1].equals("riskClass") || pair[1].equals("contentLabelling");
        Json.putIfPresent(ai, pair[1], lower ? v.trim().toLowerCase(Locale.ROOT) : v.trim());
      }
    }
    String generative = Json.text(annotations, Annotations.GENERATIVE);
    if (generative != null) {
      Annotations.parseBoolean(generative).ifPresent(b -> ai.put("generative", b));
    }
    return ai;
  }
}
