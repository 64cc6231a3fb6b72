package dev.aiaudit.report;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/** The output formats of {@code ai-audit scan} and {@code ai-audit policy eval}; each writes a whole {@link Assessment}. */
public enum ReportFormat {
  TEXT,
  JSON,
  JUNIT,
  HTML,
  OSCAL,
  OPENREPORTS;

  /** Parses a format name, case-insensitive; the message lists the accepted names. */
  public static ReportFormat parse(String s) {
    String name = s.trim().toUpperCase(Locale.ROOT);
    for (ReportFormat f : values()) { // not valueOf: its reflective lookup is start-up cost for a scan
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown format '" + s + "' (expected " + names() + ")");
  }

  /** {@code text, json, junit, html, oscal, openreports}. */
  public static String names() {
    StringBuilder b = new StringBuilder();
    for (ReportFormat f : values()) {
      b.append(b.isEmpty() ? "" : ", ").append(f.name().toLowerCase(Locale.ROOT));
    }
    return b.toString();
  }

  /** Writes {@code a} in this format and flushes; {@code out} stays open. */
  public void write(Assessment a, Writer out) throws IOException {
    switch (this) {
      case TEXT -> TextWriter.write(a, out);
      case JSON -> JsonWriter.write(a, out);
      case JUNIT -> JunitWriter.write(a, out);
      case HTML -> HtmlWriter.write(a, out);
      case OSCAL -> OscalWriter.write(a, out);
      case OPENREPORTS -> OpenReportsWriter.write(a, out);
    }
    out.flush();
  }
}
