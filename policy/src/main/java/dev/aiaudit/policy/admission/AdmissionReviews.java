package dev.aiaudit.policy.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.policy.inventory.AcceleratorResources;
import dev.aiaudit.policy.inventory.Json;
import dev.aiaudit.policy.inventory.WorkloadExtractor;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Kubernetes AdmissionReview v1 in, AdmissionReview v1 out: the object under review becomes an inventory
 * item, the {@link AdmissionPolicy} judges it, {@code deny} violations refuse it (status 403 with the reasons)
 * and {@code audit} violations come back as {@code response.warnings}. Objects that run no pods and
 * deletions are allowed. Every other submitted object is judged, whatever its {@code ownerReferences} say;
 * an object that names a controller owner and would be denied on its own is judged again with the
 * annotations of an owner this instance admitted, only when that owner's pod template runs exactly the same
 * containers ({@link AdmittedTemplates}). Thread-safe; the HTTP server is elsewhere.
 */
public final class AdmissionReviews {

  public static final String API_VERSION = "admission.k8s.io/v1";
  public static final String KIND = "AdmissionReview";

  private final AdmissionPolicy policy;
  private final WorkloadExtractor extractor;
  private final AdmittedTemplates templates;

  public AdmissionReviews(AdmissionPolicy policy, AcceleratorResources accelerators) {
    this(policy, accelerators, AdmittedTemplates.defaults());
  }

  public AdmissionReviews(AdmissionPolicy policy, AcceleratorResources accelerators, AdmittedTemplates templates) {
    this.policy = policy;
    this.extractor = new WorkloadExtractor(accelerators);
    this.templates = templates;
  }

  /** The AdmissionReview response for {@code review}. */
  public ObjectNode review(JsonNode review) throws InvalidAdmissionReviewException {
    JsonNode request = validate(review);
    String uid = request.path("uid").asText();
    AdmissionDecision decision = decide(request);
    ObjectNode out = Json.object();
    out.put("apiVersion", API_VERSION);
    out.put("kind", KIND);
    ObjectNode response = out.putObject("response");
    response.put("uid", uid);
    response.put("allowed", decision.allowed());
    if (!decision.allowed()) {
      ObjectNode status = response.putObject("status");
      status.put("code", 403);
      status.put("reason", "Forbidden");
      status.put("message", "ai-audit denied " + decision.itemId() + ": "
          + decision.denials().stream().map(Violation::describe).collect(Collectors.joining("; ")));
    }
    if (!decision.warnings().isEmpty()) {
      var warnings = response.putArray("warnings");
      decision.warnings().forEach(v -> warnings.add(v.describe()));
    }
    return out;
  }

  /** The decision for one {@code request} block. */
  public AdmissionDecision decide(JsonNode request) {
    JsonNode object = request.path("object");
    if ("DELETE".equals(request.path("operation").asText()) || !object.isObject()) {
      return new AdmissionDecision(null, java.util.List.of());
    }
    JsonNode identified = withRequestIdentity(object, request);
    Optional<ObjectNode> extracted = extractor.extract(identified, null);
    if (extracted.isEmpty()) {
      return new AdmissionDecision(null, java.util.List.of());
    }
    ObjectNode item = extracted.get();
    AdmissionDecision decision = AdmissionDecision.of(item.path("id").asText(), policy, item);
    if (!decision.allowed() && hasControllerOwner(object)) {
      Optional<AdmittedTemplates.Entry> owner = templates.match(item);
      if (owner.isPresent()) {
        ObjectNode withOwner = withOwnerAnnotations(identified, owner.get().annotations());
        item = extractor.extract(withOwner, null).orElseThrow();
        decision = AdmissionDecision.of(item.path("id").asText(), policy, item);
      }
    }
    if (decision.allowed() && !"Pod".equals(item.path("kind").asText())
        && !request.path("dryRun").asBoolean(false)) {
      templates.admitted(item);
    }
    return decision;
  }

  /** The templates this instance admitted (for statistics and tests). */
  public AdmittedTemplates admittedTemplates() {
    return templates;
  }

  /**
   * Whether the object says a controller made it. Only a hint that lets {@link #decide} look for an admitted
   * template with the same content: the reference itself is never trusted (any kind, name and uid can be
   * written into a submitted object).
   */
  private static boolean hasControllerOwner(JsonNode object) {
    for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
      if (ref.path("controller").asBoolean(false)) {
        return true;
      }
    }
    return false;
  }

  /** A copy of {@code object} whose annotations are the owner's, overridden by its own. */
  private static ObjectNode withOwnerAnnotations(JsonNode object, ObjectNode ownerAnnotations) {
    ObjectNode copy = object.deepCopy();
    ObjectNode m = copy.has("metadata") && copy.get("metadata").isObject()
        ? (ObjectNode) copy.get("metadata") : copy.putObject("metadata");
    ObjectNode merged = ownerAnnotations.deepCopy();
    JsonNode own = m.path("annotations");
    own.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
    m.set("annotations", merged);
    return copy;
  }

  /** On CREATE the object may lack its namespace (and name, with generateName): take them from the request. */
  private static JsonNode withRequestIdentity(JsonNode object, JsonNode request) {
    JsonNode meta = object.path("metadata");
    boolean needNs = !meta.hasNonNull("namespace") && request.hasNonNull("namespace");
    boolean needName = !meta.hasNonNull("name") && request.hasNonNull("name") && !request.path("name").asText().isEmpty();
    if (!needNs && !needName) {
      return object;
    }
    ObjectNode copy = object.deepCopy();
    ObjectNode m = copy.has("metadata") && copy.get("metadata").isObject()
        ? (ObjectNode) copy.get("metadata") : copy.putObject("metadata");
    if (needNs) {
      m.put("namespace", request.path("namespace").asText());
    }
    if (needName) {
      m.put("name", request.path("name").asText());
    }
    return copy;
  }

  private static JsonNode validate(JsonNode review) throws InvalidAdmissionReviewException {
    if (review == null || !review.isObject()) {
      throw new InvalidAdmissionReviewException("body must be a JSON object (an AdmissionReview)");
    }
    if (!API_VERSION.equals(review.path("apiVersion").asText())) {
      throw new InvalidAdmissionReviewException(
          "apiVersion must be " + API_VERSION + ", got '" + review.path("apiVersion").asText() + "'");
    }
    if (!KIND.equals(review.path("kind").asText())) {
      throw new InvalidAdmissionReviewException(
          "kind must be " + KIND + ", got '" + review.path("kind").asText() + "'");
    }
    JsonNode request = review.path("request");
    if (!request.isObject()) {
      throw new InvalidAdmissionReviewException("AdmissionReview has no request object");
    }
    if (!request.path("uid").isTextual() || request.path("uid").asText().isBlank()) {
      throw new InvalidAdmissionReviewException("request.uid must be a non-empty string");
    }
    return request;
  }
}
