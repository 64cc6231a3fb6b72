package dev.aiaudit.policy.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiaudit.policy.EvaluationReport;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/** The output formats of {@code ai-audit policy eval --format}. */
public enum ReportFormat {
  TEXT,
  JSON,
  JUNIT,
  HTML,
  OSCAL,
  OPENREPORTS,
  CYCLONEDX;

  /** Writes {@code report} (and, for the ML-BOM, the evaluated {@code items}) to {@code out}. */
  public void write(EvaluationReport report, List<JsonNode> items, Writer out) throws IOException {
    switch (this) {
      case TEXT -> TextReport.write(report, out);
      case JSON -> JsonReport.write(report, out);
      case JUNIT -> JunitReport.write(report, out);
      case HTML -> HtmlReport.write(report, out);
      case OSCAL -> OscalReport.write(report, out);
      case OPENREPORTS -> OpenReportsReport.write(report, out);
      case CYCLONEDX -> MlBomExport.write(report, items, out);
    }
    out.flush();
  }

  public static ReportFormat parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown format '" + s + "' (expected text, json, junit, html, oscal,"
          + " openreports or cyclonedx)", e);
    }
  }
}
