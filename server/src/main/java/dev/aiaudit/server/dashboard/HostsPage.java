package dev.aiaudit.server.dashboard;

import dev.aiaudit.scan.CheckResult;
import dev.aiaudit.scan.ScanReport;
import dev.aiaudit.scan.Verdict;
import java.util.function.Function;

/** Hosts seen, scan results per profile with the failed checks and their remediation, and the run history. */
final class HostsPage implements Page {

  @Override
  public String path() {
    return "/hosts";
  }

  @Override
  public String title() {
    return "Hosts";
  }

  @Override
  public String topics(Queries q) {
    return "scan";
  }

  @Override
  public String content(Queries q, Function<String, String> param, Principal who) {
    Html h = new Html().raw("<h1>Hosts</h1><p>hosts in the store: ");
    q.hosts().forEach(x -> h.el("span", "host", x).raw(" "));
    h.raw("</p>");
    if (who.role().covers(Role.ADMIN)) {
      h.raw("<p><button id=\"scan-now\">scan now</button></p>");
    }
    var runs = q.sources().scans().runs();
    if (runs.isEmpty()) {
      return h.el("p", "muted", "no scan has run yet").toString();
    }
    ScanService.ScanRun last = runs.getFirst();
    h.raw("<h2>Latest scan</h2><p>").text("run " + last.id() + " at " + last.startedAt() + " (" + last.trigger() + ")").raw("</p>");
    if (last.error() != null) {
      h.el("p", "error", "the scan failed: " + last.error());
    }
    for (ScanReport r : last.reports()) {
      var c = r.counts();
      h.raw("<h3>").text(r.profile().id() + " — " + r.profile().title()).raw("</h3><p>")
          .text(c.get(Verdict.PASS) + " pass, " + c.get(Verdict.FAIL) + " fail, " + c.get(Verdict.ERROR) + " error, "
              + c.get(Verdict.NOTAPPLICABLE) + " not applicable").raw("</p>");
      h.raw("<table class=\"checks\"><thead><tr><th>failed check</th><th>severity</th><th>expected</th><th>actual</th>")
          .raw("<th>remediation</th><th>controls</th></tr></thead><tbody>");
      for (CheckResult cr : r.results()) {
        if (cr.verdict() == Verdict.FAIL) {
          h.raw("<tr>").raw("<td><b>").text(cr.id()).raw("</b><br>").text(cr.title()).raw("</td>").td(cr.severity().id())
              .td(cr.expected()).td(cr.actual()).td(cr.remediation()).td(String.join(", ", cr.controls())).raw("</tr>");
        }
      }
      h.raw("</tbody></table>");
    }
    h.raw("<h2>History</h2><table id=\"scan-history\"><thead><tr><th>run</th><th>started</th><th>trigger</th>")
        .raw("<th>results</th></tr></thead><tbody>");
    for (ScanService.ScanRun run : runs) {
      StringBuilder s = new StringBuilder();
      for (ScanReport r : run.reports()) {
        s.append(r.profile().id()).append(": ").append(r.counts().get(Verdict.PASS)).append(" pass / ")
            .append(r.counts().get(Verdict.FAIL)).append(" fail  ");
      }
      h.raw("<tr>").td(run.id()).td(run.startedAt()).td(run.trigger()).td(run.error() != null ? "failed: " + run.error() : s)
          .raw("</tr>");
    }
    return h.raw("</tbody></table>").toString();
  }
}
