package dev.aiaudit.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one run of a producer found (a scan over several profiles, a policy evaluation over several
 * deployments), in the shape every {@link ReportFormat} writes.
 *
 * @param tool the producing command, {@code ai-audit scan} or {@code ai-audit policy eval}
 * @param title the report's heading
 * @param host the host that ran it
 * @param startedAt when the run started (also the collection time of every observation)
 * @param elapsed how long it took
 * @param sections one per profile (scan) or per deployment (policy)
 * @param summary closing lines of the whole run (roll-ups over sections), in order
 * @param warnings remarks about the run (expired attestations, ...)
 * @param extensions producer-specific top-level members of the JSON document (e.g. {@code initiatives})
 */
public record Assessment(
    String tool,
    String title,
    String host,
    Instant startedAt,
    Duration elapsed,
    List<Section> sections,
    List<String> summary,
    List<String> warnings,
    Map<String, JsonNode> extensions) {

  public Assessment {
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(startedAt, "startedAt");
    title = title == null ? tool : title;
    host = host == null ? "" : host;
    elapsed = elapsed == null ? Duration.ZERO : elapsed;
    sections = List.copyOf(sections);
    summary = List.copyOf(summary);
    warnings = List.copyOf(warnings);
    extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /** When the run ended. */
  public Instant endedAt() {
    return startedAt.plus(elapsed);
  }
}
