package dev.aiaudit.journal.format;

/** A record, header or checkpoint entry failed its checksum or framing checks. The message says which. */
public final class CorruptRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorruptRecordException(String message) {
    super(message);
  }
}
