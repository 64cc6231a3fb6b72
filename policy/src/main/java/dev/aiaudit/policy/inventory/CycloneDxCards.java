package dev.aiaudit.policy.inventory;

import dev.aiaudit.model.text.Diagnostic;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Imports the {@code modelCard} of a CycloneDX (1.5/1.6) ML-BOM component into the normalised card block. */
final class CycloneDxCards {

  private CycloneDxCards() {}

  static ModelCards.Parsed parse(String file, String text, String modelName) {
    JsonNode bom;
    try {
      bom = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
      int col = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getColumnNr());
      return ModelCards.Parsed.failed(Diagnostic.warning("CARD_JSON_SYNTAX", file, line, col,
          "malformed CycloneDX JSON: " + e.getOriginalMessage().lines().findFirst().orElse("")));
    }
    if (!"CycloneDX".equals(Json.text(bom, "bomFormat"))) {
      return ModelCards.Parsed.failed(Diagnostic.warning("CARD_NOT_CYCLONEDX", file, 1, 1,
          "JSON model card is not a CycloneDX BOM (bomFormat must be \"CycloneDX\")"));
    }
    Map<String, String> dataNames = new HashMap<>();
    JsonNode model = null;
    for (JsonNode c : bom.path("components")) {
      if ("data".equals(Json.text(c, "type")) && c.has("bom-ref")) {
        dataNames.put(c.path("bom-ref").asText(), Json.text(c, "name"));
      }
      if ("machine-learning-model".equals(Json.text(c, "type"))
          && (model == null || matches(c, modelName))) {
        model = model != null && matches(model, modelName) ? model : c;
      }
    }
    if (model == null) {
      return ModelCards.Parsed.failed(Diagnostic.warning("CARD_NO_MODEL", file, 1, 1,
          "CycloneDX BOM has no component of type machine-learning-model"));
    }
    return ModelCards.Parsed.of(card(model, dataNames));
  }

  private static boolean matches(JsonNode component, String modelName) {
    return modelName != null && InventoryBuilder.sameModel(Json.text(component, "name"), modelName);
  }

  static ObjectNode card(JsonNode c, Map<String, String> dataNames) {
    JsonNode mc = c.path("modelCard");
    ObjectNode card = Json.object();
    card.put("format", "cyclonedx");
    Json.putIfPresent(card, "name", Json.text(c, "name"));
    Json.putIfPresent(card, "version", Json.text(c, "version"));
    for (JsonNode h : c.path("hashes")) {
      String alg = Json.text(h, "alg");
      if (alg != null && alg.toUpperCase(Locale.ROOT).replace("-", "").equals("SHA256")) {
        card.put("digest", "sha256:" + Json.text(h, "content"));
      }
    }
    for (JsonNode l : c.path("licenses")) {
      String id = l.has("expression") ? Json.text(l, "expression")
          : Json.text(l.path("license"), "id") != null ? Json.text(l.path("license"), "id")
          : Json.text(l.path("license"), "name");
      if (id != null && !card.has("license")) {
        card.put("license", id);
      }
    }
    ArrayNode datasets = Json.array();
    for (JsonNode d : mc.path("modelParameters").path("datasets")) {
      String name = d.has("ref") ? dataNames.getOrDefault(d.path("ref").asText(), d.path("ref").asText())
          : Json.text(d, "name");
      if (name != null) {
        datasets.add(name);
      }
    }
    Json.putIfPresent(card, "datasets", datasets);
    JsonNode ancestors = c.path("pedigree").path("ancestors");
    if (!ancestors.isEmpty()) {
      Json.putIfPresent(card, "baseModel", Json.text(ancestors.get(0), "name"));
    }
    Json.putIfPresent(card, "tags", ModelCards.strings(c.path("tags")));
    ArrayNode metrics = Json.array();
    for (JsonNode m : mc.path("quantitativeAnalysis").path("performanceMetrics")) {
      ObjectNode metric = metrics.addObject();
      Json.putIfPresent(metric, "type", Json.text(m, "type"));
      Json.putIfPresent(metric, "value", Json.text(m, "value"));
      Json.putIfPresent(metric, "slice", Json.text(m, "slice"));
    }
    Json.putIfPresent(card, "metrics", metrics);
    JsonNode cons = mc.path("considerations");
    Json.putIfPresent(card, "limitations", joined(cons.path("technicalLimitations")));
    Json.putIfPresent(card, "intendedUse", joined(cons.path("useCases")));
    Json.putIfPresent(card, "pipelineTag", Json.text(mc.path("modelParameters"), "task"));
    return card;
  }

  private static String joined(JsonNode list) {
    StringBuilder sb = new StringBuilder();
    list.forEach(v -> sb.append(sb.isEmpty() ? "" : "; ").append(v.asText()));
    return sb.toString();
  }
}
