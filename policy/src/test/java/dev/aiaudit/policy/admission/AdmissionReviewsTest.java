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

  private static ObjectNode withOwner(ObjectNode review, String kind, String uid, boolean controller) {
    ((ObjectNode) review.at("/request/object/metadata")).putArray("ownerReferences").addObject()
        .put("apiVersion", kind.equals("ConfigMap") ? "v1" : "apps/v1").put("kind", kind)
        .put("name", "owner-" + uid).put("uid", uid).put("controller", controller);
    return review;
  }

  /** The pod a ReplicaSet of deployment-annotated.json would create: the template, no annotations. */
  private static ObjectNode podOfAnnotatedDeployment() throws Exception {
    ObjectNode review = load("pod-gpu-unannotated.json");
    ObjectNode request = (ObjectNode) review.get("request");
    request.put("namespace", "llm-serving").put("name", "summariser-5d8f7-x2k9q");
    ObjectNode object = (ObjectNode) request.get("object");
    ((ObjectNode) object.get("metadata")).put("name", "summariser-5d8f7-x2k9q")
        .putObject("labels").put("app", "summariser").put("pod-template-hash", "5d8f7");
    ObjectNode container = (ObjectNode) object.at("/spec/containers/0");
    container.put("name", "tgi").put("image", "ghcr.io/huggingface/text-generation-inference:2.3.1");
    ObjectNode resources = container.putObject("resources");
    resources.putObject("limits").put("nvidia.com/gpu", "1");
    resources.putObject("requests").put("nvidia.com/gpu", "1"); // the API server's defaulting copies limits
    ((ObjectNode) object.get("spec")).put("serviceAccountName", "default");
    return withOwner(review, "ReplicaSet", "6f1c2a9e-5d8f-4c1b-9a7e-2b3c4d5e6f70", true);
  }

  @Test
  void review_gpuPodWithForgedOwnerReference_deniedWhateverTheOwner() throws Exception {
    for (String kind : new String[] {"ConfigMap", "ReplicaSet", "Deployment", "Job"}) {
      for (boolean controller : new boolean[] {true, false}) {
        ObjectNode review = withOwner(load("pod-gpu-unannotated.json"), kind,
            java.util.UUID.randomUUID().toString(), controller);

        JsonNode response = reviews.review(review).path("response");

        assertThat(response.path("allowed").asBoolean()).as(kind + " controller=" + controller).isFalse();
        assertThat(response.path("status").path("message").asText()).startsWith(
            "ai-audit denied k8s:research/Pod/gpu-notebook: [AIA-ADM-001]");
      }
    }
    assertThat(reviews.admittedTemplates().size()).isZero();
  }

  @Test
  void review_podOfAdmittedDeployment_judgedWithItsOwnersAnnotations() throws Exception {
    assertThat(reviews.review(podOfAnnotatedDeployment()).at("/response/allowed").asBoolean())
        .as("before its owner was admitted").isFalse();
    assertThat(reviews.review(load("deployment-annotated.json")).at("/response/allowed").asBoolean()).isTrue();

    JsonNode response = reviews.review(podOfAnnotatedDeployment()).path("response");

    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("warnings")).extracting(JsonNode::asText).containsExactly(
        "[AIA-ADM-005] AI workload should name a human-oversight contact in ai-audit.io/oversight-contact",
        "[AIA-ADM-009] model should be pinned by digest in ai-audit.io/model-digest");
  }

  @Test
  void review_podNamingAnAdmittedOwnerButRunningSomethingElse_denied() throws Exception {
    reviews.review(load("deployment-annotated.json"));
    ObjectNode otherImage = podOfAnnotatedDeployment();
    ((ObjectNode) otherImage.at("/request/object/spec/containers/0")).put("image", "evil/miner:latest");
    ObjectNode otherNamespace = podOfAnnotatedDeployment();
    ((ObjectNode) otherNamespace.get("request")).put("namespace", "research");
    ObjectNode moreGpus = podOfAnnotatedDeployment();
    ((ObjectNode) moreGpus.at("/request/object/spec/containers/0/resources/limits")).put("nvidia.com/gpu", "8");
    ObjectNode otherAccount = podOfAnnotatedDeployment();
    ((ObjectNode) otherAccount.at("/request/object/spec")).put("serviceAccountName", "cluster-admin-sa");
    ObjectNode noControllerFlag = podOfAnnotatedDeployment();
    ((ObjectNode) noControllerFlag.at("/request/object/metadata/ownerReferences/0")).put("controller", false);

    for (ObjectNode review : java.util.List.of(otherImage, otherNamespace, moreGpus, otherAccount, noControllerFlag)) {
      assertThat(reviews.review(review).at("/response/allowed").asBoolean()).isFalse();
    }
  }

  @Test
  void review_deniedOrDryRunOwner_notRemembered() throws Exception {
    ObjectNode denied = load("deployment-annotated.json");
    ((ObjectNode) denied.at("/request/object/metadata/annotations")).put("ai-audit.io/risk-class", "unacceptable");
    ObjectNode dryRun = load("deployment-annotated.json");
    ((ObjectNode) dryRun.get("request")).put("dryRun", true);

    assertThat(reviews.review(denied).at("/response/allowed").asBoolean()).isFalse();
    assertThat(reviews.review(dryRun).at("/response/allowed").asBoolean()).isTrue();

    assertThat(reviews.admittedTemplates().size()).isZero();
    assertThat(reviews.review(podOfAnnotatedDeployment()).at("/response/allowed").asBoolean()).isFalse();
  }

  @Test
  void admittedTemplates_expireAndStayBounded() throws Exception {
    MutableClock clock = new MutableClock();
    AdmittedTemplates templates = new AdmittedTemplates(2, java.time.Duration.ofMinutes(10), clock);
    AdmissionReviews bounded = new AdmissionReviews(new RequiredAnnotationsPolicy(), AcceleratorResources.DEFAULT,
        templates);
    bounded.review(load("deployment-annotated.json"));
    assertThat(bounded.review(podOfAnnotatedDeployment()).at("/response/allowed").asBoolean()).isTrue();

    clock.advance(java.time.Duration.ofMinutes(11));
    assertThat(bounded.review(podOfAnnotatedDeployment()).at("/response/allowed").asBoolean()).isFalse();

    bounded.review(load("deployment-annotated.json"));
    for (String image : new String[] {"a:1", "b:1"}) {
      ObjectNode other = load("deployment-annotated.json");
      ((ObjectNode) other.at("/request/object/spec/template/spec/containers/0")).put("image", image);
      bounded.review(other);
    }
    assertThat(templates.size()).isEqualTo(2);
    assertThat(bounded.review(podOfAnnotatedDeployment()).at("/response/allowed").asBoolean())
        .as("the oldest entry was dropped").isFalse();
  }

  private static final class MutableClock extends java.time.Clock {
    private java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");

    void advance(java.time.Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return now;
    }
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
