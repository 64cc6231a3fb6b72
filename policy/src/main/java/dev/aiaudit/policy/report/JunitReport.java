package dev.aiaudit.policy.report;

import dev.aiaudit.policy.ComplianceState;
import dev.aiaudit.policy.DeploymentResult;
import dev.aiaudit.policy.EvaluationReport;
import dev.aiaudit.policy.EvidenceRecord;
import dev.aiaudit.policy.PolicyResult;
import dev.aiaudit.policy.Reason;
import java.io.IOException;
import java.io.Writer;
import java.util.stream.Collectors;

/**
 * JUnit XML for CI dashboards: one {@code testsuite} per deployment, one {@code testcase} per policy.
 * Non-compliant is a {@code failure}, error an {@code error}; unknown, exempt and not-applicable
 * are {@code skipped} with the reason.
 */
final class JunitReport {
  private JunitReport() {}

  static void write(EvaluationReport r, Writer out) throws IOException {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    long tests = 0;
    long failures = 0;
    long errors = 0;
    long skipped = 0;
    StringBuilder suites = new StringBuilder();
    for (DeploymentResult d : r.deployments()) {
      int f = 0;
      int e = 0;
      int s = 0;
      StringBuilder cases = new StringBuilder();
      for (PolicyResult p : d.results()) {
        cases.append("    <testcase classname=\"").append(Xml.esc(p.initiativeId().isEmpty() ? "policy" : p.initiativeId()))
            .append("\" name=\"").append(Xml.esc(p.policyId() + " [" + String.join(",", p.controls()) + "]"))
            .append("\" time=\"0\">\n");
        String body = Xml.esc(detail(p));
        String msg = Xml.esc(p.displayName());
        if (p.state() == ComplianceState.NON_COMPLIANT) {
          f++;
          cases.append("      <failure type=\"non-compliant\" message=\"").append(msg).append("\">").append(body).append("</failure>\n");
        } else if (p.state() == ComplianceState.ERROR) {
          e++;
          cases.append("      <error type=\"error\" message=\"").append(msg).append("\">").append(body).append("</error>\n");
        } else if (p.state() != ComplianceState.COMPLIANT || !p.applicable()) {
          s++;
          String why = p.applicable() ? p.state().wireName() : "not applicable";
          cases.append("      <skipped message=\"").append(Xml.esc(why + ": " + detail(p))).append("\"/>\n");
        }
        cases.append("    </testcase>\n");
      }
      suites.append("  <testsuite name=\"").append(Xml.esc(d.id())).append("\" tests=\"").append(d.results().size())
          .append("\" failures=\"").append(f).append("\" errors=\"").append(e).append("\" skipped=\"").append(s)
          .append("\" timestamp=\"").append(r.evaluatedAt()).append("\">\n").append(cases).append("  </testsuite>\n");
      tests += d.results().size();
      failures += f;
      errors += e;
      skipped += s;
    }
    b.append("<testsuites name=\"ai-audit policy eval\" tests=\"").append(tests).append("\" failures=\"").append(failures)
        .append("\" errors=\"").append(errors).append("\" skipped=\"").append(skipped).append("\">\n")
        .append(suites).append("</testsuites>\n");
    out.write(b.toString());
  }

  private static String detail(PolicyResult p) {
    String reasons = p.reasons().stream().map(Reason::message).collect(Collectors.joining("\n"));
    String ev = p.evidence().stream().map(EvidenceRecord::toString).collect(Collectors.joining("\n"));
    return (p.source() + "\n" + reasons + (ev.isEmpty() ? "" : "\n" + ev)).trim();
  }
}
