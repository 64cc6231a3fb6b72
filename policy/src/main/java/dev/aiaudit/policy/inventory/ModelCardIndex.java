package dev.aiaudit.policy.inventory;

import dev.aiaudit.model.text.Diagnostic;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Model cards found in a directory, by model name: a HF card is named by its {@code model_name}, else by its
 * folder when the file is {@code README.md}, else by its file name; a CycloneDX BOM by each ML component.
 */
final class ModelCardIndex {

  static final ModelCardIndex EMPTY = new ModelCardIndex(List.of(), List.of());

  private record Entry(String name, ModelCards.Parsed parsed) {}

  private final List<Entry> entries;
  private final List<Diagnostic> issues;

  private ModelCardIndex(List<Entry> entries, List<Diagnostic> issues) {
    this.entries = entries;
    this.issues = issues;
  }

  static ModelCardIndex load(Path dir) {
    List<Entry> entries = new ArrayList<>();
    List<Diagnostic> issues = new ArrayList<>();
    List<Path> files;
    try {
      files = ManifestReader.walk(dir, p -> p.toString().endsWith(".md") || p.toString().endsWith(".json"), issues);
    } catch (IOException e) {
      issues.add(Diagnostic.error("CARD_IO", dir.toString(), 1, 1, "cannot read directory: " + e.getMessage()));
      return new ModelCardIndex(List.of(), List.copyOf(issues));
    }
    for (Path f : files) {
      if (f.toString().endsWith(".json")) {
        loadBom(f, entries, issues);
        continue;
      }
      ModelCards.Parsed parsed = ModelCards.read(f, null);
      parsed.issue().ifPresent(issues::add);
      parsed.card().ifPresent(card -> entries.add(new Entry(hfName(f, card), parsed)));
    }
    return new ModelCardIndex(List.copyOf(entries), List.copyOf(issues));
  }

  private static void loadBom(Path f, List<Entry> entries, List<Diagnostic> issues) {
    ModelCards.Parsed first = ModelCards.read(f, null);
    if (first.card().isEmpty()) {
      first.issue().ifPresent(issues::add);
      return;
    }
    try {
      JsonNode bom = Json.MAPPER.readTree(dev.aiaudit.model.text.InputFiles.readBytes(f, ModelCards.MAX_CARD_BYTES));
      for (JsonNode c : bom.path("components")) {
        if ("machine-learning-model".equals(Json.text(c, "type")) && c.has("name")) {
          String name = c.path("name").asText();
          entries.add(new Entry(name, ModelCards.read(f, name)));
        }
      }
    } catch (IOException | dev.aiaudit.model.text.InputFiles.InputFileException e) {
      issues.add(Diagnostic.error("CARD_IO", f.toString(), 1, 1, "cannot read: " + e.getMessage()));
    }
  }

  private static String hfName(Path f, ObjectNode card) {
    if (card.has("name")) {
      return card.path("name").asText();
    }
    String file = f.getFileName().toString();
    if (file.equalsIgnoreCase("README.md") && f.getParent() != null) {
      return f.getParent().getFileName().toString();
    }
    return file.substring(0, file.length() - 3);
  }

  Optional<ModelCards.Parsed> find(String modelName) {
    return entries.stream().filter(e -> InventoryBuilder.sameModel(e.name, modelName))
        .map(Entry::parsed).findFirst();
  }

  List<Diagnostic> issues() {
    return issues;
  }
}
