package dev.aiaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.model.Finding;
import dev.aiaudit.testing.JsonSchemas;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The shared writers on a hand-made assessment with every status and hostile text. */
class ReportWritersTest {
  private static final String HOSTILE = "a<b>&\"c' \u0001 \u0007 ]]> \ud800 end";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Finding finding(String id, Finding.Status status, List<String> controls) {
    return new Finding(id, "title of " + id + " " + HOSTILE, "cat", AlertSeverity.HIGH, status, "", controls, "x=1",
        "x=0 " + HOSTILE, status.decided() ? List.of() : List.of("because " + HOSTILE), "fix it",
        status == Finding.Status.FAIL ? List.of(new Finding.Evidence(7, "ab12")) : List.of(), Map.of("kind", "k"));
  }

  private static Assessment assessment() {
    List<Finding> findings = List.of(
        finding("r.pass", Finding.Status.PASS, List.of("C-1")),
        finding("r.fail", Finding.Status.FAIL, List.of("C-1", "C-2")),
        finding("r.error", Finding.Status.ERROR, List.of("C-3")),
        finding("r.unknown", Finding.Status.UNKNOWN, List.of("C-4")),
        finding("r.exempt", Finding.Status.EXEMPT, List.of("C-5")),
        finding("r.na", Finding.Status.NOT_APPLICABLE, List.of("C-6")),
        finding("r.nocontrol", Finding.Status.PASS, List.of()));
    Section s = new Section("sec-1", "Section " + HOSTILE, "subject", "non-compliant", "7 findings",
        Map.of("kind", "Deployment", "name", "llm", "namespace", "ml"), Map.of("kconfig", "/boot/config"), findings,
        List.of("note " + HOSTILE));
    return new Assessment("ai-audit scan", "t", "host-1", Instant.parse("2026-12-01T10:00:00Z"), Duration.ofMillis(1500),
        List.of(s, new Section("empty", null, null, null, null, Map.of(), Map.of(), List.of(), List.of())),
        List.of("summary " + HOSTILE), List.of("warn " + HOSTILE), Map.of());
  }

  private static String render(ReportFormat f) throws IOException {
    StringWriter w = new StringWriter();
    f.write(assessment(), w);
    return w.toString();
  }

  @Test
  void uuids_areRfc4122Version5WithNamespace() {
    // RFC 4122 / Python uuid.uuid5(NAMESPACE_DNS, "www.example.com")
    assertThat(Uuids.v5(Uuids.NAMESPACE_DNS, "www.example.com"))
        .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
    assertThat(Uuids.AI_AUDIT).isEqualTo(UUID.fromString("335aa27b-dab6-511f-9888-afb0c5187dcd"));
    assertThat(Uuids.of("scan/x")).isEqualTo("0de2cda1-522c-55d2-8b17-704e5dfaccac");
    assertThat(UUID.fromString(Uuids.of("y")).version()).isEqualTo(5);
    assertThat(UUID.fromString(Uuids.of("y")).variant()).isEqualTo(2);
  }

  @Test
  void junit_hostileText_wellFormed_countsPerStatus() throws Exception {
    String xml = render(ReportFormat.JUNIT);
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Element root = d.getDocumentElement();
    assertThat(root.getAttribute("tests")).isEqualTo("7");
    assertThat(root.getAttribute("failures")).isEqualTo("1");
    assertThat(root.getAttribute("errors")).isEqualTo("1");
    assertThat(root.getAttribute("skipped")).isEqualTo("3");
    Element failure = (Element) d.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("type")).isEqualTo("high");
    assertThat(failure.getTextContent()).contains("a<b>&\"c'").contains("]]>").contains("evidence: journal seq 7 hash ab12");
  }

  @Test
  void json_validAgainstSchema() throws IOException {
    JsonNode doc = JSON.readTree(render(ReportFormat.JSON));
    assertThat(JsonSchemas.violations(JsonSchemas.FINDINGS_REPORT, doc)).isEmpty();
    assertThat(doc.at("/sections/0/counts/unknown").asInt()).isEqualTo(1);
    assertThat(doc.at("/sections/0/failedBySeverity/high").asInt()).isEqualTo(1);
    assertThat(doc.at("/sections/0/findings/1/evidence/0/seq").asLong()).isEqualTo(7);
  }

  @Test
  void oscal_validAgainstSchema_undecidedNeverSatisfied_notApplicableOnlyHasNoFinding() throws IOException {
    JsonNode doc = JSON.readTree(render(ReportFormat.OSCAL));
    assertThat(JsonSchemas.violations(JsonSchemas.OSCAL_AR, doc)).isEmpty();
    JsonNode result = doc.at("/assessment-results/results/0");
    assertThat(result.get("observations")).hasSize(7);
    Map<String, String> states = new java.util.HashMap<>();
    result.get("findings").forEach(f -> states.put(f.at("/target/target-id").asText(),
        f.at("/target/status/state").asText() + "/" + f.at("/target/status/reason").asText()));
    assertThat(states).containsEntry("c-1", "not-satisfied/fail").containsEntry("c-2", "not-satisfied/fail")
        .containsEntry("c-3", "not-satisfied/other").containsEntry("c-4", "not-satisfied/other")
        .containsEntry("c-5", "satisfied/pass").containsEntry("r.nocontrol", "satisfied/pass").doesNotContainKey("c-6");
    assertThat(doc.at("/assessment-results/import-ap/href").asText())
        .isEqualTo("#" + doc.at("/assessment-results/back-matter/resources/0/uuid").asText());
  }

  @Test
  void html_escapesEverything() throws IOException {
    String html = render(ReportFormat.HTML);
    assertThat(html).doesNotContain("a<b>").contains("a&lt;b&gt;&amp;&quot;c&#39;").doesNotContain("\u0001");
  }

  @Test
  void text_escapesControlCharacters() throws IOException {
    String text = render(ReportFormat.TEXT);
    assertThat(text).doesNotContain("\u0001").doesNotContain("\u0007").contains("WARNING: warn ")
        .contains("evidence: journal seq 7 hash ab12").contains("note: note ");
  }

  @Test
  void openReports_resultsAndScope() throws IOException {
    String yaml = render(ReportFormat.OPENREPORTS);
    var docs = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readerFor(JsonNode.class).readValues(yaml).readAll();
    JsonNode first = (JsonNode) docs.getFirst();
    assertThat(first.at("/scope/kind").asText()).isEqualTo("Deployment");
    assertThat(first.at("/metadata/namespace").asText()).isEqualTo("ml");
    assertThat(first.at("/summary")).isEqualTo(JSON.readTree("{\"pass\":2,\"fail\":1,\"warn\":1,\"error\":1,\"skip\":2}"));
  }
}
