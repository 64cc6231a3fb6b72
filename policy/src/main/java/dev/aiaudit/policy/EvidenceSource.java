package dev.aiaudit.policy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The runtime questions {@code auditIfNotExists} policies ask of the audit journal and store. Each
 * answer is an {@link Evidence} carrying the records it rests on, so every verdict can cite them; an
 * implementation that cannot answer returns {@link Evidence#unknown(String)} (never a guess).
 *
 * <p>Implementations: {@link #none()} (every answer unknown), {@link #fromFile(Path)} (a small JSON
 * file, see {@code policy/README-eval.md}), and the journal/store adapter wired by the CLI.
 * Implementations must be thread-safe.
 */
public interface EvidenceSource {

  /**
   * Journal events attributed to a deployment since an instant.
   *
   * @param deploymentId inventory id ({@code k8s:ns/Deployment/name} or {@code host:...})
   * @param kind event kind to count ({@code model.load}, {@code oversight.stop}...), or empty for any
   * @param since lower bound (inclusive)
   * @return the number of events; records cite (a sample of) them
   */
  Evidence<Long> events(String deploymentId, String kind, Instant since);

  /** The oldest record still retained (the journal's effective retention). */
  Evidence<RetainedRecord> oldestRecord();

  /** The latest verification of the journal's hash chain and checkpoints. */
  Evidence<JournalVerification> verification();

  /** The configured retention period of the journal. */
  Evidence<Duration> retention();

  /**
   * Reads of the deployment's model weights since an instant by principals not in {@code approved}
   * (principals as the sensor names them: {@code uid:1000}, {@code sa:ns/name}, {@code exe:/usr/bin/python3}).
   */
  Evidence<Long> unapprovedWeightReads(String deploymentId, Set<String> approved, Instant since);

  /** Detection alerts on the deployment's weights (integrity, exfiltration) since an instant. */
  Evidence<Long> weightAlerts(String deploymentId, Instant since);

  /** A source that knows nothing: every answer is unknown. */
  static EvidenceSource none() {
    return NoEvidence.INSTANCE;
  }

  /** A source backed by an evidence JSON file ({@code --evidence FILE}). */
  static EvidenceSource fromFile(Path file) throws IOException, PolicyLoadException {
    return FileEvidenceSource.load(file);
  }

  /** A source over an evidence document already in memory (same format as the file; {@code name} is named in answers). */
  static EvidenceSource fromDocument(String name, com.fasterxml.jackson.databind.JsonNode root) {
    return FileEvidenceSource.of(name, root);
  }
}
