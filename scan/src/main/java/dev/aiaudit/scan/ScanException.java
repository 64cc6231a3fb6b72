package dev.aiaudit.scan;

/** The scan itself could not run (bad content, unknown profile or check, unreadable input file). */
public final class ScanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScanException(String message) {
    super(message);
  }

  public ScanException(String message, Throwable cause) {
    super(message, cause);
  }
}
