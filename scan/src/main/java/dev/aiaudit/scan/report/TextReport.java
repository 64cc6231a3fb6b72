package dev.aiaudit.scan.report;

import dev.aiaudit.model.text.SafeText;
import dev.aiaudit.scan.CheckResult;
import dev.aiaudit.scan.ScanReport;
import dev.aiaudit.scan.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A terminal table: one row per check, then a summary line per profile and the scan's notes. */
final class TextReport {
  private static final int[] WIDTHS = {13, 8, 44};
  private static final int DETAIL_WIDTH = 80;

  private TextReport() {}

  static void write(List<ScanReport> reports, Writer out) throws IOException {
    for (ScanReport r : reports) {
      out.write("ai-audit scan: profile %s (%s) on %s [%s]%n".formatted(r.profile().id(), r.profile().title(),
          SafeText.escape(r.host()), SafeText.escape(r.target())));
      for (Map.Entry<String, String> in : r.inputs().entrySet()) {
        out.write("  %-16s %s%n".formatted(SafeText.escape(in.getKey()), SafeText.escape(in.getValue())));
      }
      out.write(System.lineSeparator() + row("VERDICT", "SEVERITY", "CHECK", "OBSERVED / REASON"));
      for (CheckResult c : r.results()) {
        String detail = c.verdict() == Verdict.PASS || c.verdict() == Verdict.FAIL ? c.actual() : c.reason();
        out.write(row(c.verdict().name(), c.severity().label(), SafeText.escape(c.id()), clip(SafeText.escape(detail))));
      }
      out.write(System.lineSeparator());
      for (String note : r.notes()) {
        out.write("note: " + SafeText.escape(note) + System.lineSeparator());
      }
      out.write(r.summaryLine() + String.format(Locale.ROOT, " (%.0f ms)%n", r.elapsed().toNanos() / 1e6));
      if (reports.size() > 1) {
        out.write(System.lineSeparator());
      }
    }
  }

  /** Pads columns by hand (a Formatter per row is measurable in a short-lived CLI). */
  private static String row(String... cols) {
    StringBuilder b = new StringBuilder(160);
    for (int i = 0; i < cols.length; i++) {
      b.append(cols[i]);
      if (i < WIDTHS.length) {
        b.append(" ".repeat(Math.max(1, WIDTHS[i] + 1 - cols[i].length())));
      }
    }
    return b.append(System.lineSeparator()).toString();
  }

  private static String clip(String s) {
    return s.length() <= DETAIL_WIDTH ? s : s.substring(0, DETAIL_WIDTH - 3) + "...";
  }
}
