package dev.aiaudit.policy.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InventorySchemaTest {

  private static JsonSchema schema() throws Exception {
    try (InputStream in = InventorySchemaTest.class.getResourceAsStream("/schemas/inventory-item.schema.json")) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
  }

  @Test
  void schema_everyItemOfRealisticInventoryWithObservations_isValid() throws Exception {
    JsonSchema schema = schema();
    Instant t = Instant.parse("2026-11-24T10:00:00Z");
    Inventory inv = InventoryBuilder.create()
        .manifests(List.of(Fixtures.resource("manifests")))
        .modelCards(Fixtures.resource("cards"))
        .observations(List.of(
            new HostObservation(1, "/bin/ollama", 0, "c1", null, null, null, "/m/x.gguf", "model_weights", t, 1, "aa"),
            new HostObservation(1, "/bin/ollama", 0, "c1", null, null, null, "/dev/nvidia0", "gpu_device", t, 2, "bb")))
        .build();

    assertThat(inv.items()).hasSize(10);
    for (var item : inv.items()) {
      Set<ValidationMessage> errors = schema.validate(item);
      assertThat(errors).as(item.path("id").asText()).isEmpty();
    }
  }

  @Test
  void schema_itemWithNullAndUnknownField_isRejected() throws Exception {
    var item = Json.object().put("id", "k8s:ns/Pod/p").put("declared", true);
    item.putObject("source").put("type", "kubernetes");
    item.putNull("name");
    item.put("colour", "blue");

    assertThat(schema().validate(item)).hasSize(2);
  }
}
