package dev.aiaudit.scan;

import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.text.SafeText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns scan reports into evidence: one OCSF Compliance Finding ({@link FindingEvent}) per check whose verdict
 * differs from the last one recorded for the same subject. A check seen for the first time is a change from
 * {@code absent}. The subject names the profile and check ({@code scan:kspp/kconfig.RANDOMIZE_BASE}) and, for
 * anything other than the live host read from its own sources, the scope ({@code @root:/mnt/image}), so the
 * history of an image never mixes with the host's.
 */
public final class VerdictChanges {
  /** {@link FindingEvent#source()} of every scan finding. */
  public static final String SOURCE = "scan";
  /** Prefix of every scan finding's subject (a store path glob {@code scan:*} selects them all). */
  public static final String SUBJECT_PREFIX = "scan:";
  /** Previous state of a subject with no recorded verdict. */
  public static final String ABSENT = "absent";
  private static final int MAX_MESSAGE = 400;

  private VerdictChanges() {}

  /** The subject of {@code result} in {@code report}; {@code scope} is empty for the live host. */
  public static String subject(ScanReport report, CheckResult result, String scope) {
    Objects.requireNonNull(scope, "scope");
    return SUBJECT_PREFIX + report.profile().id() + "/" + result.id() + (scope.isEmpty() ? "" : "@" + scope);
  }

  /**
   * The findings for every verdict of {@code reports} that differs from {@code lastStates} (subject to the last
   * recorded verdict label), in report order. {@code lastStates} is updated with the new verdicts, so a caller
   * that keeps it between scans (the agent) journals only changes.
   *
   * @param scope empty for the live host; otherwise what was scanned (e.g. {@code root:/mnt/image})
   * @param host the host name written into the findings (the journal's host, not the scanned root's)
   */
  public static List<FindingEvent> findings(List<ScanReport> reports, Map<String, String> lastStates, String scope,
      String host) {
    List<FindingEvent> out = new ArrayList<>();
    for (ScanReport report : reports) {
      Instant at = report.startedAt().plus(report.elapsed());
      long timeNs = at.getEpochSecond() * 1_000_000_000L + at.getNano();
      for (CheckResult r : report.results()) {
        String subject = subject(report, r, scope);
        String state = r.verdict().label();
        String before = lastStates.getOrDefault(subject, ABSENT);
        if (!state.equals(before)) {
          out.add(new FindingEvent(timeNs, host, subject, before, state, message(r), SOURCE));
          lastStates.put(subject, state);
        }
      }
    }
    return out;
  }

  /** One line: severity, title, then what decided the verdict (observed value, or the reason). */
  static String message(CheckResult r) {
    StringBuilder b = new StringBuilder().append(r.severity().id()).append(": ").append(r.title());
    if (!r.reason().isEmpty()) {
      b.append(" (").append(r.reason()).append(')');
    } else if (!r.actual().isEmpty()) {
      b.append(" (found ").append(r.actual()).append("; expected ").append(r.expected()).append(')');
    }
    return SafeText.capped(SafeText.escape(b.toString()), MAX_MESSAGE);
  }
}
