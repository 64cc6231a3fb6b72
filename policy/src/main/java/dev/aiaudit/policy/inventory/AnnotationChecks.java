package dev.aiaudit.policy.inventory;

import dev.aiaudit.model.text.Diagnostic;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Warns about {@code ai-audit.io/...} annotation values outside their documented vocabularies. */
final class AnnotationChecks {

  private AnnotationChecks() {}

  static void check(ObjectNode item, ManifestDocument doc, List<Diagnostic> issues) {
    var ai = item.path("ai");
    var annotations = item.path("annotations");
    String risk = Json.text(ai, "riskClass");
    if (risk != null && !Annotations.RISK_CLASSES.contains(risk)) {
      issues.add(warn(doc, item, Annotations.RISK_CLASS + " '" + risk + "' is not one of "
          + Annotations.RISK_CLASSES));
    }
    String labelling = Json.text(ai, "contentLabelling");
    if (labelling != null && !Annotations.CONTENT_LABELLING_METHODS.contains(labelling)) {
      issues.add(warn(doc, item, Annotations.CONTENT_LABELLING + " '" + labelling + "' is not one of "
          + Annotations.CONTENT_LABELLING_METHODS));
    }
    String generative = Json.text(annotations, Annotations.GENERATIVE);
    if (generative != null && Annotations.parseBoolean(generative).isEmpty()) {
      issues.add(warn(doc, item, Annotations.GENERATIVE + " '" + generative + "' is not yes/no/true/false"));
    }
    String digest = Json.text(item.path("model"), "digest");
    if (digest != null && !digest.matches("sha256:[0-9a-f]{64}")) {
      issues.add(warn(doc, item, Annotations.MODEL_DIGEST + " '" + digest + "' is not sha256:<64 hex>"));
    }
  }

  private static Diagnostic warn(ManifestDocument doc, ObjectNode item, String message) {
    return Diagnostic.warning("ANNOTATION_VALUE", doc.file(), doc.line(), 1,
        item.path("id").asText() + ": " + message);
  }
}
