package dev.aiaudit.policy.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Writes an inventory as a CycloneDX 1.6 ML-BOM: one {@code machine-learning-model} component per item with
 * its {@code modelCard} ({@code modelParameters}, {@code quantitativeAnalysis}, {@code considerations}), one
 * {@code data} component per dataset, and the governance fields as namespaced {@code properties}
 * ({@code ai-audit:euaia:riskClass}, {@code ai-audit:inventory:id}, ...). The serial number is derived from the
 * content, so the same inventory gives the same BOM apart from the timestamp.
 */
public final class CycloneDxExport {

  private static final String[][] AI_PROPERTIES = {
    {"riskClass", "ai-audit:euaia:riskClass"},
    {"intendedPurpose", "ai-audit:euaia:intendedPurpose"},
    {"oversightContact", "ai-audit:euaia:humanOversightContact"},
    {"dataProvenance", "ai-audit:nist:dataProvenance"},
    {"generative", "ai-audit:euaia:generative"},
    {"contentLabelling", "ai-audit:euaia:contentLabelling"},
    {"registrationId", "ai-audit:euaia:registrationId"},
    {"instructionsForUse", "ai-audit:euaia:instructionsForUse"},
  };

  private CycloneDxExport() {}

  public static ObjectNode toBom(Inventory inventory, Clock clock) {
    ObjectNode bom = Json.object();
    bom.put("bomFormat", "CycloneDX");
    bom.put("specVersion", "1.6");
    String content = inventory.items().toString();
    bom.put("serialNumber", "urn:uuid:" + UUID.nameUUIDFromBytes(content.getBytes(StandardCharsets.UTF_8)));
    bom.put("version", 1);
    ObjectNode meta = bom.putObject("metadata");
    meta.put("timestamp", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    meta.putObject("tools").putArray("components").addObject().put("type", "application").put("name", "ai-audit");
    ArrayNode components = bom.putArray("components");
    Map<String, String> datasets = new LinkedHashMap<>();
    for (ObjectNode item : inventory.items()) {
      components.add(component(item, datasets));
    }
    datasets.forEach((name, ref) -> {
      ObjectNode d = components.addObject();
      d.put("type", "data");
      d.put("bom-ref", ref);
      d.put("name", name);
      d.putArray("data").addObject().put("type", "dataset").put("name", name);
    });
    return bom;
  }

  private static ObjectNode component(ObjectNode item, Map<String, String> datasets) {
    JsonNode model = item.path("model");
    JsonNode card = model.path("card");
    String id = item.path("id").asText();
    ObjectNode c = Json.object();
    c.put("type", "machine-learning-model");
    c.put("bom-ref", id);
    c.put("name", model.path("name").asText("unidentified model of " + id));
    Json.putIfPresent(c, "version", Json.text(model, "version"));
    String digest = Json.text(model, "digest");
    if (digest != null && digest.startsWith("sha256:")) {
      c.putArray("hashes").addObject().put("alg", "SHA-256").put("content", digest.substring(7));
    }
    String license = Json.text(card, "license");
    if (license != null) {
      c.putArray("licenses").addObject().putObject("license").put("name", license);
    }
    Json.putIfPresent(c, "tags", card.path("tags").deepCopy());
    String base = Json.text(card, "baseModel");
    if (base != null) {
      c.putObject("pedigree").putArray("ancestors").addObject()
          .put("type", "machine-learning-model").put("name", base);
    }
    c.set("modelCard", modelCard(item, card, datasets));
    c.set("properties", properties(item));
    return c;
  }

  private static ObjectNode modelCard(ObjectNode item, JsonNode card, Map<String, String> datasets) {
    ObjectNode mc = Json.object();
    ObjectNode params = mc.putObject("modelParameters");
    Json.putIfPresent(params, "task", Json.text(card, "pipelineTag"));
    ArrayNode ds = Json.array();
    card.path("datasets").forEach(d -> ds.addObject().put("ref",
        datasets.computeIfAbsent(d.asText(), n -> "dataset:" + n)));
    Json.putIfPresent(params, "datasets", ds);
    ArrayNode metrics = Json.array();
    for (JsonNode m : card.path("metrics")) {
      ObjectNode pm = metrics.addObject();
      Json.putIfPresent(pm, "type", Json.text(m, "type"));
      Json.putIfPresent(pm, "value", Json.text(m, "value"));
      Json.putIfPresent(pm, "slice", Json.text(m, "slice"));
    }
    if (!metrics.isEmpty()) {
      mc.putObject("quantitativeAnalysis").set("performanceMetrics", metrics);
    }
    ObjectNode cons = Json.object();
    String use = Json.text(item.path("ai"), "intendedPurpose");
    use = use != null ? use : Json.text(card, "intendedUse");
    if (use != null) {
      cons.putArray("useCases").add(use);
    }
    String limits = Json.text(card, "limitations");
    if (limits != null) {
      cons.putArray("technicalLimitations").add(limits);
    }
    Json.putIfPresent(mc, "considerations", cons);
    return mc;
  }

  private static ArrayNode properties(ObjectNode item) {
    ArrayNode props = Json.array();
    prop(props, "ai-audit:inventory:id", item.path("id").asText());
    prop(props, "ai-audit:inventory:declared", item.path("declared").asText());
    prop(props, "ai-audit:k8s:namespace", Json.text(item, "namespace"));
    prop(props, "ai-audit:k8s:kind", Json.text(item, "kind"));
    prop(props, "ai-audit:k8s:name", Json.text(item, "name"));
    item.path("accelerators").properties().forEach(e ->
        prop(props, "ai-audit:k8s:accelerator:" + e.getKey(), e.getValue().asText()));
    for (String[] p : AI_PROPERTIES) {
      prop(props, p[1], Json.text(item.path("ai"), p[0]));
    }
    return props;
  }

  private static void prop(ArrayNode props, String name, String value) {
    if (value != null && !value.isBlank()) {
      props.addObject().put("name", name).put("value", value);
    }
  }
}
