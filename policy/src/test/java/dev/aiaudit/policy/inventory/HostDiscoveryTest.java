package dev.aiaudit.policy.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostDiscoveryTest {

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private static HostObservation obs(long pid, String exe, String container, String podUid, String podName,
      String ns, String path, String kind, int secondsAfter, long seq) {
    return new HostObservation(pid, exe, 1000, container, podUid, podName, ns, path, kind,
        T0.plusSeconds(secondsAfter), seq, seq < 0 ? null : "h" + seq);
  }

  private final List<ObjectNode> declared = Fixtures.realistic().items();

  @Test
  void group_observations_keysByPodThenContainerThenExe() {
    var groups = HostDiscovery.group(List.of(
        obs(1, "/usr/bin/python3", "c1", "pod-a", null, null, "/m/a.safetensors", "model_weights", 0, 1),
        obs(2, "/usr/bin/python3", "c2", "pod-a", null, null, "/dev/nvidia0", "gpu_device", 1, 2),
        obs(3, "/opt/llama/server", "c3", null, null, null, "/dev/nvidia1", "gpu_device", 2, 3),
        obs(4, "/opt/llama/server", null, null, null, null, "/srv/x.gguf", "model_weights", 3, 4)));

    assertThat(groups.keySet()).containsExactly("pod/pod-a", "container/c3", "exe/opt/llama/server");
    assertThat(groups.get("pod/pod-a")).hasSize(2);
  }

  @Test
  void merge_podOfDeclaredDeployment_attachesObservedBlockToIt() {
    List<ObjectNode> merged = new HostDiscovery(false).merge(declared, List.of(
        obs(4242, "/usr/bin/python3", "cid-1", "uid-1", "vllm-llama-7d9f8b6c5d-x2k4q", "llm-serving",
            "/models/llama-3.1-8b-instruct/model-00001-of-00004.safetensors", "model_weights", 0, 17),
        obs(4242, "/usr/bin/python3", "cid-1", "uid-1", "vllm-llama-7d9f8b6c5d-x2k4q", "llm-serving",
            "/dev/nvidia0", "gpu_device", 5, 18),
        obs(4243, "/usr/bin/python3", "cid-2", "uid-2", "vllm-llama-7d9f8b6c5d-z9p2m", "llm-serving",
            "/dev/nvidia1", "gpu_device", 9, 30)));

    assertThat(merged).hasSameSizeAs(declared);
    JsonNode observed = merged.stream().filter(i -> i.path("name").asText().equals("vllm-llama"))
        .findFirst().orElseThrow().path("observed");
    assertThat(observed.path("processes")).hasSize(2);
    assertThat(observed.path("processes").get(0).path("exe").asText()).isEqualTo("/usr/bin/python3");
    assertThat(observed.path("weightFiles").get(0).asText()).endsWith("model-00001-of-00004.safetensors");
    assertThat(observed.path("gpuDevices")).extracting(JsonNode::asText).containsExactly("/dev/nvidia0", "/dev/nvidia1");
    assertThat(observed.path("firstSeen").asText()).isEqualTo("2026-11-24T10:00:00Z");
    assertThat(observed.path("lastSeen").asText()).isEqualTo("2026-11-24T10:00:09Z");
    assertThat(observed.path("evidence").get(0).path("seq").asLong()).isEqualTo(17);
    assertThat(observed.path("evidence").get(0).path("hash").asText()).isEqualTo("h17");
    assertThat(declared.getFirst().has("observed")).as("input not mutated").isFalse();
  }

  @Test
  void merge_weightFileUnderDeclaredModelPath_matchesWithoutPodName() {
    List<ObjectNode> merged = new HostDiscovery(false).merge(declared, List.of(
        obs(7, "/usr/bin/python3", "cid-9", null, null, null,
            "/models/llama-3.1-8b-instruct/tokenizer.safetensors", "model_weights", 0, 1)));

    assertThat(merged).hasSameSizeAs(declared);
    assertThat(merged.stream().filter(i -> i.has("observed")).map(i -> i.path("id").asText()))
        .containsExactly("k8s:llm-serving/Deployment/vllm-llama");
  }

  @Test
  void merge_unmatchedPodWithWeightsAndGpu_becomesShadowItem() {
    List<ObjectNode> merged = new HostDiscovery(false).merge(declared, List.of(
        obs(900, "/usr/local/bin/ollama", "c-77", "pod-shadow", "ollama-0", "sandbox",
            "/root/.ollama/models/blobs/sha256-6a0746a1ec1a", "model_weights", 0, 50),
        obs(900, "/usr/local/bin/ollama", "c-77", "pod-shadow", "ollama-0", "sandbox",
            "/dev/nvidia0", "gpu_device", 1, 51)));

    ObjectNode shadow = merged.getLast();
    assertThat(merged).hasSize(declared.size() + 1);
    assertThat(shadow.path("id").asText()).isEqualTo("host:pod-shadow");
    assertThat(shadow.path("declared").asBoolean()).isFalse();
    assertThat(shadow.path("source").path("type").asText()).isEqualTo("host-discovery");
    assertThat(shadow.path("kind").asText()).isEqualTo("Pod");
    assertThat(shadow.path("namespace").asText()).isEqualTo("sandbox");
    assertThat(shadow.path("observed").path("processes").get(0).path("pid").asLong()).isEqualTo(900);
  }

  @Test
  void merge_gpuOnlyProcess_isShadowOnlyWhenEitherIsEnough() {
    List<HostObservation> gpuOnly = List.of(
        obs(55, "/usr/bin/nvidia-smi", null, null, null, null, "/dev/nvidiactl", "gpu_device", 0, -1));

    assertThat(new HostDiscovery(false).merge(List.of(), gpuOnly)).isEmpty();
    List<ObjectNode> either = new HostDiscovery(true).merge(List.of(), gpuOnly);
    assertThat(either).singleElement().satisfies(i -> {
      assertThat(i.path("id").asText()).isEqualTo("host:/usr/bin/nvidia-smi");
      assertThat(i.path("kind").asText()).isEqualTo("Process");
      assertThat(i.path("observed").has("evidence")).isFalse();
    });
  }

  @Test
  void merge_podNameInOtherNamespace_doesNotMatch() {
    List<ObjectNode> merged = new HostDiscovery(false).merge(declared, List.of(
        obs(1, "/usr/bin/python3", "c", "u", "vllm-llama-abc-def", "other-ns", "/w.safetensors", "model_weights", 0, 1),
        obs(1, "/usr/bin/python3", "c", "u", "vllm-llama-abc-def", "other-ns", "/dev/nvidia0", "gpu_device", 0, 2)));

    assertThat(merged.getLast().path("declared").asBoolean()).isFalse();
    assertThat(merged.stream().filter(i -> i.path("declared").asBoolean()).noneMatch(i -> i.has("observed"))).isTrue();
  }
}
