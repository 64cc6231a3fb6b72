package dev.aiaudit.scan;

import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.model.Finding;
import dev.aiaudit.report.Assessment;
import dev.aiaudit.report.Section;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    // by ordinal into a map in declaration order (an EnumMap reads its key universe reflectively)
    Verdict[] all = Verdict.values();
    int[] n = new int[all.length];
    for (CheckResult r : results) {
      n[r.verdict().ordinal()]++;
    }
    Map<Verdict, Integer> counts = new java.util.LinkedHashMap<>();
    for (Verdict v : all) {
      counts.put(v, n[v.ordinal()]);
    }
    return counts;
  }

  /** 0 when no check failed at or above {@code failOn}, 1 otherwise. */
  public int exitCode(AlertSeverity failOn) {
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
    // plain concatenation: java.util.Formatter costs a scan more CPU than its evaluation of a hundred checks
    return profile.id() + ": " + results.size() + " checks, " + c.get(Verdict.PASS) + " pass, " + c.get(Verdict.FAIL)
        + " fail, " + c.get(Verdict.NOTAPPLICABLE) + " notapplicable, " + c.get(Verdict.ERROR) + " error";
  }

  /** This profile's results as one report section: a finding per check. */
  public Section toSection() {
    List<Finding> findings = new ArrayList<>(results.size());
    for (CheckResult c : results) {
      findings.add(c.toFinding(profile.id()));
    }
    Map<String, String> props = new LinkedHashMap<>();
    props.put("framework", profile.framework());
    props.put("check-count", Integer.toString(profile.checkCount()));
    String prefix = controlPrefix(profile.id());
    if (!prefix.isEmpty()) {
      props.put("control-prefix", prefix);
    }
    return new Section(profile.id(), "profile " + profile.id() + " (" + profile.title() + ")", host + " [" + target + "]",
        "", summaryLine(), props, new LinkedHashMap<>(new java.util.TreeMap<>(inputs)), findings, notes);
  }

  /** The reports of one scan (one per profile) as one assessment for the report writers. */
  public static Assessment assessment(List<ScanReport> reports) {
    ScanReport first = reports.getFirst();
    Instant end = first.startedAt();
    for (ScanReport r : reports) {
      Instant e = r.startedAt().plus(r.elapsed());
      end = e.isAfter(end) ? e : end;
    }
    // a loop, not a stream: the first stream of a process initialises the stream flags (and, through an EnumMap,
    // reflection), measurable in a ~50 ms scan
    List<Section> sections = new java.util.ArrayList<>(reports.size());
    for (ScanReport r : reports) {
      sections.add(r.toSection());
    }
    return new Assessment("ai-audit scan", "ai-audit host compliance scan", first.host(), first.startedAt(),
        Duration.between(first.startedAt(), end), List.copyOf(sections), List.of(),
        List.of(), Map.of());
  }

  /** The catalog a profile's control ids come from, as a prefix of their OSCAL tokens. */
  private static String controlPrefix(String profile) {
    return switch (profile) {
      case "cmmc-l2" -> "nist-800-171-";
      case "pci-dss-4" -> "pci-dss-4-";
      default -> "";
    };
  }
}
