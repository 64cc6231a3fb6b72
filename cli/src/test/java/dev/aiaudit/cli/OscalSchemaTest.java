package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code -f oscal} output of {@code ai-audit scan} and {@code ai-audit policy eval}, produced through the CLI, is
 * valid against NIST's published OSCAL 1.1.2 Assessment Results JSON Schema (test resource
 * {@code oscal/oscal_assessment-results_1.1.2_schema.json}, unchanged; provenance in the README beside it). The
 * schema is the whole NIST one, not a subset: a control test below shows it rejects a document the hand-written
 * subset would let through.
 */
class OscalSchemaTest extends CapturedStdio {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonSchema nist;

  @TempDir Path dir;

  @BeforeAll
  static void loadNistSchema() throws Exception {
    try (InputStream in = OscalSchemaTest.class.getResourceAsStream("/oscal/oscal_assessment-results_1.1.2_schema.json")) {
      JsonNode schema = JSON.readTree(in);
      assertThat(schema.path("$id").asText()).isEqualTo("http://csrc.nist.gov/ns/oscal/1.0/oscal-ar-1.1.2-schema.json");
      nist = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
    }
  }

  @Test
  void scanOscal_everyProfile_validAgainstNistSchema() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Path kconfig = Files.writeString(dir.resolve("k.config"),
        "# Linux/x86 6.8.0 Kernel Configuration\nCONFIG_X86_64=y\nCONFIG_RANDOMIZE_BASE=y\n# CONFIG_DEBUG_FS is not set\n");
    Path cmdline = Files.writeString(dir.resolve("cmdline"), "BOOT_IMAGE=/vmlinuz nokaslr\n");
    Path out = dir.resolve("ar.json");
    int rc = Main.run("scan", "--root", root.toString(), "-p", "kspp", "-p", "ai-host", "-p", "cmmc-l2", "-p", "pci-dss-4",
        "--kconfig", kconfig.toString(), "--cmdline", cmdline.toString(), "-f", "oscal", "-o", out.toString());
    assertThat(rc).as(err.toString()).isEqualTo(1);
    JsonNode doc = JSON.readTree(out.toFile());
    assertThat(doc.path("assessment-results").path("results")).hasSize(4);
    assertThat(doc.path("assessment-results").path("results").get(0).path("observations").size()).isGreaterThan(100);
    assertThat(violations(doc)).isEmpty();
  }

  @Test
  void policyEvalOscal_validAgainstNistSchema() throws Exception {
    Path out = dir.resolve("policy-ar.json");
    Path inventory = Path.of(OscalSchemaTest.class.getResource("/policy/inventory.json").toURI());
    int rc = Main.run("policy", "eval", "--now", "2026-11-24T12:00:00Z", "-f", "oscal", "-o", out.toString(),
        inventory.toString());
    assertThat(rc).as(err.toString()).isZero();
    JsonNode doc = JSON.readTree(out.toFile());
    assertThat(doc.path("assessment-results").path("results").size()).isPositive();
    assertThat(violations(doc)).isEmpty();
  }

  @Test
  void nistSchema_rejectsWhatTheSubsetWouldMiss_controlForTheTestsAbove() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Path out = dir.resolve("ar.json");
    Main.run("scan", "--root", root.toString(), "-p", "kspp", "--check", "kconfig.RANDOMIZE_BASE", "-f", "oscal", "-o",
        out.toString());
    ObjectNode doc = (ObjectNode) JSON.readTree(out.toFile());
    assertThat(violations(doc)).isEmpty();
    // an unknown key deep inside metadata, a bad uuid in a finding target, a method outside the allowed tokens
    ((ObjectNode) doc.path("assessment-results").path("metadata")).put("made-up", "x");
    assertThat(violations(doc)).isNotEmpty();
    ObjectNode clean = (ObjectNode) JSON.readTree(out.toFile());
    ((ObjectNode) clean.path("assessment-results").path("results").get(0)).remove("reviewed-controls");
    assertThat(violations(clean)).anySatisfy(m -> assertThat(m.getMessage()).contains("reviewed-controls"));
  }

  private static List<ValidationMessage> violations(JsonNode doc) {
    Set<ValidationMessage> v = nist.validate(doc);
    return List.copyOf(v);
  }
}
