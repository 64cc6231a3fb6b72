package dev.aiaudit.sensor.gpu;

/** An NVML call returned {@link #code()} where the caller cannot go on (init, device enumeration, a lost GPU). */
public final class NvmlException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int code;

  public NvmlException(String call, int code) {
    super(call + " returned " + NvmlReturn.name(code));
    this.code = code;
  }

  /** A failure described by {@code message} (e.g. the library is absent), with the closest NVML code. */
  public static NvmlException of(String message, int code) {
    return new NvmlException(message, code, true);
  }

  private NvmlException(String message, int code, boolean plain) {
    super(message);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
