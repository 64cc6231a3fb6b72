package dev.aiaudit.policy.inventory;

import dev.aiaudit.model.text.Diagnostic;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The AI deployments found, the issues met while reading the inputs, and how many workloads were read but
 * are not AI deployments.
 */
public record Inventory(List<ObjectNode> items, List<Diagnostic> issues, int nonAiWorkloads) {

  /** Version of the item JSON shape ({@code schemas/inventory-item.schema.json}). */
  public static final String SCHEMA_VERSION = "1";

  public Inventory {
    items = List.copyOf(items);
    issues = List.copyOf(issues);
  }

  public Optional<ObjectNode> find(String id) {
    return items.stream().filter(i -> id.equals(i.path("id").asText())).findFirst();
  }

  /** {@code {"schemaVersion":"1","items":[...],"issues":[...]}}. */
  public ObjectNode toJson() {
    ObjectNode out = Json.object();
    out.put("schemaVersion", SCHEMA_VERSION);
    ArrayNode arr = out.putArray("items");
    items.forEach(arr::add);
    ArrayNode iss = out.putArray("issues");
    for (Diagnostic i : issues) {
      ObjectNode o = iss.addObject().put("severity", i.level().name()).put("code", i.code()).put("file", i.file())
          .put("line", i.line()).put("column", i.column()).put("message", i.message());
      Json.putIfPresent(o, "sourceLine", i.sourceLine().isEmpty() ? null : i.sourceLine());
    }
    out.put("nonAiWorkloads", nonAiWorkloads);
    return out;
  }
}
