package dev.aiaudit.policy.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.policy.DeploymentResult;
import dev.aiaudit.policy.EvaluationReport;
import dev.aiaudit.report.JsonWriter;
import dev.aiaudit.report.Uuids;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The inventory as a CycloneDX 1.6 ML-BOM: one {@code machine-learning-model} component per
 * deployment (model card mapped onto {@code modelCard}), one {@code container} component per image,
 * and the governance fields and compliance state as namespaced {@code properties}
 * ({@code ai-audit:euaia:riskClass}, {@code ai-audit:policy:state}).
 */
final class MlBomExport {
  private MlBomExport() {}

  static void write(EvaluationReport r, List<JsonNode> items, Writer out) throws IOException {
    JsonWriter.writeTree(bom(r, items), out);
  }

  static ObjectNode bom(EvaluationReport r, List<JsonNode> items) {
    Map<String, DeploymentResult> states = new HashMap<>();
    r.deployments().forEach(d -> states.put(d.id(), d));
    ObjectNode bom = JsonWriter.MAPPER.createObjectNode();
    bom.put("bomFormat", "CycloneDX").put("specVersion", "1.6");
    bom.put("serialNumber", "urn:uuid:" + Uuids.of("ai-audit policy eval|bom|" + r.evaluatedAt() + "|" + items.size())).put("version", 1);
    ObjectNode meta = bom.putObject("metadata").put("timestamp", r.evaluatedAt().toString());
    meta.putObject("tools").putArray("components").addObject().put("type", "application").put("name", "ai-audit");
    ArrayNode components = bom.putArray("components");
    for (JsonNode item : items) {
      String id = item.path("id").asText();
      JsonNode model = item.path("model");
      ObjectNode c = components.addObject().put("type", "machine-learning-model").put("bom-ref", id);
      c.put("name", model.path("name").asText(item.path("name").asText(id)));
      if (model.has("version")) {
        c.put("version", model.get("version").asText());
      }
      String digest = model.path("digest").asText("");
      if (digest.startsWith("sha256:")) {
        c.putArray("hashes").addObject().put("alg", "SHA-256").put("content", digest.substring(7));
      }
      JsonNode card = model.path("card");
      if (card.hasNonNull("license")) {
        c.putArray("licenses").addObject().putObject("license").put("name", card.get("license").asText());
      }
      if (card.isObject()) {
        modelCard(c.putObject("modelCard"), card);
      }
      ArrayNode props = c.putArray("properties");
      prop(props, "ai-audit:deployment", id);
      prop(props, "ai-audit:declared", item.path("declared").asText("true"));
      item.path("ai").properties().forEach(e -> prop(props, "ai-audit:euaia:" + e.getKey(), e.getValue().asText()));
      DeploymentResult d = states.get(id);
      if (d != null) {
        prop(props, "ai-audit:policy:state", d.state().wireName());
        prop(props, "ai-audit:policy:failing", String.valueOf(d.failing().size()));
      }
      for (JsonNode ct : item.path("containers")) {
        String image = ct.path("image").asText("");
        if (!image.isEmpty()) {
          ObjectNode ic = components.addObject().put("type", "container").put("bom-ref", id + "#" + ct.path("name").asText(image));
          ic.put("name", image);
        }
      }
    }
    return bom;
  }

  private static void modelCard(ObjectNode mc, JsonNode card) {
    ObjectNode params = mc.putObject("modelParameters");
    if (card.hasNonNull("baseModel")) {
      params.put("architectureFamily", card.get("baseModel").asText());
    }
    ArrayNode ds = params.putArray("datasets");
    for (JsonNode d : card.path("datasets")) {
      ds.addObject().put("type", "dataset").put("name", d.isTextual() ? d.asText() : d.path("name").asText(d.toString()));
    }
    ArrayNode metrics = mc.putObject("quantitativeAnalysis").putArray("performanceMetrics");
    for (JsonNode m : card.path("metrics")) {
      ObjectNode x = metrics.addObject().put("type", m.isTextual() ? m.asText() : m.path("type").asText(m.path("name").asText()));
      if (m.has("value")) {
        x.put("value", m.get("value").asText());
      }
    }
    ObjectNode cons = mc.putObject("considerations");
    if (card.hasNonNull("intendedUse")) {
      cons.putArray("useCases").add(card.get("intendedUse").asText());
    }
    if (card.hasNonNull("limitations")) {
      cons.putArray("technicalLimitations").add(card.get("limitations").asText());
    }
  }

  private static void prop(ArrayNode props, String name, String value) {
    props.addObject().put("name", name).put("value", value);
  }
}
