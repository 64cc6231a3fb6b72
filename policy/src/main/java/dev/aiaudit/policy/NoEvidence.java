package dev.aiaudit.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** {@link EvidenceSource#none()}: every answer is unknown. */
enum NoEvidence implements EvidenceSource {
  INSTANCE;

  private static final String WHY = "no evidence source configured (use --evidence or run with the journal)";

  @Override
  public Evidence<Long> events(String deploymentId, String kind, Instant since) {
    return Evidence.unknown(WHY);
  }

  @Override
  public Evidence<RetainedRecord> oldestRecord() {
    return Evidence.unknown(WHY);
  }

  @Override
  public Evidence<JournalVerification> verification() {
    return Evidence.unknown(WHY);
  }

  @Override
  public Evidence<Duration> retention() {
    return Evidence.unknown(WHY);
  }

  @Override
  public Evidence<Long> unapprovedWeightReads(String deploymentId, Set<String> approved, Instant since) {
    return Evidence.unknown(WHY);
  }

  @Override
  public Evidence<Long> weightAlerts(String deploymentId, Instant since) {
    return Evidence.unknown(WHY);
  }
}
