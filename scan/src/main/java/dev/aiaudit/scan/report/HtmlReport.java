package dev.aiaudit.scan.report;

import static dev.aiaudit.scan.report.Xml.esc;

import dev.aiaudit.scan.CheckResult;
import dev.aiaudit.scan.ScanReport;
import dev.aiaudit.scan.Severity;
import dev.aiaudit.scan.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML page (inline CSS and SVG, no scripts or external resources): per profile a pass/fail
 * chart, failed checks by severity with their remediation, and every result in a collapsible table.
 */
final class HtmlReport {
  private static final String CSS = """
      body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1d232a}
      h1{font-size:1.5rem}h2{font-size:1.25rem;margin-top:2.5rem;border-bottom:1px solid #ccd}
      table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{border:1px solid #dde;padding:.3rem .5rem;text-align:left;vertical-align:top}
      th{background:#f2f4f8}.pass{color:#176c2f}.fail{color:#b3261e;font-weight:600}.notapplicable{color:#6b6f76}.error{color:#8a4b00;font-weight:600}
      .sev-critical,.sev-high{font-weight:600}.muted{color:#6b6f76}code{font-size:.8rem}.remediation{background:#fff8e6}
      """;
  private static final Map<Verdict, String> COLORS = Map.of(Verdict.PASS, "#2e9d4f", Verdict.FAIL, "#d93a2b",
      Verdict.NOTAPPLICABLE, "#b9bec7", Verdict.ERROR, "#e59a1c");

  private HtmlReport() {}

  static void write(List<ScanReport> reports, Writer out) throws IOException {
    out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ai-audit scan report</title><style>"
        + CSS + "</style></head><body>\n<h1>ai-audit host compliance scan</h1>\n");
    ScanReport first = reports.getFirst();
    out.write("<p>Host <b>%s</b> (%s), started %s.</p>\n".formatted(esc(first.host()), esc(first.target()), first.startedAt()));
    for (ScanReport r : reports) {
      profile(out, r);
    }
    out.write("</body></html>\n");
  }

  private static void profile(Writer out, ScanReport r) throws IOException {
    out.write("<h2 id=\"%s\">%s <span class=\"muted\">(%s)</span></h2>\n".formatted(esc(r.profile().id()),
        esc(r.profile().title()), esc(r.profile().framework())));
    out.write("<p>" + esc(r.summaryLine()) + "</p>\n");
    out.write(chart(r));
    for (String n : r.notes()) {
      out.write("<p class=\"muted\">Note: " + esc(n) + "</p>\n");
    }
    out.write("<h3>Failed checks and remediation</h3>\n<table><tr><th>Severity</th><th>Check</th><th>Observed</th><th>Controls</th><th>Remediation</th></tr>\n");
    Severity[] order = Severity.values();
    for (int i = order.length - 1; i >= 0; i--) {
      for (CheckResult c : r.results()) {
        if (c.verdict() == Verdict.FAIL && c.severity() == order[i]) {
          out.write("<tr><td class=\"sev-%s\">%s</td><td><b>%s</b><br>%s</td><td><code>%s</code><br><span class=\"muted\">expected %s</span></td><td>%s</td><td class=\"remediation\">%s</td></tr>\n"
              .formatted(c.severity().label(), c.severity().label(), esc(c.id()), esc(c.title()), esc(c.actual()),
                  esc(c.expected()), esc(String.join(", ", c.controls())), esc(c.remediation())));
        }
      }
    }
    out.write("</table>\n<details><summary>All %d results</summary>\n<table><tr><th>Verdict</th><th>Severity</th><th>Check</th><th>Observed / reason</th></tr>\n"
        .formatted(r.results().size()));
    for (CheckResult c : r.results()) {
      String detail = c.verdict() == Verdict.PASS || c.verdict() == Verdict.FAIL ? c.actual() : c.reason();
      out.write("<tr><td class=\"%s\">%s</td><td>%s</td><td>%s</td><td><code>%s</code></td></tr>\n".formatted(
          c.verdict().label(), c.verdict().label(), c.severity().label(), esc(c.id()), esc(detail)));
    }
    out.write("</table></details>\n");
  }

  /** A stacked bar of verdicts plus one bar per severity of failed checks, as inline SVG. */
  static String chart(ScanReport r) {
    int total = Math.max(1, r.results().size());
    int width = 600;
    StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"150\" role=\"img\" aria-label=\"verdicts of %s\">"
        .formatted(width + 160, esc(r.profile().id())));
    double x = 0;
    int lx = 0;
    for (Map.Entry<Verdict, Integer> e : r.counts().entrySet()) {
      double w = width * e.getValue() / (double) total;
      svg.append("<rect x=\"%.1f\" y=\"10\" width=\"%.1f\" height=\"28\" fill=\"%s\"><title>%s: %d</title></rect>"
          .formatted(x, w, COLORS.get(e.getKey()), e.getKey().label(), e.getValue()));
      svg.append("<rect x=\"%d\" y=\"48\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"58\" font-size=\"12\">%s %d</text>"
          .formatted(lx, COLORS.get(e.getKey()), lx + 16, e.getKey().label(), e.getValue()));
      x += w;
      lx += 140;
    }
    int y = 80;
    long maxFail = Math.max(1, r.counts().get(Verdict.FAIL));
    for (Severity s : new Severity[] {Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW}) {
      long n = r.results().stream().filter(c -> c.verdict() == Verdict.FAIL && c.severity() == s).count();
      svg.append("<text x=\"0\" y=\"%d\" font-size=\"11\">fail %s</text><rect x=\"80\" y=\"%d\" width=\"%.1f\" height=\"10\" fill=\"#d93a2b\"/><text x=\"%.1f\" y=\"%d\" font-size=\"11\">%d</text>"
          .formatted(y + 9, s.label(), y, (width - 80) * n / (double) maxFail, 84 + (width - 80) * n / (double) maxFail, y + 9, n));
      y += 16;
    }
    return svg.append("</svg>\n").toString();
  }
}
