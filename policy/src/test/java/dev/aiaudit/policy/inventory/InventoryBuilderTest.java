package dev.aiaudit.policy.inventory;

import dev.aiaudit.model.text.Diagnostic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryBuilderTest {

  private final Inventory inventory = Fixtures.realistic();

  private JsonNode item(String id) {
    return inventory.find(id).orElseThrow(() -> new AssertionError("no item " + id));
  }

  @Test
  void build_realisticManifests_findsEveryAiWorkloadAndSkipsTheOthers() {
    assertThat(inventory.issues()).isEmpty();
    assertThat(inventory.items()).extracting(i -> i.path("id").asText()).containsExactlyInAnyOrder(
        "k8s:llm-serving/Deployment/vllm-llama",
        "k8s:llm-serving/StatefulSet/tgi-mistral",
        "k8s:ml-training/Job/credit-scoring-finetune",
        "k8s:ml-training/CronJob/nightly-eval",
        "k8s:edge-vision/DaemonSet/triton-edge",
        "k8s:edge-vision/Pod/detector-debug",
        "k8s:web/Deployment/chat-frontend",
        "k8s:search/Deployment/embeddings",
        "k8s:recsys/Deployment/recommender");
    assertThat(inventory.nonAiWorkloads()).isEqualTo(3); // storefront, sessions, monthly-report
    assertThat(inventory.items()).extracting(i -> i.path("namespace").asText())
        .contains("llm-serving", "ml-training", "edge-vision", "web", "search", "recsys");
  }

  @Test
  void build_annotatedGpuDeployment_fillsIdentityResourcesModelAndAi() {
    JsonNode vllm = item("k8s:llm-serving/Deployment/vllm-llama");

    assertThat(vllm.path("declared").asBoolean()).isTrue();
    assertThat(vllm.path("source").path("type").asText()).isEqualTo("kubernetes");
    assertThat(vllm.path("source").path("file").asText()).endsWith("llm/vllm-llama.yaml");
    assertThat(vllm.path("source").path("line").asInt()).isEqualTo(7);
    assertThat(vllm.path("replicas").asInt()).isEqualTo(2);
    assertThat(vllm.path("serviceAccount").asText()).isEqualTo("vllm");
    assertThat(vllm.path("accelerators").path("nvidia.com/gpu").asLong()).isEqualTo(2);
    assertThat(vllm.path("containers").get(0).path("image").asText()).startsWith("vllm/vllm-openai:v0.6.3@sha256:");
    assertThat(vllm.path("containers").get(0).path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(vllm.path("labels").path("app.kubernetes.io/part-of").asText()).isEqualTo("assistant");
    assertThat(vllm.path("model").path("name").asText()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
    assertThat(vllm.path("model").path("digest").asText()).startsWith("sha256:5f0b02");
    assertThat(vllm.path("ai").path("riskClass").asText()).isEqualTo("limited");
    assertThat(vllm.path("ai").path("generative").isBoolean()).isTrue();
    assertThat(vllm.path("ai").path("generative").asBoolean()).isTrue();
    assertThat(vllm.path("ai").path("contentLabelling").asText()).isEqualTo("metadata");
    assertThat(vllm.has("observed")).isFalse();
  }

  @Test
  void build_huggingFaceCardByAnnotationPath_normalisesFrontMatterAndSections() {
    JsonNode card = item("k8s:llm-serving/Deployment/vllm-llama").path("model").path("card");

    assertThat(card.path("format").asText()).isEqualTo("huggingface");
    assertThat(card.path("license").asText()).isEqualTo("llama3.1");
    assertThat(card.path("baseModel").asText()).isEqualTo("meta-llama/Llama-3.1-8B");
    assertThat(card.path("datasets").get(0).asText()).isEqualTo("internal/assistant-sft-2024");
    assertThat(card.path("tags")).hasSize(3);
    assertThat(card.path("metrics").get(0).path("type").asText()).isEqualTo("accuracy");
    assertThat(card.path("metrics").get(0).path("value").asText()).isEqualTo("69.4");
    assertThat(card.path("metrics").get(0).path("slice").asText()).isEqualTo("MMLU");
    assertThat(card.path("intendedUse").asText()).startsWith("Assistant-style chat");
    assertThat(card.path("limitations").asText()).contains("reviewed by a person");
    assertThat(card.path("pipelineTag").asText()).isEqualTo("text-generation");
  }

  @Test
  void build_cardUrlAndCardDirectory_linksCardByModelName() {
    JsonNode model = item("k8s:llm-serving/StatefulSet/tgi-mistral").path("model");

    assertThat(model.path("cardRef").asText()).isEqualTo("https://huggingface.co/mistralai/Mistral-7B-Instruct-v0.3");
    assertThat(model.path("card").path("license").asText()).isEqualTo("apache-2.0");
    assertThat(model.path("card").path("metrics").get(0).path("type").asText()).isEqualTo("accuracy");
    assertThat(model.path("card").path("limitations").asText()).isEqualTo("No moderation built in.");
  }

  @Test
  void build_cycloneDxBomByAnnotationPath_importsModelCardAndDigest() {
    JsonNode job = item("k8s:ml-training/Job/credit-scoring-finetune");
    JsonNode card = job.path("model").path("card");

    assertThat(job.path("replicas").asInt()).isEqualTo(4);
    assertThat(job.path("accelerators").path("nvidia.com/gpu").asLong()).isEqualTo(2);
    assertThat(card.path("format").asText()).isEqualTo("cyclonedx");
    assertThat(card.path("datasets").get(0).asText()).isEqualTo("loan-book-2015-2024");
    assertThat(card.path("license").asText()).isEqualTo("Proprietary");
    assertThat(card.path("metrics")).hasSize(2);
    assertThat(card.path("limitations").asText()).isEqualTo("Not validated for business loans; Degrades for thin credit files");
    assertThat(job.path("model").path("digest").asText()).isEqualTo(
        "sha256:9c1185a5c5e9fc54612808977ee8f548b2258d31b1b3c2d5e1c4a5b6c7d8e9f0");
  }

  @Test
  void build_cronJobDaemonSetPodAndList_readsEachShape() {
    JsonNode cron = item("k8s:ml-training/CronJob/nightly-eval");
    assertThat(cron.path("accelerators").path("amd.com/gpu").asLong()).isEqualTo(1);
    assertThat(cron.path("ai").path("registrationId").asText()).isEqualTo("EU-DB-2026-000412");

    JsonNode triton = item("k8s:edge-vision/DaemonSet/triton-edge");
    assertThat(triton.path("accelerators").path("nvidia.com/mig-1g.10gb").asLong()).isEqualTo(1);
    assertThat(triton.has("replicas")).isFalse();

    JsonNode pod = item("k8s:edge-vision/Pod/detector-debug");
    assertThat(pod.has("model")).isFalse();
    assertThat(pod.has("ai")).isFalse();
    assertThat(pod.path("containers").get(0).path("securityContext").path("privileged").asBoolean()).isTrue();

    JsonNode recommender = item("k8s:recsys/Deployment/recommender");
    assertThat(recommender.path("source").path("file").asText()).endsWith("list.json");
  }

  @Test
  void build_cpuWorkloadWithOurLabel_isAnAiDeploymentWithoutAccelerators() {
    JsonNode embeddings = item("k8s:search/Deployment/embeddings");

    assertThat(embeddings.has("accelerators")).isFalse();
    assertThat(embeddings.path("labels").path("ai-audit.io/ai-workload").asText()).isEqualTo("true");
  }

  @Test
  void build_extraAcceleratorResource_countsIt() {
    Inventory inv = InventoryBuilder.create()
        .manifests(List.of(Fixtures.resource("manifests/apps/web.yaml")))
        .accelerators(AcceleratorResources.withExtra(List.of("example.com/npu")))
        .build();

    assertThat(inv.items()).isEmpty();
    assertThat(AcceleratorResources.withExtra(List.of("example.com/npu")).isAccelerator("example.com/npu")).isTrue();
  }

  @Test
  void build_malformedDocument_reportsFileLineAndReadsTheOtherDocuments() {
    Inventory inv = InventoryBuilder.create().manifests(List.of(Fixtures.resource("broken"))).build();

    assertThat(inv.items()).extracting(i -> i.path("id").asText())
        .containsExactly("k8s:qa/Deployment/good-before", "k8s:qa/Pod/good-after");
    Diagnostic syntax = inv.issues().stream().filter(i -> i.code().equals("YAML_SYNTAX")).findFirst().orElseThrow();
    assertThat(syntax.format()).endsWith("\n |    namespace: qa\n" + " | " + " ".repeat(syntax.column() - 1) + "^");
    assertThat(syntax.headline()).matches(
        "ERROR: .*broken/mixed\\.yaml:23:\\d+: malformed YAML document: .+ \\[YAML_SYNTAX]");
    assertThat(inv.issues()).extracting(Diagnostic::headline).anySatisfy(f -> assertThat(f).isEqualTo(
        "WARNING: " + Fixtures.resource("broken/mixed.yaml") + ":26:1: k8s:qa/Pod/good-after: "
            + "ai-audit.io/risk-class 'catastrophic' is not one of "
            + "[unacceptable, high, limited, minimal, gpai, gpai-systemic] [ANNOTATION_VALUE]"));
  }
}
