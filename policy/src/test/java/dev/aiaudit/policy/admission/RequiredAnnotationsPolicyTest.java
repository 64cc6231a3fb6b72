package dev.aiaudit.policy.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.policy.inventory.Json;
import org.junit.jupiter.api.Test;

class RequiredAnnotationsPolicyTest {

  private final RequiredAnnotationsPolicy policy = new RequiredAnnotationsPolicy();

  private static ObjectNode item() {
    ObjectNode item = Json.object().put("id", "k8s:a/Deployment/b").put("declared", true);
    item.putObject("accelerators").put("nvidia.com/gpu", 1);
    item.putObject("annotations").put("ai-audit.io/model-name", "m");
    item.putObject("model").put("name", "m").put("digest", "sha256:" + "0".repeat(64));
    item.putObject("ai").put("riskClass", "high").put("oversightContact", "o@example.com")
        .put("intendedPurpose", "p").put("generative", true).put("contentLabelling", "c2pa")
        .put("registrationId", "EU-1");
    return item;
  }

  @Test
  void evaluate_fullyAnnotatedHighRiskGpuWorkload_noViolations() {
    assertThat(policy.evaluate(item())).isEmpty();
  }

  @Test
  void evaluate_highRiskWithoutRegistrationAndUnlabelledGenerative_twoAudits() {
    ObjectNode item = item();
    ((ObjectNode) item.get("ai")).remove("registrationId");
    ((ObjectNode) item.get("ai")).put("contentLabelling", "none");

    assertThat(policy.evaluate(item)).extracting(Violation::policyId, Violation::effect)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("AIA-ADM-007", Effect.AUDIT),
            org.assertj.core.groups.Tuple.tuple("AIA-ADM-008", Effect.AUDIT));
  }

  @Test
  void evaluate_unknownRiskClass_denied() {
    ObjectNode item = item();
    ((ObjectNode) item.get("ai")).put("riskClass", "catastrophic");

    assertThat(policy.evaluate(item)).extracting(Violation::policyId).containsExactly("AIA-ADM-003");
  }

  @Test
  void evaluate_plainWorkloadWithoutGpuOrOurKeys_notJudged() {
    ObjectNode item = Json.object().put("id", "k8s:web/Deployment/nginx").put("declared", true);

    assertThat(policy.evaluate(item)).isEmpty();
  }
}
