package dev.aiaudit.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.report.ReportFormat;
import dev.aiaudit.testing.JsonSchemas;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Every output format of {@code ai-audit scan}, produced from real scans of a fixture root and checked. */
class ScanReportFormatsTest {
  private static List<ScanReport> reports;

  @BeforeAll
  static void scan(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("proc/sys/kernel"));
    Files.writeString(root.resolve("proc/sys/kernel/kptr_restrict"), "2\n");
    Files.writeString(root.resolve("proc/cmdline"), "root=/dev/vda ro audit=1 nokaslr\n");
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/hostname"), "fixture-host\n");
    Scanner s = Scanner.builtin();
    reports = List.of(
        s.scan(ScanOptions.builder("ai-host").root(root).build()),
        s.scan(ScanOptions.builder("cmmc-l2").root(root).build()),
        s.scan(ScanOptions.builder("pci-dss-4").root(root).build()));
  }

  private static String render(ReportFormat f, List<ScanReport> r) throws IOException {
    StringWriter w = new StringWriter();
    f.write(ScanReport.assessment(r), w);
    return w.toString();
  }

  @Test
  void json_validAgainstReportSchema_withEveryVerdict() throws IOException {
    JsonNode doc = new ObjectMapper().readTree(render(ReportFormat.JSON, reports));
    assertThat(JsonSchemas.violations(JsonSchemas.FINDINGS_REPORT, doc)).isEmpty();
    assertThat(doc.at("/tool").asText()).isEqualTo("ai-audit scan");
    assertThat(doc.at("/sections/0/id").asText()).isEqualTo("ai-host");
    assertThat(doc.at("/sections/0/counts/total").asInt()).isEqualTo(reports.getFirst().results().size());
    assertThat(doc.at("/sections/0/counts/fail").asInt()).isEqualTo(reports.getFirst().counts().get(Verdict.FAIL));
    assertThat(doc.at("/sections/0/findings").findValuesAsText("state")).contains("pass", "fail", "notapplicable");
    assertThat(doc.at("/sections/0/findings").findValuesAsText("status")).contains("pass", "fail", "not-applicable");
  }

  @Test
  void json_reportSchema_rejectsUndecidedWithoutReason() throws IOException {
    JsonNode doc = new ObjectMapper().readTree(render(ReportFormat.JSON, reports));
    ObjectNode first = (ObjectNode) doc.at("/sections/0/findings/0");
    first.put("status", "error").put("observed", "");
    first.putArray("reasons");
    assertThat(JsonSchemas.violations(JsonSchemas.FINDINGS_REPORT, doc)).isNotEmpty();
  }

  @Test
  void oscal_validAgainstAssessmentResultsSchema_observationPerCheck_findingPerDecidedControl() throws IOException {
    JsonNode doc = new ObjectMapper().readTree(render(ReportFormat.OSCAL, reports));
    assertThat(JsonSchemas.violations(JsonSchemas.OSCAL_AR, doc)).isEmpty();
    JsonNode results = doc.at("/assessment-results/results");
    assertThat(results).hasSize(3);
    assertThat(results.get(0).get("observations")).hasSize(reports.getFirst().results().size());
    assertThat(results.get(1).at("/reviewed-controls/control-selections/0/include-controls").findValuesAsText("control-id"))
        .contains("nist-800-171-3.13.11", "nist-800-171-3.4.2");
    assertThat(results.get(2).at("/reviewed-controls/control-selections/0/include-controls").findValuesAsText("control-id"))
        .contains("pci-dss-4-2.2.1", "pci-dss-4-10.2.1");
    // a control whose checks all failed or passed is decided; a not-applicable-only control gets no finding
    for (JsonNode f : results.get(1).get("findings")) {
      assertThat(f.at("/target/status/state").asText()).isIn("satisfied", "not-satisfied");
      assertThat(f.get("related-observations")).isNotEmpty();
    }
    assertThat(results.get(1).get("findings").findValuesAsText("target-id")).contains("nist-800-171-3.4.2");
  }

  @Test
  void oscal_sameScan_sameUuids() throws IOException {
    assertThat(render(ReportFormat.OSCAL, reports)).isEqualTo(render(ReportFormat.OSCAL, reports));
  }

  @Test
  void junit_wellFormedXml_countsMatchVerdicts() throws Exception {
    String xml = render(ReportFormat.JUNIT, reports);
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Element suite = (Element) d.getElementsByTagName("testsuite").item(0);
    Map<Verdict, Integer> c = reports.getFirst().counts();
    assertThat(suite.getAttribute("name")).isEqualTo("ai-host");
    assertThat(Integer.parseInt(suite.getAttribute("failures"))).isEqualTo(c.get(Verdict.FAIL));
    assertThat(Integer.parseInt(suite.getAttribute("skipped"))).isEqualTo(c.get(Verdict.NOTAPPLICABLE));
    assertThat(suite.getElementsByTagName("failure").getLength()).isEqualTo(c.get(Verdict.FAIL));
    assertThat(d.getElementsByTagName("testsuite").getLength()).isEqualTo(3);
    assertThat(((Element) suite.getElementsByTagName("testcase").item(0)).getAttribute("classname")).startsWith("ai-host.");
  }

  @Test
  void html_selfContained_chartPerProfileAndRemediation() throws IOException {
    String html = render(ReportFormat.HTML, reports);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("</html>");
    assertThat(html.split("<svg ", -1)).hasSize(4);
    assertThat(html).contains("Findings that did not pass").contains("cmdline.nokaslr");
    assertThat(html).doesNotContain("<script").doesNotContain("src=\"http").doesNotContain("href=\"http");
  }

  @Test
  void text_tableAndSummaryLine() throws IOException {
    String text = render(ReportFormat.TEXT, reports.subList(0, 1));
    assertThat(text).contains("STATUS").contains("cmdline.nokaslr").contains(reports.getFirst().summaryLine())
        .contains("ai-audit scan: profile ai-host");
  }

  @Test
  void openReports_oneReportPerProfile() throws IOException {
    var docs = new YAMLMapper().readerFor(JsonNode.class).readValues(render(ReportFormat.OPENREPORTS, reports)).readAll();
    assertThat(docs).hasSize(3);
    JsonNode first = (JsonNode) docs.getFirst();
    assertThat(first.at("/kind").asText()).isEqualTo("Report");
    assertThat(first.at("/summary/fail").asInt()).isEqualTo(reports.getFirst().counts().get(Verdict.FAIL));
    assertThat(first.at("/results").size()).isEqualTo(reports.getFirst().results().size());
  }

  @Test
  void html_escapesContent() throws IOException {
    CheckResult evil = new CheckResult("file.x", "<script>alert(1)</script>", "file", AlertSeverity.HIGH, Verdict.FAIL,
        "a", "b & c", "", "r", "fix <it>", List.of("C-1"));
    ScanReport r = new ScanReport("t", "h<", "live host", new ProfileInfo("p", "P", "F", "", 1), Instant.EPOCH,
        Duration.ZERO, Map.of(), List.of(evil), List.of());
    String html = render(ReportFormat.HTML, List.of(r));
    assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;").contains("fix &lt;it&gt;");
    assertThat(r.exitCode(AlertSeverity.HIGH)).isEqualTo(1);
    assertThat(r.exitCode(AlertSeverity.CRITICAL)).isZero();
  }
}
