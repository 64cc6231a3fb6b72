package dev.aiaudit.sensor.gpu;

/** {@code nvmlReturn_t} values this package tells apart (nvml.h), and their names for messages. */
public final class NvmlReturn {
  public static final int SUCCESS = 0;
  public static final int ERROR_UNINITIALIZED = 1;
  public static final int ERROR_INVALID_ARGUMENT = 2;
  public static final int ERROR_NOT_SUPPORTED = 3;
  public static final int ERROR_NO_PERMISSION = 4;
  public static final int ERROR_NOT_FOUND = 6;
  public static final int ERROR_INSUFFICIENT_SIZE = 7;
  public static final int ERROR_DRIVER_NOT_LOADED = 9;
  public static final int ERROR_LIBRARY_NOT_FOUND = 12;
  public static final int ERROR_FUNCTION_NOT_FOUND = 13;
  public static final int ERROR_GPU_IS_LOST = 15;
  public static final int ERROR_RESET_REQUIRED = 16;
  public static final int ERROR_UNKNOWN = 999;

  private NvmlReturn() {}

  /** {@code NVML_ERROR_NOT_SUPPORTED (3)}-style text for a return code. */
  public static String name(int rc) {
    String n = switch (rc) {
      case SUCCESS -> "NVML_SUCCESS";
      case ERROR_UNINITIALIZED -> "NVML_ERROR_UNINITIALIZED";
      case ERROR_INVALID_ARGUMENT -> "NVML_ERROR_INVALID_ARGUMENT";
      case ERROR_NOT_SUPPORTED -> "NVML_ERROR_NOT_SUPPORTED";
      case ERROR_NO_PERMISSION -> "NVML_ERROR_NO_PERMISSION";
      case ERROR_NOT_FOUND -> "NVML_ERROR_NOT_FOUND";
      case ERROR_INSUFFICIENT_SIZE -> "NVML_ERROR_INSUFFICIENT_SIZE";
      case ERROR_DRIVER_NOT_LOADED -> "NVML_ERROR_DRIVER_NOT_LOADED";
      case ERROR_LIBRARY_NOT_FOUND -> "NVML_ERROR_LIBRARY_NOT_FOUND";
      case ERROR_FUNCTION_NOT_FOUND -> "NVML_ERROR_FUNCTION_NOT_FOUND";
      case ERROR_GPU_IS_LOST -> "NVML_ERROR_GPU_IS_LOST";
      case ERROR_RESET_REQUIRED -> "NVML_ERROR_RESET_REQUIRED";
      case ERROR_UNKNOWN -> "NVML_ERROR_UNKNOWN";
      default -> "NVML error";
    };
    return n + " (" + rc + ")";
  }

  /** The GPU is gone until a reset (fell off the bus, needs a reset): stop asking it. */
  public static boolean isGpuGone(int rc) {
    return rc == ERROR_GPU_IS_LOST || rc == ERROR_RESET_REQUIRED;
  }
}
