package dev.aiaudit.cli.evidence;

import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.model.Finding;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.report.Assessment;
import dev.aiaudit.report.Section;
import dev.aiaudit.scan.CheckResult;
import dev.aiaudit.scan.Scanner;
import dev.aiaudit.scan.VerdictChanges;
import dev.aiaudit.server.dashboard.PolicyControls;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The journaled verdicts as report assessments for the shared writers: the last recorded verdict of every scan check
 * (Compliance Findings of source {@code scan}) and of every AI deployment (source {@code policy-watch}) as of the end of
 * the range. Each finding cites the journal record of that verdict. Check titles, controls and remediation come from
 * the built-in scan content where the check still exists; a deployment's controls are those of the policies its
 * {@code [policy-id] why} violations name in the built-in initiatives (as the dashboard shows them); the journaled
 * message is the observation.
 */
final class VerdictReports {
  static final String POLICY_SOURCE = "policy-watch";

  /** The last verdict of one subject: the finding record and its place in the chain. */
  record Verdict(long seq, String hash, FindingEvent event) {}

  private VerdictReports() {}

  static boolean isScan(FindingEvent f) {
    return f.source().equals(VerdictChanges.SOURCE) && f.subject().startsWith(VerdictChanges.SUBJECT_PREFIX);
  }

  static boolean isPolicy(FindingEvent f) {
    return f.source().equals(POLICY_SOURCE);
  }

  static Assessment scan(Collection<Verdict> verdicts, String host, Instant since, Instant until) {
    Map<String, List<Finding>> byProfile = new TreeMap<>();
    Map<String, Map<String, CheckResult>> content = new LinkedHashMap<>();
    for (Verdict v : verdicts) {
      FindingEvent f = v.event();
      String rest = f.subject().substring(VerdictChanges.SUBJECT_PREFIX.length());
      int slash = rest.indexOf('/');
      String profile = slash < 0 ? rest : rest.substring(0, slash);
      String check = slash < 0 ? rest : rest.substring(slash + 1);
      String scope = "";
      int at = check.indexOf('@');
      if (at >= 0) {
        scope = check.substring(at + 1);
        check = check.substring(0, at);
      }
      CheckResult known = content.computeIfAbsent(profile, VerdictReports::checks).get(check);
      Finding.Status status = switch (f.state()) {
        case "pass" -> Finding.Status.PASS;
        case "fail" -> Finding.Status.FAIL;
        case "error" -> Finding.Status.ERROR;
        case "notapplicable", "absent" -> Finding.Status.NOT_APPLICABLE;
        default -> Finding.Status.UNKNOWN;
      };
      Map<String, String> props = props(v);
      byProfile.computeIfAbsent(profile + (scope.isEmpty() ? "" : "@" + scope), k -> new ArrayList<>()).add(new Finding(
          check, known != null ? known.title() : title(f.message()), profile + (known != null ? "." + known.kind() : ""),
          known != null ? known.severity() : severity(f.message()), status, f.state(),
          known != null ? known.controls() : List.of(), known != null ? known.expected() : "", f.message(),
          status.decided() ? List.of() : List.of(f.message()), known != null ? known.remediation() : "",
          List.of(new Finding.Evidence(v.seq(), v.hash())), props));
    }
    List<Section> sections = new ArrayList<>();
    byProfile.forEach((id, findings) -> sections.add(section(id, "profile " + id + " (journaled verdicts)",
        host + (id.contains("@") ? " [" + id.substring(id.indexOf('@') + 1) + "]" : " [live host]"), findings)));
    return new Assessment("ai-audit evidence", "host compliance verdicts on record at " + until, host, since,
        Duration.between(since, until), sections, List.of(verdicts.size() + " check verdict(s) on record; each cites"
            + " the journal record (seq, hash) of its last change"), List.of(), Map.of());
  }

  static Assessment policy(Collection<Verdict> verdicts, String host, Instant since, Instant until) {
    PolicyControls controls = PolicyControls.builtIn();
    List<Finding> findings = new ArrayList<>();
    for (Verdict v : verdicts) {
      FindingEvent f = v.event();
      Finding.Status status = switch (f.state()) {
        case "compliant" -> Finding.Status.PASS;
        case "non-compliant", "warning", "warn" -> Finding.Status.FAIL;
        case "absent" -> Finding.Status.NOT_APPLICABLE;
        default -> Finding.Status.UNKNOWN;
      };
      List<String> reasons = PolicyControls.violations(f.message());
      findings.add(new Finding(f.subject(), "compliance state of " + f.subject(), "policy-watch",
          f.state().equals("non-compliant") ? AlertSeverity.HIGH : f.state().startsWith("warn") ? AlertSeverity.LOW
              : AlertSeverity.INFO, status, f.state(), controls.controlsOf(reasons), "compliant", f.message(), reasons, "",
          List.of(new Finding.Evidence(v.seq(), v.hash())), props(v)));
    }
    List<Section> sections = findings.isEmpty() ? List.of()
        : List.of(section("policy-watch", "AI deployments (journaled compliance states)", host, findings));
    return new Assessment("ai-audit evidence", "AI deployment compliance on record at " + until, host, since,
        Duration.between(since, until), sections, List.of(verdicts.size() + " deployment state(s) on record; each cites"
            + " the journal record (seq, hash) of its last change"), List.of(), Map.of());
  }

  private static Section section(String id, String title, String subject, List<Finding> findings) {
    Map<Finding.Status, Integer> c = new LinkedHashMap<>();
    findings.forEach(f -> c.merge(f.status(), 1, Integer::sum));
    StringBuilder summary = new StringBuilder(id + ": " + findings.size() + " on record");
    c.forEach((s, n) -> summary.append(", ").append(n).append(' ').append(s.label()));
    return new Section(id, title, subject, "", summary.toString(), Map.of(), Map.of(), findings, List.of());
  }

  private static Map<String, String> props(Verdict v) {
    Map<String, String> props = new LinkedHashMap<>();
    FindingEvent f = v.event();
    props.put("recorded", Instant.ofEpochSecond(0, f.timeNs()).toString());
    props.put("previous-state", f.previousState());
    props.put("journal-seq", Long.toString(v.seq()));
    props.put("journal-hash", v.hash());
    return props;
  }

  private static Map<String, CheckResult> checks(String profile) {
    Map<String, CheckResult> m = new LinkedHashMap<>();
    try {
      Scanner.builtin().checks(profile).forEach(c -> m.put(c.id(), c));
    } catch (RuntimeException e) {
      // a profile this build no longer ships: the journaled message stands alone
    }
    return m;
  }

  /** {@code "high: Title (why)"} → {@code Title}. */
  private static String title(String message) {
    int colon = message.indexOf(": ");
    String t = colon < 0 ? message : message.substring(colon + 2);
    int paren = t.indexOf(" (");
    return paren < 0 ? t : t.substring(0, paren);
  }

  private static AlertSeverity severity(String message) {
    int colon = message.indexOf(": ");
    if (colon > 0) {
      try {
        return AlertSeverity.parse(message.substring(0, colon));
      } catch (IllegalArgumentException notASeverity) {
        // a message without the scan's "severity: " prefix
      }
    }
    return AlertSeverity.INFO;
  }

}
