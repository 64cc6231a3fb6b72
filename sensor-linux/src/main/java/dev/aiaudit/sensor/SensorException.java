package dev.aiaudit.sensor;

/** A sensor could not start: the message names the path or the cause. */
public final class SensorException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean permissionDenied;

  public SensorException(String message) {
    this(message, false, null);
  }

  public SensorException(String message, Throwable cause) {
    this(message, false, cause);
  }

  public SensorException(String message, boolean permissionDenied, Throwable cause) {
    super(message, cause);
    this.permissionDenied = permissionDenied;
  }

  /** True when the kernel refused for lack of privilege (EPERM/EACCES), so a fallback may help. */
  public boolean permissionDenied() {
    return permissionDenied;
  }
}
