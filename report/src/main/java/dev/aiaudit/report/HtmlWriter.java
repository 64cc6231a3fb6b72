package dev.aiaudit.report;

import static dev.aiaudit.report.Xml.esc;

import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.model.Finding;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * A self-contained HTML page (inline CSS and SVG, no scripts or external resources): per section a chart of outcomes
 * and of failures by severity, the findings that did not pass with their reasons, remediation and cited journal
 * records, and every finding in a collapsible table.
 */
final class HtmlWriter {
  private static final String CSS = """
      body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1d232a}
      h1{font-size:1.5rem}h2{font-size:1.25rem;margin-top:2.5rem;border-bottom:1px solid #ccd}
      table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{border:1px solid #dde;padding:.3rem .5rem;text-align:left;vertical-align:top}
      th{background:#f2f4f8}.pass{color:#176c2f}.fail{color:#b3261e;font-weight:600}.not-applicable,.exempt{color:#6b6f76}
      .error{color:#8a4b00;font-weight:600}.unknown{color:#8a6d00}.muted{color:#6b6f76}code{font-size:.8rem}.remediation{background:#fff8e6}
      """;
  private static final Map<Finding.Status, String> COLORS = Map.of(Finding.Status.PASS, "#2e9d4f",
      Finding.Status.FAIL, "#d93a2b", Finding.Status.ERROR, "#e59a1c", Finding.Status.UNKNOWN, "#e5c61c",
      Finding.Status.EXEMPT, "#8a8f99", Finding.Status.NOT_APPLICABLE, "#b9bec7");

  private HtmlWriter() {}

  static void write(Assessment a, Writer out) throws IOException {
    StringBuilder b = new StringBuilder(8192);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(a.title()))
        .append("</title><style>").append(CSS).append("</style></head><body>\n<h1>").append(esc(a.title())).append("</h1>\n");
    b.append("<p>").append(esc(a.tool())).append(" on <b>").append(esc(a.host())).append("</b>, started ")
        .append(a.startedAt()).append(".</p>\n");
    for (Section s : a.sections()) {
      section(b, s);
      out.write(b.toString());
      b.setLength(0);
    }
    for (String line : a.summary()) {
      b.append("<p>").append(esc(line)).append("</p>\n");
    }
    for (String w : a.warnings()) {
      b.append("<p class=\"unknown\">WARNING: ").append(esc(w)).append("</p>\n");
    }
    out.write(b.append("</body></html>\n").toString());
  }

  private static void section(StringBuilder b, Section s) {
    b.append("<h2 id=\"").append(esc(s.id())).append("\">").append(esc(s.title()));
    if (!s.state().isEmpty()) {
      b.append(" <span class=\"").append(esc(s.state())).append("\">").append(esc(s.state())).append("</span>");
    }
    b.append("</h2>\n<p>").append(esc(s.subject())).append(s.subject().isEmpty() ? "" : ": ").append(esc(s.summary()))
        .append("</p>\n").append(chart(s));
    for (String n : s.notes()) {
      b.append("<p class=\"muted\">Note: ").append(esc(n)).append("</p>\n");
    }
    b.append("<h3>Findings that did not pass</h3>\n<table><tr><th>Status</th><th>Severity</th><th>Finding</th>"
        + "<th>Observed / reasons</th><th>Controls</th><th>Remediation</th><th>Evidence</th></tr>\n");
    AlertSeverity[] order = AlertSeverity.values();
    for (int i = order.length - 1; i >= 0; i--) {
      for (Finding f : s.findings()) {
        if (f.status() != Finding.Status.PASS && f.status() != Finding.Status.NOT_APPLICABLE && f.severity() == order[i]) {
          row(b, f);
        }
      }
    }
    b.append("</table>\n<details><summary>All ").append(s.findings().size())
        .append(" findings</summary>\n<table><tr><th>Status</th><th>Severity</th><th>Finding</th><th>Observed / reason</th></tr>\n");
    for (Finding f : s.findings()) {
      String detail = f.status().decided() || f.reasons().isEmpty() ? f.observed() : String.join("; ", f.reasons());
      b.append("<tr><td class=\"").append(f.status().label()).append("\">").append(esc(f.state())).append("</td><td>")
          .append(f.severity().id()).append("</td><td>").append(esc(f.id())).append("</td><td><code>").append(esc(detail))
          .append("</code></td></tr>\n");
    }
    b.append("</table></details>\n");
  }

  private static void row(StringBuilder b, Finding f) {
    b.append("<tr><td class=\"").append(f.status().label()).append("\">").append(esc(f.state())).append("</td><td>")
        .append(f.severity().id()).append("</td><td><b>").append(esc(f.id())).append("</b><br>").append(esc(f.title()))
        .append("</td><td><code>").append(esc(f.observed())).append("</code>");
    if (!f.expected().isEmpty()) {
      b.append("<br><span class=\"muted\">expected ").append(esc(f.expected())).append("</span>");
    }
    if (!f.reasons().isEmpty()) {
      b.append("<ul>");
      f.reasons().forEach(r -> b.append("<li>").append(esc(r)).append("</li>"));
      b.append("</ul>");
    }
    b.append("</td><td>").append(esc(String.join(", ", f.controls()))).append("</td><td class=\"remediation\">")
        .append(esc(f.remediation())).append("</td><td>");
    f.evidence().forEach(e -> b.append("seq ").append(e.seq()).append(" <code>").append(esc(e.hash())).append("</code><br>"));
    b.append("</td></tr>\n");
  }

  /** A stacked bar of outcomes plus one bar per severity of failed findings, as inline SVG. */
  static String chart(Section s) {
    int total = Math.max(1, s.findings().size());
    int width = 600;
    StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"170\" role=\"img\" aria-label=\"outcomes of %s\">"
        .formatted(width + 300, esc(s.id())));
    double x = 0;
    int lx = 0;
    for (Map.Entry<Finding.Status, Integer> e : s.counts().entrySet()) {
      double w = width * e.getValue() / (double) total;
      svg.append("<rect x=\"%.1f\" y=\"10\" width=\"%.1f\" height=\"28\" fill=\"%s\"><title>%s: %d</title></rect>"
          .formatted(x, w, COLORS.get(e.getKey()), e.getKey().label(), e.getValue()));
      svg.append("<rect x=\"%d\" y=\"48\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"58\" font-size=\"12\">%s %d</text>"
          .formatted(lx, COLORS.get(e.getKey()), lx + 16, e.getKey().label(), e.getValue()));
      x += w;
      lx += 150;
    }
    int y = 80;
    Map<AlertSeverity, Integer> failed = s.failedBySeverity();
    long maxFail = Math.max(1, s.counts().get(Finding.Status.FAIL));
    for (AlertSeverity sev : new AlertSeverity[] {AlertSeverity.CRITICAL, AlertSeverity.HIGH, AlertSeverity.MEDIUM, AlertSeverity.LOW}) {
      int n = failed.get(sev);
      double w = (width - 80) * n / (double) maxFail;
      svg.append("<text x=\"0\" y=\"%d\" font-size=\"11\">fail %s</text><rect x=\"80\" y=\"%d\" width=\"%.1f\" height=\"10\" fill=\"#d93a2b\"/><text x=\"%.1f\" y=\"%d\" font-size=\"11\">%d</text>"
          .formatted(y + 9, sev.id(), y, w, 84 + w, y + 9, n));
      y += 16;
    }
    return svg.append("</svg>\n").toString();
  }
}
