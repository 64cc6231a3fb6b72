package dev.aiaudit.journal;

/**
 * What {@link Journal#open} found and repaired.
 *
 * @param segments segment files after recovery
 * @param lastSeq last record kept
 * @param trimmedBytes bytes of a torn tail cut from the last segment (0 when clean)
 * @param trimmedRecords incomplete or checksum-failed records in that tail (0 or 1: one write was torn)
 * @param removedSegment a segment file left without a whole header by an interrupted rollover, removed
 * @param trimmedCheckpointBytes bytes of a torn checkpoint entry cut from {@code checkpoints.log}
 * @param detail one line for logs, e.g. what the torn tail was
 */
public record RecoveryReport(
    int segments,
    long lastSeq,
    long trimmedBytes,
    int trimmedRecords,
    boolean removedSegment,
    long trimmedCheckpointBytes,
    String detail) {

  /** True when open() had to repair anything. */
  public boolean repaired() {
    return trimmedBytes > 0 || removedSegment || trimmedCheckpointBytes > 0;
  }
}
