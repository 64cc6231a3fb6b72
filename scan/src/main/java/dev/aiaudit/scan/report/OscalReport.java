package dev.aiaudit.scan.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.aiaudit.scan.CheckResult;
import dev.aiaudit.scan.ScanReport;
import dev.aiaudit.scan.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * NIST OSCAL assessment-results (OSCAL 1.1.2 JSON): one {@code result} per profile whose
 * {@code reviewed-controls} lists the profile's control ids; one {@code observation} per check (method TEST,
 * with verdict, severity and evidence) and one {@code finding} per decided check (satisfied / not-satisfied).
 * Not-applicable and error checks get an observation only: OSCAL has no state for "could not decide", and
 * calling them satisfied would be a silent pass. Control ids are turned into OSCAL tokens by prefixing the
 * framework (e.g. {@code nist-800-171-3.4.1}).
 */
final class OscalReport {
  static final String OSCAL_VERSION = "1.1.2";
  private static final JsonFactory FACTORY = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private OscalReport() {}

  static void write(List<ScanReport> reports, Writer out) throws IOException {
    ScanReport first = reports.getFirst();
    String seed = first.host() + "|" + first.startedAt();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeObjectFieldStart("assessment-results");
      g.writeStringField("uuid", Uuids.v5(seed));
      g.writeObjectFieldStart("metadata");
      g.writeStringField("title", "ai-audit host compliance scan of " + first.host());
      g.writeStringField("last-modified", first.startedAt().toString());
      g.writeStringField("version", "1");
      g.writeStringField("oscal-version", OSCAL_VERSION);
      g.writeEndObject();
      g.writeObjectFieldStart("import-ap");
      g.writeStringField("href", "#ai-audit-scan-" + first.profile().id());
      g.writeEndObject();
      g.writeArrayFieldStart("results");
      for (ScanReport r : reports) {
        result(g, r, seed);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    }
    out.write(System.lineSeparator());
  }

  private static void result(JsonGenerator g, ScanReport r, String seed) throws IOException {
    String base = seed + "|" + r.profile().id();
    g.writeStartObject();
    g.writeStringField("uuid", Uuids.v5(base));
    g.writeStringField("title", "Profile " + r.profile().id() + ": " + r.profile().title());
    g.writeStringField("description", r.summaryLine() + " on " + r.target() + ".");
    g.writeStringField("start", r.startedAt().toString());
    g.writeStringField("end", r.startedAt().plus(r.elapsed()).toString());
    g.writeArrayFieldStart("props");
    prop(g, "profile", r.profile().id());
    prop(g, "framework", r.profile().framework());
    g.writeEndArray();
    g.writeObjectFieldStart("reviewed-controls");
    g.writeArrayFieldStart("control-selections");
    g.writeStartObject();
    Set<String> controls = new LinkedHashSet<>();
    r.results().forEach(c -> c.controls().forEach(ctl -> controls.add(controlId(r.profile().id(), ctl))));
    if (controls.isEmpty()) {
      g.writeObjectFieldStart("include-all");
      g.writeEndObject();
    } else {
      g.writeArrayFieldStart("include-controls");
      for (String ctl : controls) {
        g.writeStartObject();
        g.writeStringField("control-id", ctl);
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    if (!r.results().isEmpty()) {
      g.writeArrayFieldStart("observations");
      for (CheckResult c : r.results()) {
        observation(g, r, c, base);
      }
      g.writeEndArray();
    }
    if (r.results().stream().anyMatch(c -> c.verdict() == Verdict.PASS || c.verdict() == Verdict.FAIL)) {
      g.writeArrayFieldStart("findings");
      for (CheckResult c : r.results()) {
        if (c.verdict() == Verdict.PASS || c.verdict() == Verdict.FAIL) {
          finding(g, c, base);
        }
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void observation(JsonGenerator g, ScanReport r, CheckResult c, String base) throws IOException {
    g.writeStartObject();
    g.writeStringField("uuid", Uuids.v5(base + "|obs|" + c.id()));
    g.writeStringField("title", c.id());
    g.writeStringField("description", nonEmpty(c.title()));
    g.writeArrayFieldStart("props");
    prop(g, "verdict", c.verdict().label());
    prop(g, "severity", c.severity().label());
    prop(g, "check-kind", c.kind());
    g.writeEndArray();
    g.writeArrayFieldStart("methods");
    g.writeString("TEST");
    g.writeEndArray();
    g.writeArrayFieldStart("relevant-evidence");
    g.writeStartObject();
    String observed = c.verdict() == Verdict.PASS || c.verdict() == Verdict.FAIL ? c.actual() : c.reason();
    g.writeStringField("description", nonEmpty("Expected " + c.expected() + "; observed: " + observed));
    g.writeEndObject();
    g.writeEndArray();
    g.writeStringField("collected", r.startedAt().toString());
    g.writeEndObject();
  }

  private static void finding(JsonGenerator g, CheckResult c, String base) throws IOException {
    g.writeStartObject();
    g.writeStringField("uuid", Uuids.v5(base + "|finding|" + c.id()));
    g.writeStringField("title", nonEmpty(c.title()));
    g.writeStringField("description", nonEmpty(c.verdict() == Verdict.PASS ? "Check passed: " + c.actual()
        : "Check failed: " + c.actual() + ". Remediation: " + c.remediation()));
    g.writeObjectFieldStart("target");
    g.writeStringField("type", "objective-id");
    g.writeStringField("target-id", token(c.id()));
    g.writeObjectFieldStart("status");
    g.writeStringField("state", c.verdict() == Verdict.PASS ? "satisfied" : "not-satisfied");
    g.writeEndObject();
    g.writeEndObject();
    g.writeArrayFieldStart("related-observations");
    g.writeStartObject();
    g.writeStringField("observation-uuid", Uuids.v5(base + "|obs|" + c.id()));
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void prop(JsonGenerator g, String name, String value) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("ns", "https://ai-audit.dev/ns/scan");
    g.writeStringField("value", nonEmpty(value));
    g.writeEndObject();
  }

  /** A control id as an OSCAL token, prefixed by the profile's framework short name. */
  static String controlId(String profile, String control) {
    String prefix = switch (profile) {
      case "cmmc-l2" -> "nist-800-171-";
      case "pci-dss-4" -> "pci-dss-4-";
      default -> "";
    };
    return token(prefix + control);
  }

  static String token(String s) {
    String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
    return t.isEmpty() || !Character.isLetter(t.charAt(0)) ? "c-" + t : t;
  }

  private static String nonEmpty(String s) {
    String t = s == null ? "" : s.strip().replaceAll("\\s+", " ");
    return t.isEmpty() ? "n/a" : t;
  }
}
