package dev.aiaudit.report;

import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.model.Finding;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The findings about one subject of an {@link Assessment}: one scan profile on one target, or every policy on one
 * deployment.
 *
 * @param id stable id ({@code kspp}, {@code k8s:ml/Deployment/llm-serve})
 * @param title heading
 * @param subject what was assessed ({@code live host}, the deployment id)
 * @param state the roll-up state in the producer's words ({@code non-compliant}), {@code ""} when it has none
 * @param summary one line counting the outcomes
 * @param properties facts about the section (framework, kind, namespace, declared), in order
 * @param inputs files read and where from, or why a source was not available
 * @param findings every finding, in the producer's order
 * @param notes remarks (checks that cannot apply offline, ...)
 */
public record Section(
    String id,
    String title,
    String subject,
    String state,
    String summary,
    Map<String, String> properties,
    Map<String, String> inputs,
    List<Finding> findings,
    List<String> notes) {

  public Section {
    Objects.requireNonNull(id, "id");
    title = title == null ? id : title;
    subject = subject == null ? "" : subject;
    state = state == null ? "" : state;
    summary = summary == null ? "" : summary;
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    findings = List.copyOf(findings);
    notes = List.copyOf(notes);
  }

  /** Findings per status, every status present (zero when none). */
  public Map<Finding.Status, Integer> counts() {
    // counted by ordinal into a map in declaration order: an EnumMap reads its key universe reflectively, whose
    // first use in a short run (a scan) initialises the reflection machinery
    Finding.Status[] all = Finding.Status.values();
    int[] n = new int[all.length];
    for (Finding f : findings) {
      n[f.status().ordinal()]++;
    }
    Map<Finding.Status, Integer> m = new LinkedHashMap<>();
    for (Finding.Status s : all) {
      m.put(s, n[s.ordinal()]);
    }
    return m;
  }

  /** Failed findings per severity, every severity present. */
  public Map<AlertSeverity, Integer> failedBySeverity() {
    AlertSeverity[] all = AlertSeverity.values();
    int[] n = new int[all.length];
    for (Finding f : findings) {
      if (f.status() == Finding.Status.FAIL) {
        n[f.severity().ordinal()]++;
      }
    }
    Map<AlertSeverity, Integer> m = new LinkedHashMap<>();
    for (AlertSeverity s : all) {
      m.put(s, n[s.ordinal()]);
    }
    return m;
  }
}
