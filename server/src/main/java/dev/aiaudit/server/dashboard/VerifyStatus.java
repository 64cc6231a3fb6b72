package dev.aiaudit.server.dashboard;

/**
 * The journal verification result as the dashboard shows it (the cli maps the journal's own result onto it).
 *
 * @param records records verified (by the last full run plus the records checked since)
 * @param checkpoints signed checkpoints verified by the last full run
 * @param problem empty when ok; otherwise the first problem, naming the record and file
 * @param mode how this answer was reached: {@code full} (the whole journal now), {@code incremental} (the records
 *     after the last verified seq, chained to its hash), {@code cached} (nothing appended since)
 * @param fullAt when the last full verification ran (ISO instant), or {@code null} when unknown
 */
public record VerifyStatus(boolean ok, long records, long checkpoints, long lastSeq, String lastHash, String problem,
    String mode, String fullAt) {

  /** A full verification's result. */
  public VerifyStatus(boolean ok, long records, long checkpoints, long lastSeq, String lastHash, String problem) {
    this(ok, records, checkpoints, lastSeq, lastHash, problem, "full", null);
  }
}
