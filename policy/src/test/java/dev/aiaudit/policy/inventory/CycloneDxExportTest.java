package dev.aiaudit.policy.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CycloneDxExportTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);

  private static JsonNode component(JsonNode bom, String ref) {
    for (JsonNode c : bom.path("components")) {
      if (ref.equals(c.path("bom-ref").asText())) {
        return c;
      }
    }
    throw new AssertionError("no component " + ref);
  }

  private static String property(JsonNode component, String name) {
    for (JsonNode p : component.path("properties")) {
      if (name.equals(p.path("name").asText())) {
        return p.path("value").asText();
      }
    }
    return null;
  }

  @Test
  void toBom_realisticInventory_isAnMlBomWithModelCards() {
    Inventory inv = Fixtures.realistic();
    JsonNode bom = CycloneDxExport.toBom(inv, clock);

    assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(bom.path("specVersion").asText()).isEqualTo("1.6");
    assertThat(bom.path("serialNumber").asText()).matches("urn:uuid:[0-9a-f-]{36}");
    assertThat(bom.path("metadata").path("timestamp").asText()).isEqualTo("2026-11-24T12:00:00Z");
    assertThat(bom.path("components")).filteredOn(c -> c.path("type").asText().equals("machine-learning-model"))
        .hasSize(inv.items().size());

    JsonNode vllm = component(bom, "k8s:llm-serving/Deployment/vllm-llama");
    assertThat(vllm.path("name").asText()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
    assertThat(vllm.path("hashes").get(0).path("alg").asText()).isEqualTo("SHA-256");
    assertThat(vllm.path("pedigree").path("ancestors").get(0).path("name").asText()).isEqualTo("meta-llama/Llama-3.1-8B");
    assertThat(vllm.path("modelCard").path("modelParameters").path("task").asText()).isEqualTo("text-generation");
    assertThat(vllm.path("modelCard").path("quantitativeAnalysis").path("performanceMetrics")).hasSize(2);
    assertThat(vllm.path("modelCard").path("considerations").path("technicalLimitations").get(0).asText())
        .contains("not for legal or medical advice");
    assertThat(property(vllm, "ai-audit:euaia:riskClass")).isEqualTo("limited");
    assertThat(property(vllm, "ai-audit:k8s:accelerator:nvidia.com/gpu")).isEqualTo("2");

    JsonNode job = component(bom, "k8s:ml-training/Job/credit-scoring-finetune");
    String ref = job.path("modelCard").path("modelParameters").path("datasets").get(0).path("ref").asText();
    assertThat(component(bom, ref).path("type").asText()).isEqualTo("data");
    assertThat(component(bom, ref).path("name").asText()).isEqualTo("loan-book-2015-2024");
  }

  @Test
  void toBom_sameInventoryTwice_sameSerialNumber() {
    assertThat(CycloneDxExport.toBom(Fixtures.realistic(), clock).path("serialNumber"))
        .isEqualTo(CycloneDxExport.toBom(Fixtures.realistic(), clock).path("serialNumber"));
  }
}
