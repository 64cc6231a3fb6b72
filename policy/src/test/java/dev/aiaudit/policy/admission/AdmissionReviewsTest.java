package dev.aiaudit.policy.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.policy.inventory.AcceleratorResources;
import dev.aiaudit.policy.inventory.Json;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class AdmissionReviewsTest {

  private final AdmissionReviews reviews =
      new AdmissionReviews(new RequiredAnnotationsPolicy(), AcceleratorResources.DEFAULT);

  private static ObjectNode load(String name) throws Exception {
    try (InputStream in = AdmissionReviewsTest.class.getResourceAsStream("/admission/" + name)) {
      return (ObjectNode) Json.MAPPER.readTree(in);
    }
  }

  @Test
  void review_gpuPodWithoutAnnotations_deniedWithReasonsAndUidEchoed() throws Exception {
    JsonNode out = reviews.review(load("pod-gpu-unannotated.json"));

    assertThat(out.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(out.path("kind").asText()).isEqualTo("AdmissionReview");
    JsonNode response = out.path("response");
    assertThat(response.path("uid").asText()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("code").asInt()).isEqualTo(403);
    assertThat(response.path("status").path("message").asText()).isEqualTo(
        "ai-audit denied k8s:research/Pod/gpu-notebook: "
            + "[AIA-ADM-001] GPU workload must declare annotation ai-audit.io/model-name; "
            + "[AIA-ADM-002] GPU workload must declare annotation ai-audit.io/risk-class "
            + "(one of unacceptable, high, limited, minimal, gpai, gpai-systemic)");
    assertThat(response.path("warnings")).extracting(JsonNode::asText).containsExactly(
        "[AIA-ADM-005] AI workload should name a human-oversight contact in ai-audit.io/oversight-contact",
        "[AIA-ADM-006] AI workload should state its intended purpose in ai-audit.io/intended-purpose");
  }

  @Test
  void review_annotatedDeployment_allowedWithAuditWarnings() throws Exception {
    JsonNode response = reviews.review(load("deployment-annotated.json")).path("response");

    assertThat(response.path("uid").asText()).isEqualTo("0df28fbd-5f5f-11e8-bc74-36e6bb280816");
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("status")).isFalse();
    assertThat(response.path("warnings")).extracting(JsonNode::asText).containsExactly(
        "[AIA-ADM-005] AI workload should name a human-oversight contact in ai-audit.io/oversight-contact",
        "[AIA-ADM-009] model should be pinned by digest in ai-audit.io/model-digest");
  }

  @Test
  void review_configMap_allowedWithoutWarnings() throws Exception {
    JsonNode response = reviews.review(load("configmap.json")).path("response");

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("warnings")).isFalse();
  }

  @Test
  void review_deleteOfGpuPod_allowed() throws Exception {
    ObjectNode review = load("pod-gpu-unannotated.json");
    ((ObjectNode) review.get("request")).put("operation", "DELETE");

    assertThat(reviews.review(review).path("response").path("allowed").asBoolean()).isTrue();
  }

  @Test
  void review_podCreatedByReplicaSet_allowedBecauseItsControllerWasJudged() throws Exception {
    ObjectNode review = load("pod-gpu-unannotated.json");
    ((ObjectNode) review.at("/request/object/metadata")).putArray("ownerReferences").addObject()
        .put("apiVersion", "apps/v1").put("kind", "ReplicaSet").put("name", "gpu-notebook-5d8f7")
        .put("uid", "8e1f").put("controller", true);

    JsonNode response = reviews.review(review).path("response");
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("warnings")).isFalse();
  }

  @Test
  void review_unacceptableRiskClass_denied() throws Exception {
    ObjectNode review = load("deployment-annotated.json");
    ((ObjectNode) review.at("/request/object/metadata/annotations")).put("ai-audit.io/risk-class", "Unacceptable");

    JsonNode response = reviews.review(review).path("response");
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("message").asText()).contains("[AIA-ADM-004]");
  }

  @Test
  void review_wrongApiVersionKindOrMissingUid_rejectedWithMessage() throws Exception {
    ObjectNode v1beta1 = load("configmap.json").put("apiVersion", "admission.k8s.io/v1beta1");
    ObjectNode wrongKind = load("configmap.json").put("kind", "Pod");
    ObjectNode noUid = load("configmap.json");
    ((ObjectNode) noUid.get("request")).remove("uid");

    assertThatThrownBy(() -> reviews.review(v1beta1)).isInstanceOf(InvalidAdmissionReviewException.class)
        .hasMessage("apiVersion must be admission.k8s.io/v1, got 'admission.k8s.io/v1beta1'");
    assertThatThrownBy(() -> reviews.review(wrongKind)).hasMessage("kind must be AdmissionReview, got 'Pod'");
    assertThatThrownBy(() -> reviews.review(noUid)).hasMessage("request.uid must be a non-empty string");
    assertThatThrownBy(() -> reviews.review(Json.MAPPER.readTree("[1]")))
        .hasMessage("body must be a JSON object (an AdmissionReview)");
  }
}
