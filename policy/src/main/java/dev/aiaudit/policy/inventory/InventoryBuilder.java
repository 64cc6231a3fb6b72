package dev.aiaudit.policy.inventory;

import dev.aiaudit.model.text.Diagnostic;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds an {@link Inventory}: reads manifests, keeps the AI deployments, links model cards (by the
 * {@code ai-audit.io/model-card} path, or by model name from a card directory), checks annotation values and
 * merges host observations.
 */
public final class InventoryBuilder {

  private final List<Path> manifests = new ArrayList<>();
  private final List<HostObservation> observations = new ArrayList<>();
  private AcceleratorResources accelerators = AcceleratorResources.DEFAULT;
  private ModelCardIndex cards = ModelCardIndex.EMPTY;
  private boolean shadowOnEither;

  private InventoryBuilder() {}

  public static InventoryBuilder create() {
    return new InventoryBuilder();
  }

  public InventoryBuilder manifests(List<Path> paths) {
    manifests.addAll(paths);
    return this;
  }

  public InventoryBuilder accelerators(AcceleratorResources value) {
    this.accelerators = java.util.Objects.requireNonNull(value, "accelerators");
    return this;
  }

  /** Hugging Face READMEs and CycloneDX BOMs to link by model name. */
  public InventoryBuilder modelCards(Path directory) {
    this.cards = ModelCardIndex.load(directory);
    return this;
  }

  public InventoryBuilder observations(List<HostObservation> value) {
    observations.addAll(value);
    return this;
  }

  /** A shadow item needs weights or a GPU (default: weights and a GPU). */
  public InventoryBuilder shadowOnEither(boolean value) {
    this.shadowOnEither = value;
    return this;
  }

  public Inventory build() {
    ManifestReader.Result read = ManifestReader.read(manifests);
    List<Diagnostic> issues = new ArrayList<>(read.issues());
    issues.addAll(cards.issues());
    WorkloadExtractor extractor = new WorkloadExtractor(accelerators);
    List<ObjectNode> items = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int nonAi = 0;
    for (ManifestDocument doc : read.documents()) {
      for (JsonNode object : objects(doc.content())) {
        ObjectNode source = Json.object().put("type", "kubernetes").put("file", doc.file()).put("line", doc.line());
        var item = extractor.extract(object, source);
        if (item.isEmpty()) {
          continue;
        }
        if (!item.get().has("name")) {
          issues.add(Diagnostic.error("NO_NAME", doc.file(), doc.line(), 1,
              item.get().path("kind").asText() + " has no metadata.name; skipped"));
        } else if (!WorkloadExtractor.isAiDeployment(item.get())) {
          nonAi++;
        } else if (!ids.add(item.get().path("id").asText())) {
          issues.add(Diagnostic.warning("DUPLICATE", doc.file(), doc.line(), 1,
              "duplicate workload " + item.get().path("id").asText() + "; the first one is kept"));
        } else {
          AnnotationChecks.check(item.get(), doc, issues);
          linkCard(item.get(), Path.of(doc.file()).getParent(), doc, issues);
          items.add(item.get());
        }
      }
    }
    List<ObjectNode> merged = new HostDiscovery(shadowOnEither).merge(items, observations);
    return new Inventory(merged, issues, nonAi);
  }

  private static List<JsonNode> objects(JsonNode content) {
    if ("List".equals(Json.text(content, "kind")) || content.path("kind").asText().endsWith("List")) {
      List<JsonNode> out = new ArrayList<>();
      content.path("items").forEach(out::add);
      return out;
    }
    return List.of(content);
  }

  private void linkCard(ObjectNode item, Path manifestDir, ManifestDocument doc, List<Diagnostic> issues) {
    if (!item.has("model")) {
      return;
    }
    ObjectNode model = (ObjectNode) item.get("model");
    String ref = Json.text(model, "cardRef");
    String name = Json.text(model, "name");
    ModelCards.Parsed parsed = null;
    if (ref != null && !ref.contains("://")) {
      Path p = manifestDir == null ? Path.of(ref) : manifestDir.resolve(ref);
      if (!java.nio.file.Files.isRegularFile(p)) {
        issues.add(Diagnostic.warning("CARD_NOT_FOUND", doc.file(), doc.line(), 1,
            "model card " + ref + " not found at " + p));
      } else {
        parsed = ModelCards.read(p, name);
      }
    }
    if (parsed == null && name != null) {
      parsed = cards.find(name).orElse(null);
    }
    if (parsed == null) {
      return;
    }
    parsed.issue().ifPresent(issues::add);
    parsed.card().ifPresent(card -> {
      model.set("card", card);
      if (!model.has("digest") && card.has("digest")) {
        model.put("digest", card.path("digest").asText());
      }
    });
  }

  /** Model names match case-insensitively, also on the last segment of {@code org/name}. */
  static boolean sameModel(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    String x = a.toLowerCase(Locale.ROOT);
    String y = b.toLowerCase(Locale.ROOT);
    return x.equals(y) || x.substring(x.lastIndexOf('/') + 1).equals(y.substring(y.lastIndexOf('/') + 1));
  }
}
