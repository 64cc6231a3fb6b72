package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PolicyCommandsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String GPU_DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: llm
        namespace: ai
        annotations:
          ai-audit.io/model-name: tiny-llm
          ai-audit.io/risk-class: minimal
      spec:
        template:
          spec:
            containers:
              - name: s
                image: registry.example.com/llm:1
                resources:
                  limits:
                    nvidia.com/gpu: 1
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: nginx
        namespace: web
      spec:
        template:
          spec:
            containers:
              - name: n
                image: nginx:1.27
      """;

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void inventory_jsonlWithObservations_printsDeclaredAndShadowItems() throws Exception {
    Files.writeString(dir.resolve("app.yaml"), GPU_DEPLOYMENT);
    Path obs = dir.resolve("obs.jsonl");
    Files.writeString(obs, """
        {"pid":7,"exe":"/usr/bin/ollama","containerId":"c9","path":"/root/.ollama/models/blobs/sha256-1","assetKind":"model_weights","time":"2026-11-24T10:00:00Z","seq":3,"hash":"ff"}
        {"pid":7,"exe":"/usr/bin/ollama","containerId":"c9","path":"/dev/nvidia0","assetKind":"gpu_device","time":"2026-11-24T10:00:01Z","seq":4,"hash":"fe"}
        """);

    int rc = run("policy", "inventory", "--format", "jsonl", "--observations", obs.toString(), dir.toString());

    assertThat(rc).isZero();
    assertThat(err.toString()).isEmpty();
    String[] lines = out.toString().strip().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(MAPPER.readTree(lines[0]).path("id").asText()).isEqualTo("k8s:ai/Deployment/llm");
    JsonNode shadow = MAPPER.readTree(lines[1]);
    assertThat(shadow.path("id").asText()).isEqualTo("host:c9");
    assertThat(shadow.path("declared").asBoolean()).isFalse();
  }

  @Test
  void inventory_cycloneDxAndTable_formats() throws Exception {
    Files.writeString(dir.resolve("app.yaml"), GPU_DEPLOYMENT);

    assertThat(run("policy", "inventory", "--format", "cyclonedx", dir.toString())).isZero();
    JsonNode bom = MAPPER.readTree(out.toString());
    assertThat(bom.path("specVersion").asText()).isEqualTo("1.6");
    assertThat(bom.path("components").get(0).path("type").asText()).isEqualTo("machine-learning-model");

    out.getBuffer().setLength(0);
    assertThat(run("policy", "inventory", "--format", "table", dir.toString())).isZero();
    assertThat(out.toString()).contains("k8s:ai/Deployment/llm", "warn AIA-ADM-005 AIA-ADM-006 AIA-ADM-009",
        "1 AI deployments, 1 other workloads, 0 issues");
  }

  @Test
  void inventory_malformedDocument_reportsOnStderrAndExitsTwo() throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), GPU_DEPLOYMENT + "---\nkind: Pod\n  x: [\n");

    int rc = run("policy", "inventory", dir.toString());

    assertThat(rc).isEqualTo(2);
    assertThat(err.toString()).startsWith("ERROR: " + dir.resolve("bad.yaml") + ":32:4: malformed YAML document: mapping values are not allowed here [YAML_SYNTAX]");
    assertThat(MAPPER.readTree(out.toString()).path("items")).hasSize(1);
  }

  @Test
  void watchOnce_printsInitialComplianceStates() throws Exception {
    Files.writeString(dir.resolve("app.yaml"), GPU_DEPLOYMENT.replace("ai-audit.io/risk-class: minimal", "x: y"));

    assertThat(run("policy", "watch", "--once", dir.toString())).isZero();

    JsonNode finding = MAPPER.readTree(out.toString().strip());
    assertThat(finding.path("type").asText()).isEqualTo("policy.compliance_change");
    assertThat(finding.path("itemId").asText()).isEqualTo("k8s:ai/Deployment/llm");
    assertThat(finding.path("state").asText()).isEqualTo("non-compliant");
  }

  @Test
  void webhook_withoutTls_refusesToStart() {
    assertThat(run("policy", "webhook", "--port", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("TLS is required: give --tls-cert and --tls-key, or --keystore");
  }

  @Test
  void watch_onceWithDataDir_journalsFindingsThatVerifyAndQuery() throws Exception {
    Path manifests = Files.createDirectories(dir.resolve("k8s"));
    Files.writeString(manifests.resolve("app.yaml"), GPU_DEPLOYMENT);
    Path data = dir.resolve("data");

    int rc = run("policy", "watch", "--once", "--annotations-only", "--data-dir", data.toString(), manifests.toString());

    assertThat(rc).as(err.toString()).isZero();
    assertThat(err.toString()).contains("findings journaled in " + data.resolve("journal") + " up to seq 1");
    var v = dev.aiaudit.journal.JournalVerifier.verify(data.resolve("journal"), null);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.records()).isEqualTo(1);
    try (var store = dev.aiaudit.store.EventStore.openDuckDbReadOnly(data.resolve("events.duckdb"))) {
      var rows = store.query(dev.aiaudit.store.EventQuery.builder()
          .classUids(java.util.List.of(dev.aiaudit.model.FindingEvent.CLASS_UID)).build());
      assertThat(rows).singleElement().satisfies(r -> {
        assertThat(r.seq()).isEqualTo(1);
        assertThat(r.hash()).isEqualTo(v.lastHash());
        var f = (dev.aiaudit.model.FindingEvent) r.event();
        assertThat(f.subject()).isEqualTo("k8s:ai/Deployment/llm");
        assertThat(f.previousState()).isEqualTo("absent");
        assertThat(f.source()).isEqualTo("policy-watch");
      });
    }
  }
}
