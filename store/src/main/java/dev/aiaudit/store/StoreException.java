package dev.aiaudit.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The store could not be opened, written or read. The message names the file and the cause in one
 * line, fit to print as is; {@link #reason()} lets callers react (for example, query a
 * snapshot when the file is {@link Reason#LOCKED locked} by the running agent).
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the store failed. */
  public enum Reason {
    /** No store file exists at the path (read-only open). */
    NOT_FOUND,
    /** The file or its directory cannot be created or written (permissions, read-only file system). */
    NOT_WRITABLE,
    /** The disk is full. */
    DISK_FULL,
    /** Another process holds the file (DuckDB allows one writer process and no reader beside it). */
    LOCKED,
    /** The file is not a DuckDB database of this schema (corrupt, another format, another version). */
    CORRUPT,
    /** Any other I/O or database failure. */
    FAILED
  }

  private final Reason reason;
  private final transient Path path;

  public StoreException(Reason reason, Path path, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.path = path;
  }

  public StoreException(Reason reason, Path path, String message) {
    this(reason, path, message, null);
  }

  public Reason reason() {
    return reason;
  }

  /** The store file concerned, or {@code null} when unknown. */
  public Path path() {
    return path;
  }
}
