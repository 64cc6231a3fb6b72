package dev.aiaudit.policy.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.aiaudit.policy.EvaluationReport;
import dev.aiaudit.policy.EvidenceSource;
import dev.aiaudit.policy.PolicyEngine;
import dev.aiaudit.policy.PolicyLibrary;
import dev.aiaudit.testing.JsonSchemas;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Each output format on one compliant-ish and one shadow-AI deployment. */
class ReportFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static EvaluationReport report;
  private static List<JsonNode> items;

  @BeforeAll
  static void evaluate() throws Exception {
    JsonNode good;
    try (InputStream in = ReportFormatTest.class.getResourceAsStream("/inventory/compliant-high-risk.json")) {
      good = JSON.readTree(in);
    }
    ObjectNode shadow = JSON.createObjectNode().put("id", "host:containerd://4f2a").put("declared", false);
    shadow.putObject("observed").putArray("gpuDevices").add("/dev/nvidia0");
    items = List.of(good, shadow);
    Path ev = Path.of(ReportFormatTest.class.getResource("/evidence/good.json").toURI());
    report = PolicyEngine.builder(PolicyLibrary.builtIn()).evidence(EvidenceSource.fromFile(ev))
        .clock(Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC)).build().evaluate(items);
  }

  private static String render(String format) throws Exception {
    StringWriter w = new StringWriter();
    PolicyReports.write(format, report, items, w);
    return w.toString();
  }

  @Test
  void text_listsShadowAiWithReasonAndSummary() throws Exception {
    String t = render("text");
    assertThat(t).contains("ai-audit policy eval: host:containerd://4f2a (shadow AI) on host:containerd://4f2a  NON-COMPLIANT")
        .contains("note: SHADOW AI: not in any manifest")
        .contains("NON-COMPLIANT  critical nist-gv-1.6-shadow-ai")
        .contains("- AiAudit/declared equals false (actual: false)")
        .doesNotContain("utcNow")
        .contains("deployments: compliant 0, non-compliant 1")
        .contains("controls of nist-ai-rmf-1.0 (worst deployment per control): compliant ");
  }

  @Test
  void json_hasSummaryAndWireNames() throws Exception {
    JsonNode j = JSON.readTree(render("json"));
    assertThat(JsonSchemas.violations(JsonSchemas.FINDINGS_REPORT, j)).isEmpty();
    assertThat(j.path("tool").asText()).isEqualTo("ai-audit policy eval");
    assertThat(j.path("sections")).hasSize(2);
    assertThat(j.path("sections").get(1).path("state").asText()).isEqualTo("non-compliant");
    assertThat(j.path("sections").get(1).path("properties").path("declared").asText()).isEqualTo("false");
    assertThat(j.path("sections").get(1).path("findings").findValuesAsText("state")).contains("non-compliant");
    assertThat(j.path("totals").path("deployments").path("non-compliant").asInt()).isEqualTo(1);
    assertThat(j.path("initiatives").get(0).path("policies").asInt()).isGreaterThan(30);
    JsonNode gv16 = null;
    for (JsonNode c : j.path("initiatives").get(1).path("controls")) {
      if (c.path("id").asText().equals("NIST-GOVERN-1.6")) {
        gv16 = c;
      }
    }
    assertThat(gv16).isNotNull();
    assertThat(gv16.path("deployments").path("non-compliant").asInt()).isEqualTo(1);
  }

  @Test
  void junit_isWellFormedWithFailuresAndSkips() throws Exception {
    String x = render("junit");
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new java.io.ByteArrayInputStream(x.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(d.getDocumentElement().getTagName()).isEqualTo("testsuites");
    assertThat(d.getElementsByTagName("testsuite").getLength()).isEqualTo(2);
    assertThat(Integer.parseInt(d.getDocumentElement().getAttribute("failures"))).isPositive();
    assertThat(d.getElementsByTagName("skipped").getLength()).isPositive();
    int cases = report.deployments().stream().mapToInt(dep -> dep.results().size()).sum();
    assertThat(d.getElementsByTagName("testcase").getLength()).isEqualTo(cases);
    assertThat(Integer.parseInt(d.getDocumentElement().getAttribute("tests"))).isEqualTo(cases);
  }

  @Test
  void html_escapesAndShowsStates() throws Exception {
    String h = render("html");
    assertThat(h).startsWith("<!DOCTYPE html>").contains("shadow AI").contains("&lt;missing&gt;").doesNotContain("<missing>");
  }

  @Test
  void oscal_hasImportApResolvingToEmbeddedPlanAndFindings() throws Exception {
    JsonNode doc = JSON.readTree(render("oscal"));
    assertThat(JsonSchemas.violations(JsonSchemas.OSCAL_AR, doc)).isEmpty();
    JsonNode ar = doc.path("assessment-results");
    assertThat(ar.path("metadata").path("oscal-version").asText()).isEqualTo("1.1.2");
    String href = ar.path("import-ap").path("href").asText();
    JsonNode res = ar.path("back-matter").path("resources").get(0);
    assertThat(href).isEqualTo("#" + res.path("uuid").asText());
    JsonNode ap = JSON.readTree(Base64.getDecoder().decode(res.path("base64").path("value").asText()));
    assertThat(ap.path("assessment-plan").path("import-ssp").path("href").asText()).isNotEmpty();
    assertThat(ar.path("results")).hasSize(2);
    JsonNode result = ar.path("results").get(1);
    assertThat(result.path("reviewed-controls").path("control-selections").get(0).path("include-controls")).isNotEmpty();
    assertThat(result.path("findings")).anySatisfy(f -> {
      assertThat(f.path("target").path("target-id").asText()).isEqualTo("nist-govern-1.6");
      assertThat(f.path("target").path("status").path("state").asText()).isEqualTo("not-satisfied");
    });
    JsonNode good = ar.path("results").get(0);
    assertThat(good.path("observations")).anySatisfy(o -> assertThat(o.path("relevant-evidence").findValuesAsText("href"))
        .anyMatch(h -> h.startsWith("journal:seq/")));
    assertThat(ar.path("uuid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Test
  void openReports_oneReportPerDeploymentWithScopeAndSummary() throws Exception {
    String y = render("openreports");
    var docs = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(y).readAll();
    assertThat(docs).hasSize(2);
    JsonNode first = (JsonNode) docs.get(0);
    assertThat(first.path("apiVersion").asText()).isEqualTo("openreports.io/v1alpha1");
    assertThat(first.path("kind").asText()).isEqualTo("Report");
    assertThat(first.path("metadata").path("namespace").asText()).isEqualTo("ml");
    assertThat(first.path("scope").path("kind").asText()).isEqualTo("Deployment");
    assertThat(first.path("results").get(0).path("result").asText()).isIn("pass", "fail", "warn", "error", "skip");
    JsonNode second = (JsonNode) docs.get(1);
    assertThat(second.path("summary").path("fail").asInt()).isPositive();
    assertThat(second.path("metadata").path("name").asText()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  }

  @Test
  void cycloneDx_exportsModelComponentWithModelCardAndGovernanceProperties() throws Exception {
    JsonNode bom = JSON.readTree(render("cyclonedx"));
    assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(bom.path("specVersion").asText()).isEqualTo("1.6");
    JsonNode model = bom.path("components").get(0);
    assertThat(model.path("type").asText()).isEqualTo("machine-learning-model");
    assertThat(model.path("hashes").get(0).path("alg").asText()).isEqualTo("SHA-256");
    assertThat(model.path("modelCard").path("quantitativeAnalysis").path("performanceMetrics")).hasSize(2);
    assertThat(model.path("properties")).anySatisfy(p -> {
      assertThat(p.path("name").asText()).isEqualTo("ai-audit:euaia:riskClass");
      assertThat(p.path("value").asText()).isEqualTo("high");
    });
    assertThat(bom.path("components")).anySatisfy(c -> assertThat(c.path("type").asText()).isEqualTo("container"));
  }
}
