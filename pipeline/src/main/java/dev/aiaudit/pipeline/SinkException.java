package dev.aiaudit.pipeline;

/** A sink could not take a batch (disk full, store unavailable). The message names the cause. */
public final class SinkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SinkException(String message, Throwable cause) {
    super(message, cause);
  }

  public SinkException(String message) {
    super(message);
  }
}
