package dev.aiaudit.report;

import dev.aiaudit.model.Finding;
import dev.aiaudit.model.text.SafeText;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Map;

/**
 * A terminal report: per section a heading, its inputs, one row per finding (with the reasons and cited journal
 * records of failing ones under it), its notes and its summary line; then the run's summary lines and warnings.
 * Text that came from the input has control characters escaped and is capped.
 */
final class TextWriter {
  private static final int[] WIDTHS = {14, 8, 44};
  private static final int DETAIL_WIDTH = 80;
  private static final int MAX_CELL = 500;
  private static final String NL = System.lineSeparator();

  private TextWriter() {}

  static void write(Assessment a, Writer out) throws IOException {
    StringBuilder b = new StringBuilder(4096);
    for (Section s : a.sections()) {
      section(b, a, s);
      out.write(b.toString());
      b.setLength(0);
    }
    for (String line : a.summary()) {
      b.append(t(line)).append(NL);
    }
    for (String w : a.warnings()) {
      b.append("WARNING: ").append(t(w)).append(NL);
    }
    out.write(b.toString());
  }

  private static void section(StringBuilder b, Assessment a, Section s) {
    b.append(a.tool()).append(": ").append(t(s.title()));
    if (!s.subject().isEmpty() && !s.subject().equals(s.title())) {
      b.append(" on ").append(t(s.subject()));
    }
    if (!s.state().isEmpty()) {
      b.append("  ").append(s.state().toUpperCase(Locale.ROOT));
    }
    b.append(NL);
    for (Map.Entry<String, String> in : s.inputs().entrySet()) {
      String key = t(in.getKey());
      b.append("  ").append(key).append(" ".repeat(Math.max(0, 16 - key.length()))).append(' ').append(t(in.getValue()))
          .append(System.lineSeparator());
    }
    b.append(NL);
    row(b, "STATUS", "SEVERITY", "ID", "OBSERVED / REASON");
    for (Finding f : s.findings()) {
      String detail = f.status().decided() || f.reasons().isEmpty() ? f.observed() : String.join("; ", f.reasons());
      row(b, f.state().toUpperCase(Locale.ROOT), f.severity().id(), t(f.id()), clip(t(detail)));
      if (f.failing()) {
        if (!f.controls().isEmpty()) {
          b.append("      controls: ").append(t(String.join(", ", f.controls()))).append(NL);
        }
        for (String r : f.reasons()) {
          b.append("      - ").append(t(r)).append(NL);
        }
        for (Finding.Evidence e : f.evidence()) {
          b.append("      evidence: journal seq ").append(e.seq()).append(" hash ").append(t(e.hash())).append(NL);
        }
      }
    }
    b.append(NL);
    for (String note : s.notes()) {
      b.append("note: ").append(t(note)).append(NL);
    }
    b.append(t(s.summary())).append(NL).append(NL);
  }

  /** Pads columns by hand (a Formatter per row is measurable in a short-lived CLI). */
  private static void row(StringBuilder b, String... cols) {
    for (int i = 0; i < cols.length; i++) {
      b.append(cols[i]);
      if (i < WIDTHS.length) {
        b.append(" ".repeat(Math.max(1, WIDTHS[i] + 1 - cols[i].length())));
      }
    }
    b.append(NL);
  }

  private static String clip(String s) {
    return s.length() <= DETAIL_WIDTH ? s : s.substring(0, DETAIL_WIDTH - 3) + "...";
  }

  private static String t(String s) {
    return SafeText.capped(s, MAX_CELL);
  }
}
