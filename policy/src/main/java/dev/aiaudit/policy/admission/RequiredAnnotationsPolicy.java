package dev.aiaudit.policy.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiaudit.policy.inventory.Annotations;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The built-in default admission policy until the policy engine is wired: a fixed table of rules over
 * inventory items that requires the {@code ai-audit.io/...} annotations of an AI workload.
 *
 * <table>
 *   <caption>rules</caption>
 *   <tr><th>id</th><th>effect</th><th>violated when</th></tr>
 *   <tr><td>AIA-ADM-001</td><td>deny</td><td>an accelerator is requested and model name is missing</td></tr>
 *   <tr><td>AIA-ADM-002</td><td>deny</td><td>an accelerator is requested and risk class is missing</td></tr>
 *   <tr><td>AIA-ADM-003</td><td>deny</td><td>risk class is not a known value</td></tr>
 *   <tr><td>AIA-ADM-004</td><td>deny</td><td>risk class is unacceptable (EU AI Act Art. 5)</td></tr>
 *   <tr><td>AIA-ADM-005</td><td>audit</td><td>AI workload without human-oversight contact</td></tr>
 *   <tr><td>AIA-ADM-006</td><td>audit</td><td>AI workload without intended purpose</td></tr>
 *   <tr><td>AIA-ADM-007</td><td>audit</td><td>generative without content labelling (or "none")</td></tr>
 *   <tr><td>AIA-ADM-008</td><td>audit</td><td>high risk without registration id</td></tr>
 *   <tr><td>AIA-ADM-009</td><td>audit</td><td>model without a digest</td></tr>
 * </table>
 */
public final class RequiredAnnotationsPolicy implements AdmissionPolicy {

  private record Rule(String id, Effect effect, Predicate<JsonNode> violated, String message) {}

  private static final List<Rule> RULES = List.of(
      new Rule("AIA-ADM-001", Effect.DENY, i -> gpu(i) && missing(i.path("model"), "name"),
          "GPU workload must declare annotation " + Annotations.MODEL_NAME),
      new Rule("AIA-ADM-002", Effect.DENY, i -> gpu(i) && missing(i.path("ai"), "riskClass"),
          "GPU workload must declare annotation " + Annotations.RISK_CLASS + " (one of "
              + String.join(", ", Annotations.RISK_CLASSES) + ")"),
      new Rule("AIA-ADM-003", Effect.DENY,
          i -> !missing(i.path("ai"), "riskClass")
              && !Annotations.RISK_CLASSES.contains(i.path("ai").path("riskClass").asText()),
          "annotation " + Annotations.RISK_CLASS + " must be one of " + String.join(", ", Annotations.RISK_CLASSES)),
      new Rule("AIA-ADM-004", Effect.DENY, i -> "unacceptable".equals(i.path("ai").path("riskClass").asText()),
          "risk class 'unacceptable' is a prohibited AI practice (EU AI Act Art. 5)"),
      new Rule("AIA-ADM-005", Effect.AUDIT, i -> missing(i.path("ai"), "oversightContact"),
          "AI workload should name a human-oversight contact in " + Annotations.OVERSIGHT_CONTACT),
      new Rule("AIA-ADM-006", Effect.AUDIT, i -> missing(i.path("ai"), "intendedPurpose"),
          "AI workload should state its intended purpose in " + Annotations.INTENDED_PURPOSE),
      new Rule("AIA-ADM-007", Effect.AUDIT,
          i -> i.path("ai").path("generative").asBoolean(false)
              && List.of("", "none").contains(i.path("ai").path("contentLabelling").asText()),
          "generative AI workload should label its output (" + Annotations.CONTENT_LABELLING
              + ": c2pa, watermark or metadata)"),
      new Rule("AIA-ADM-008", Effect.AUDIT,
          i -> "high".equals(i.path("ai").path("riskClass").asText()) && missing(i.path("ai"), "registrationId"),
          "high-risk AI workload should carry its EU database registration id in " + Annotations.REGISTRATION_ID),
      new Rule("AIA-ADM-009", Effect.AUDIT,
          i -> !missing(i.path("model"), "name") && missing(i.path("model"), "digest"),
          "model should be pinned by digest in " + Annotations.MODEL_DIGEST));

  @Override
  public List<Violation> evaluate(JsonNode item) {
    List<Violation> out = new ArrayList<>();
    if (!dev.aiaudit.policy.inventory.WorkloadExtractor.isAiDeployment(item)) {
      return out;
    }
    for (Rule r : RULES) {
      if (r.violated.test(item)) {
        out.add(new Violation(r.id, r.effect, r.message));
      }
    }
    return out;
  }

  private static boolean gpu(JsonNode item) {
    return !item.path("accelerators").isEmpty();
  }

  private static boolean missing(JsonNode block, String field) {
    return block.path(field).asText("").isBlank();
  }
}
