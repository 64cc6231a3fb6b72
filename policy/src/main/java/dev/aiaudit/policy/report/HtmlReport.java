package dev.aiaudit.policy.report;

import dev.aiaudit.policy.ComplianceState;
import dev.aiaudit.policy.DeploymentResult;
import dev.aiaudit.policy.EvaluationReport;
import dev.aiaudit.policy.EvidenceRecord;
import dev.aiaudit.policy.PolicyResult;
import dev.aiaudit.policy.PolicySetDefinition;
import dev.aiaudit.policy.Reason;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/** A self-contained HTML page: summary, then per deployment a table of its non-compliant, error and unknown policies. */
final class HtmlReport {
  private HtmlReport() {}

  static void write(EvaluationReport r, Writer out) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ai-audit policy report</title>\n")
        .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}")
        .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}")
        .append(".non-compliant,.error{color:#b00020;font-weight:bold}.unknown{color:#8a6d00}.compliant{color:#1b5e20}")
        .append(".exempt{color:#555}</style></head><body>\n");
    b.append("<h1>ai-audit policy report</h1>\n<p>Evaluated ").append(r.evaluatedAt()).append(" against ");
    for (PolicySetDefinition s : r.initiatives()) {
      b.append("<b>").append(Xml.esc(s.displayName())).append("</b> (").append(s.policies().size()).append(" policies) ");
    }
    b.append("</p>\n<table><tr><th>state</th><th>deployments</th><th>results</th></tr>\n");
    Map<ComplianceState, Integer> dc = r.deploymentCounts();
    Map<ComplianceState, Integer> rc = r.resultCounts();
    for (ComplianceState s : ComplianceState.values()) {
      b.append("<tr><td class=\"").append(s.wireName()).append("\">").append(s.wireName()).append("</td><td>")
          .append(dc.get(s)).append("</td><td>").append(rc.get(s)).append("</td></tr>\n");
    }
    b.append("</table>\n");
    for (DeploymentResult d : r.deployments()) {
      b.append("<h2>").append(Xml.esc(d.id())).append(" <span class=\"").append(d.state().wireName()).append("\">")
          .append(d.state().wireName()).append("</span>").append(d.declared() ? "" : " (shadow AI)").append("</h2>\n");
      b.append("<table><tr><th>state</th><th>severity</th><th>policy</th><th>controls</th><th>reasons</th><th>evidence</th></tr>\n");
      for (PolicyResult p : d.results()) {
        if (p.state() == ComplianceState.COMPLIANT || p.state() == ComplianceState.NOT_APPLICABLE) {
          continue;
        }
        b.append("<tr><td class=\"").append(p.state().wireName()).append("\">").append(p.state().wireName())
            .append("</td><td>").append(p.severity().wireName()).append("</td><td>").append(Xml.esc(p.policyId()))
            .append("<br><small>").append(Xml.esc(p.displayName())).append(" &mdash; ").append(Xml.esc(p.source()))
            .append("</small></td><td>").append(Xml.esc(String.join(", ", p.controls()))).append("</td><td><ul>");
        for (Reason x : p.reasons()) {
          b.append("<li>").append(Xml.esc(x.message())).append("</li>");
        }
        b.append("</ul></td><td>");
        for (EvidenceRecord e : p.evidence()) {
          b.append("seq ").append(e.seq()).append(" <code>").append(Xml.esc(e.hash())).append("</code><br>");
        }
        b.append("</td></tr>\n");
      }
      b.append("</table>\n");
    }
    for (String w : r.warnings()) {
      b.append("<p class=\"unknown\">WARNING: ").append(Xml.esc(w)).append("</p>\n");
    }
    b.append("</body></html>\n");
    out.write(b.toString());
  }
}
