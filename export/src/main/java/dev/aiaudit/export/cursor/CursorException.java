package dev.aiaudit.export.cursor;

/** A cursor file that cannot be read or is not a cursor. */
public final class CursorException extends Exception {
  public CursorException(String message) {
    super(message);
  }

  public CursorException(String message, Throwable cause) {
    super(message, cause);
  }
}
