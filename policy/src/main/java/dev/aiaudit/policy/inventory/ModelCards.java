package dev.aiaudit.policy.inventory;

import dev.aiaudit.model.text.Diagnostic;
import dev.aiaudit.model.text.InputFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads model metadata into the inventory's normalised {@code model.card} block: a Hugging Face model card
 * (README with YAML front matter) or a CycloneDX ML-BOM (JSON, component of type
 * {@code machine-learning-model} with a {@code modelCard}). The block has {@code format}, {@code license},
 * {@code datasets}, {@code baseModel}, {@code tags}, {@code metrics}, {@code limitations}, {@code intendedUse}
 * and, when known, {@code name}, {@code version}, {@code digest}, {@code pipelineTag}, {@code libraryName}.
 */
public final class ModelCards {

  /** A parsed card, or the issue that prevented it. */
  public record Parsed(Optional<ObjectNode> card, Optional<Diagnostic> issue) {
    static Parsed of(ObjectNode card) {
      return new Parsed(Optional.of(card), Optional.empty());
    }

    static Parsed failed(Diagnostic issue) {
      return new Parsed(Optional.empty(), Optional.of(issue));
    }
  }

  /** Limit on one model card or ML-BOM file. */
  public static final long MAX_CARD_BYTES = InputFiles.DEFAULT_MAX_BYTES;

  private ModelCards() {}

  /** Reads {@code file} as a CycloneDX BOM when it is JSON with {@code bomFormat}, else as a HF card. */
  public static Parsed read(Path file, String modelName) {
    String text;
    try {
      text = InputFiles.readString(file, MAX_CARD_BYTES);
    } catch (InputFiles.InputFileException e) {
      return Parsed.failed(Diagnostic.error("CARD_IO", file.toString(), 1, 1,
          "cannot read model card: " + e.problem()));
    }
    return text.stripLeading().startsWith("{")
        ? CycloneDxCards.parse(file.toString(), text, modelName)
        : huggingFace(file.toString(), text);
  }

  /** Parses a Hugging Face model card: YAML front matter between {@code ---} lines, then Markdown. */
  public static Parsed huggingFace(String file, String text) {
    List<String> lines = text.lines().toList();
    if (lines.isEmpty() || !lines.getFirst().strip().equals("---")) {
      return Parsed.failed(Diagnostic.warning("CARD_NO_FRONT_MATTER", file, 1, 1,
          "model card has no YAML front matter (first line must be ---)"));
    }
    int end = 1;
    while (end < lines.size() && !lines.get(end).strip().equals("---")) {
      end++;
    }
    if (end == lines.size()) {
      return Parsed.failed(Diagnostic.warning("CARD_NO_FRONT_MATTER", file, 1, 1,
          "model card front matter is not closed by ---"));
    }
    JsonNode meta;
    try {
      meta = Json.YAML.readTree(String.join("\n", lines.subList(1, end)));
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
      int col = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getColumnNr());
      return Parsed.failed(Diagnostic.warning("CARD_YAML_SYNTAX", file, line + 1, col,
          "malformed model card front matter: " + e.getOriginalMessage().lines().findFirst().orElse("")));
    }
    if (meta == null || !meta.isObject()) {
      meta = Json.object();
    }
    String body = String.join("\n", lines.subList(end + 1, lines.size()));
    ObjectNode card = Json.object();
    card.put("format", "huggingface");
    Json.putIfPresent(card, "name", Json.text(meta, "model_name"));
    String license = Json.text(meta, "license");
    Json.putIfPresent(card, "license",
        "other".equals(license) && Json.text(meta, "license_name") != null ? Json.text(meta, "license_name") : license);
    Json.putIfPresent(card, "datasets", strings(meta.path("datasets")));
    ArrayNode bases = strings(meta.path("base_model"));
    if (!bases.isEmpty()) {
      card.put("baseModel", bases.get(0).asText());
    }
    Json.putIfPresent(card, "tags", strings(meta.path("tags")));
    Json.putIfPresent(card, "metrics", hfMetrics(meta));
    Json.putIfPresent(card, "pipelineTag", Json.text(meta, "pipeline_tag"));
    Json.putIfPresent(card, "libraryName", Json.text(meta, "library_name"));
    Json.putIfPresent(card, "limitations", MarkdownSections.first(body, "limitation", "bias, risks"));
    Json.putIfPresent(card, "intendedUse", MarkdownSections.first(body, "intended use", "uses"));
    return Parsed.of(card);
  }

  /** A string or a list of strings as an array. */
  static ArrayNode strings(JsonNode node) {
    ArrayNode out = Json.array();
    if (node.isValueNode() && !node.isNull()) {
      out.add(node.asText());
    } else if (node.isArray()) {
      node.forEach(v -> {
        if (v.isValueNode()) {
          out.add(v.asText());
        } else if (v.has("name")) {
          out.add(v.path("name").asText());
        }
      });
    }
    return out;
  }

  /** {@code model-index[].results[].metrics[]} with values, else the bare {@code metrics} names. */
  private static ArrayNode hfMetrics(JsonNode meta) {
    ArrayNode out = Json.array();
    for (JsonNode entry : meta.path("model-index")) {
      for (JsonNode result : entry.path("results")) {
        String slice = Json.text(result.path("dataset"), "name");
        for (JsonNode m : result.path("metrics")) {
          ObjectNode metric = out.addObject();
          Json.putIfPresent(metric, "type", Json.text(m, "type"));
          Json.putIfPresent(metric, "value", Json.text(m, "value"));
          Json.putIfPresent(metric, "slice", slice);
        }
      }
    }
    if (out.isEmpty()) {
      strings(meta.path("metrics")).forEach(n -> out.addObject().put("type", n.asText()));
    }
    return out;
  }
}
