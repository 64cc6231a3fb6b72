package dev.aiaudit.scan.report;

import dev.aiaudit.scan.ScanReport;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/** The output formats of {@code ai-audit scan}; each writes one or more profile reports. */
public enum ReportFormat {
  TEXT,
  JSON,
  JUNIT,
  HTML,
  OSCAL;

  /** Parses {@code text}, {@code json}, {@code junit}, {@code html} or {@code oscal}. */
  public static ReportFormat parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown format '" + s + "' (text, json, junit, html, oscal)", e);
    }
  }

  /** Writes {@code reports} (one per profile) in this format. */
  public void write(List<ScanReport> reports, Writer out) throws IOException {
    switch (this) {
      case TEXT -> TextReport.write(reports, out);
      case JSON -> JsonReport.write(reports, out);
      case JUNIT -> JunitReport.write(reports, out);
      case HTML -> HtmlReport.write(reports, out);
      case OSCAL -> OscalReport.write(reports, out);
    }
    out.flush();
  }
}
