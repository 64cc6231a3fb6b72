package dev.aiaudit.scan;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one scan found.
 *
 * @param target {@code live host} or {@code root DIR}
 * @param inputs the files each source was read from, or why it was not available
 * @param notes remarks about the scan (e.g. checks that cannot apply offline)
 */
public record ScanReport(
    String tool,
    String host,
    String target,
    ProfileInfo profile,
    Instant startedAt,
    Duration elapsed,
    Map<String, String> inputs,
    List<CheckResult> results,
    List<String> notes) {

  public ScanReport {
    inputs = Map.copyOf(inputs);
    results = List.copyOf(results);
    notes = List.copyOf(notes);
  }

  /** Number of results per verdict (every verdict present, zero when none). */
  public Map<Verdict, Integer> counts() {
    Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
    for (Verdict v : Verdict.values()) {
      counts.put(v, 0);
    }
    for (CheckResult r : results) {
      counts.merge(r.verdict(), 1, Integer::sum);
    }
    return counts;
  }

  /** 0 when no check failed at or above {@code failOn}, 1 otherwise. */
  public int exitCode(Severity failOn) {
    for (CheckResult r : results) {
      if (r.verdict() == Verdict.FAIL && r.severity().atLeast(failOn)) {
        return 1;
      }
    }
    return 0;
  }

  /** One-line summary, e.g. {@code kspp: 363 checks, 120 pass, 200 fail, 43 notapplicable, 0 error}. */
  public String summaryLine() {
    Map<Verdict, Integer> c = counts();
    return "%s: %d checks, %d pass, %d fail, %d notapplicable, %d error"
        .formatted(profile.id(), results.size(), c.get(Verdict.PASS), c.get(Verdict.FAIL),
            c.get(Verdict.NOTAPPLICABLE), c.get(Verdict.ERROR));
  }
}
