package dev.aiaudit.policy;

import dev.aiaudit.model.text.Diagnostic;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiaudit.policy.eval.Values;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Evidence from a JSON/YAML file (schema {@code policies/schema/evidence.schema.json}): a section
 * that is absent gives unknown answers; a present list with no matching entry gives a count of 0.
 * Event lists are indexed by deployment at load.
 */
final class FileEvidenceSource implements EvidenceSource {
  private final String file;
  private final JsonNode root;
  private final Map<String, Map<String, List<Entry>>> byDeployment = new HashMap<>();

  /** One pre-parsed journal record of an evidence list. */
  private record Entry(Instant time, String kind, String principal, long seq, String hash) {}

  private FileEvidenceSource(String file, JsonNode root) {
    this.file = file;
    this.root = root;
    for (String section : List.of("events", "weightReads", "alerts")) {
      JsonNode list = root.get(section);
      if (list != null) {
        Map<String, List<Entry>> index = new HashMap<>();
        list.forEach(e -> index.computeIfAbsent(e.path("deployment").asText(), k -> new ArrayList<>()).add(new Entry(
            time(e), e.path("kind").asText(""), e.path("principal").asText(""), e.path("seq").asLong(), e.path("hash").asText())));
        byDeployment.put(section, index);
      }
    }
  }

  static FileEvidenceSource load(Path path) throws IOException, PolicyLoadException {
    ContentFile f = ContentFile.parse(path.toString(), PolicyFiles.read(path, PolicyFiles.MAX_CONTENT_BYTES));
    List<Diagnostic> issues = f.validate("evidence.schema.json");
    if (!issues.isEmpty()) {
      throw new PolicyLoadException(issues);
    }
    return new FileEvidenceSource(path.toString(), f.root());
  }

  /** An already-parsed evidence document (tests, the bench). */
  static FileEvidenceSource of(String name, JsonNode root) {
    return new FileEvidenceSource(name, root);
  }

  @Override
  public Evidence<Long> events(String deploymentId, String kind, Instant since) {
    return count("events", deploymentId, e -> (kind.isEmpty() || e.kind().equalsIgnoreCase(kind))
        && !e.time().isBefore(since));
  }

  @Override
  public Evidence<Long> unapprovedWeightReads(String deploymentId, Set<String> approved, Instant since) {
    return count("weightReads", deploymentId, e -> !approved.contains(e.principal())
        && !e.time().isBefore(since));
  }

  @Override
  public Evidence<Long> weightAlerts(String deploymentId, Instant since) {
    return count("alerts", deploymentId, e -> !e.time().isBefore(since));
  }

  @Override
  public Evidence<RetainedRecord> oldestRecord() {
    JsonNode o = root.get("oldestRecord");
    if (o == null) {
      return Evidence.unknown("oldestRecord not in " + file);
    }
    RetainedRecord r = new RetainedRecord(time(o), o.path("seq").asLong(), o.path("hash").asText());
    return Evidence.of(r, List.of(new EvidenceRecord(r.seq(), r.hash())), file);
  }

  @Override
  public Evidence<JournalVerification> verification() {
    JsonNode v = root.get("verification");
    if (v == null) {
      return Evidence.unknown("verification not in " + file);
    }
    Instant at = v.has("verifiedAt") ? Values.toInstant(v.get("verifiedAt")) : Instant.EPOCH;
    JournalVerification j = new JournalVerification(v.path("ok").asBoolean(), v.path("firstBadSeq").asLong(-1),
        at, v.path("lastSeq").asLong(-1), v.path("lastHash").asText(""));
    List<EvidenceRecord> cited = new ArrayList<>();
    if (j.lastSeq() >= 0) {
      cited.add(new EvidenceRecord(j.lastSeq(), j.lastHash()));
    }
    return Evidence.of(j, cited, file);
  }

  @Override
  public Evidence<Duration> retention() {
    JsonNode r = root.get("retention");
    if (r == null) {
      return Evidence.unknown("retention not in " + file);
    }
    return Evidence.of(Duration.parse(r.asText()), List.of(), file);
  }

  private Evidence<Long> count(String section, String deploymentId, Predicate<Entry> match) {
    Map<String, List<Entry>> index = byDeployment.get(section);
    if (index == null) {
      return Evidence.unknown(section + " not in " + file);
    }
    List<Entry> list = index.getOrDefault(deploymentId, List.of());
    long n = 0;
    List<EvidenceRecord> cited = new ArrayList<>();
    for (Entry e : list) {
      if (match.test(e)) {
        n++;
        if (cited.size() < Evidence.MAX_CITED) {
          cited.add(new EvidenceRecord(e.seq(), e.hash()));
        }
      }
    }
    return Evidence.of(n, cited, file);
  }

  private static Instant time(JsonNode e) {
    return Values.toInstant(e.path("time"));
  }
}
