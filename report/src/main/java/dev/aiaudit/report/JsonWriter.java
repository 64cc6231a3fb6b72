package dev.aiaudit.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.model.Finding;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * The JSON document ({@code schemas/findings-report.schema.json}, {@code schemaVersion} 2): the run, one entry in
 * {@code sections} per profile or deployment with its counts and every finding, then the producer's extensions.
 */
public final class JsonWriter {
  static final String SCHEMA_VERSION = "2";
  /** Shared by the JSON-based writers: indented, never closes the caller's writer. */
  public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private JsonWriter() {}

  static void write(Assessment a, Writer out) throws IOException {
    writeTree(tree(a), out);
  }

  /** Writes {@code node} indented, then a line break; {@code out} stays open. */
  public static void writeTree(Object node, Writer out) throws IOException {
    MAPPER.writeValue(out, node);
    out.write(System.lineSeparator());
  }

  static ObjectNode tree(Assessment a) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION).put("tool", a.tool()).put("title", a.title()).put("host", a.host())
        .put("startedAt", a.startedAt().toString()).put("elapsedMs", a.elapsed().toMillis());
    ArrayNode sections = root.putArray("sections");
    for (Section s : a.sections()) {
      section(sections.addObject(), s);
    }
    strings(root.putArray("summary"), a.summary());
    strings(root.putArray("warnings"), a.warnings());
    a.extensions().forEach(root::set);
    return root;
  }

  private static void section(ObjectNode o, Section s) {
    o.put("id", s.id()).put("title", s.title()).put("subject", s.subject()).put("state", s.state())
        .put("summary", s.summary());
    map(o.putObject("properties"), s.properties());
    map(o.putObject("inputs"), s.inputs());
    ObjectNode counts = o.putObject("counts");
    counts.put("total", s.findings().size());
    s.counts().forEach((k, v) -> counts.put(k.label(), v));
    ObjectNode bySeverity = o.putObject("failedBySeverity");
    s.failedBySeverity().forEach((k, v) -> bySeverity.put(k.id(), v));
    ArrayNode findings = o.putArray("findings");
    for (Finding f : s.findings()) {
      finding(findings.addObject(), f);
    }
    strings(o.putArray("notes"), s.notes());
  }

  private static void finding(ObjectNode o, Finding f) {
    o.put("id", f.id()).put("title", f.title()).put("category", f.category()).put("severity", f.severity().id())
        .put("status", f.status().label()).put("state", f.state());
    strings(o.putArray("controls"), f.controls());
    o.put("expected", f.expected()).put("observed", f.observed());
    strings(o.putArray("reasons"), f.reasons());
    o.put("remediation", f.remediation());
    ArrayNode ev = o.putArray("evidence");
    f.evidence().forEach(e -> ev.addObject().put("seq", e.seq()).put("hash", e.hash()));
    map(o.putObject("properties"), f.properties());
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }

  private static void map(ObjectNode o, Map<String, String> m) {
    m.forEach(o::put);
  }
}
