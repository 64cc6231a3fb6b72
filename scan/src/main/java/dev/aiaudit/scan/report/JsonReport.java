package dev.aiaudit.scan.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.aiaudit.scan.CheckResult;
import dev.aiaudit.scan.ScanReport;
import dev.aiaudit.scan.Severity;
import dev.aiaudit.scan.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * The stable JSON report ({@code schemas/scan-report.schema.json}, {@code schemaVersion} 1): one entry in
 * {@code scans} per profile, each with its summary and every check result.
 */
final class JsonReport {
  static final String SCHEMA_VERSION = "1";
  private static final JsonFactory FACTORY = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private JsonReport() {}

  static void write(List<ScanReport> reports, Writer out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("schemaVersion", SCHEMA_VERSION);
      g.writeStringField("tool", "ai-audit scan");
      g.writeArrayFieldStart("scans");
      for (ScanReport r : reports) {
        scan(g, r);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write(System.lineSeparator());
  }

  private static void scan(JsonGenerator g, ScanReport r) throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart("profile");
    g.writeStringField("id", r.profile().id());
    g.writeStringField("title", r.profile().title());
    g.writeStringField("framework", r.profile().framework());
    g.writeNumberField("checkCount", r.profile().checkCount());
    g.writeEndObject();
    g.writeStringField("host", r.host());
    g.writeStringField("target", r.target());
    g.writeStringField("startedAt", r.startedAt().toString());
    g.writeNumberField("elapsedMs", r.elapsed().toMillis());
    g.writeObjectFieldStart("inputs");
    for (Map.Entry<String, String> e : r.inputs().entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeObjectFieldStart("summary");
    g.writeNumberField("total", r.results().size());
    for (Map.Entry<Verdict, Integer> e : r.counts().entrySet()) {
      g.writeNumberField(e.getKey().label(), e.getValue());
    }
    g.writeObjectFieldStart("failedBySeverity");
    for (Severity s : Severity.values()) {
      g.writeNumberField(s.label(), r.results().stream().filter(c -> c.verdict() == Verdict.FAIL && c.severity() == s).count());
    }
    g.writeEndObject();
    g.writeEndObject();
    g.writeArrayFieldStart("results");
    for (CheckResult c : r.results()) {
      result(g, c);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("notes");
    for (String n : r.notes()) {
      g.writeString(n);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void result(JsonGenerator g, CheckResult c) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", c.id());
    g.writeStringField("title", c.title());
    g.writeStringField("kind", c.kind());
    g.writeStringField("severity", c.severity().label());
    g.writeStringField("verdict", c.verdict().label());
    g.writeStringField("expected", c.expected());
    g.writeStringField("actual", c.actual());
    g.writeStringField("reason", c.reason());
    g.writeArrayFieldStart("controls");
    for (String ctl : c.controls()) {
      g.writeString(ctl);
    }
    g.writeEndArray();
    g.writeStringField("rationale", c.rationale() == null ? "" : c.rationale());
    g.writeStringField("remediation", c.remediation() == null ? "" : c.remediation());
    g.writeEndObject();
  }
}
