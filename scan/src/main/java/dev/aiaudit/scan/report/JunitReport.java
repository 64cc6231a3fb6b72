package dev.aiaudit.scan.report;

import dev.aiaudit.scan.CheckResult;
import dev.aiaudit.scan.ScanReport;
import dev.aiaudit.scan.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JUnit XML for CI: one {@code testsuite} per profile, one {@code testcase} per check; a failed check is a
 * {@code failure}, an error an {@code error}, a not-applicable check {@code skipped} with its reason.
 */
final class JunitReport {
  private JunitReport() {}

  static void write(List<ScanReport> reports, Writer out) throws IOException {
    out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ai-audit scan\">\n");
    for (ScanReport r : reports) {
      Map<Verdict, Integer> c = r.counts();
      out.write("  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%s\" timestamp=\"%s\" hostname=\"%s\">\n"
          .formatted(Xml.esc("ai-audit.scan." + r.profile().id()), r.results().size(), c.get(Verdict.FAIL),
              c.get(Verdict.ERROR), c.get(Verdict.NOTAPPLICABLE),
              String.format(Locale.ROOT, "%.3f", r.elapsed().toNanos() / 1e9), r.startedAt(), Xml.esc(r.host())));
      for (CheckResult cr : r.results()) {
        testcase(out, r, cr);
      }
      out.write("  </testsuite>\n");
    }
    out.write("</testsuites>\n");
  }

  private static void testcase(Writer out, ScanReport r, CheckResult c) throws IOException {
    out.write("    <testcase classname=\"%s\" name=\"%s\" time=\"0\">".formatted(
        Xml.esc(r.profile().id() + "." + c.kind()), Xml.esc(c.id())));
    String body = "title: " + c.title() + "\nseverity: " + c.severity().label() + "\nexpected: " + c.expected()
        + "\nobserved: " + c.actual() + "\ncontrols: " + String.join(", ", c.controls())
        + "\nremediation: " + c.remediation();
    switch (c.verdict()) {
      case PASS -> { }
      case FAIL -> out.write("\n      <failure message=\"%s\" type=\"%s\">%s</failure>\n    ".formatted(
          Xml.esc(c.title() + ": " + c.actual()), c.severity().label(), Xml.esc(body)));
      case ERROR -> out.write("\n      <error message=\"%s\" type=\"error\">%s</error>\n    ".formatted(
          Xml.esc(c.reason()), Xml.esc(body)));
      case NOTAPPLICABLE -> out.write("\n      <skipped message=\"%s\"/>\n    ".formatted(Xml.esc(c.reason())));
    }
    out.write("</testcase>\n");
  }
}
