package dev.aiaudit.journal;

/**
 * The journal could not open, append, read or verify. The message names the path and what to do
 * (for corruption: run {@code ai-audit verify}). {@link JournalSink} rethrows it as the pipeline's
 * {@code SinkException} (which is final, so this cannot extend it).
 */
public final class JournalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JournalException(String message, Throwable cause) {
    super(message, cause);
  }

  public JournalException(String message) {
    super(message);
  }
}
