package dev.aiaudit.sensor.gpu;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.Map;

/**
 * The NVML structs and function signatures this package uses, as in {@code nvml.h} (x86-64 and aarch64 Linux: unsigned
 * int is 4 bytes, unsigned long long 8, natural alignment). Shared by the binding and the emulator so both read the same
 * offsets; the emulator's tests then check them through native memory.
 */
final class NvmlLayouts {
  /** {@code nvmlMemory_t}: total, free, used (bytes). 24 bytes. */
  static final StructLayout MEMORY = MemoryLayout.structLayout(
      JAVA_LONG.withName("total"), JAVA_LONG.withName("free"), JAVA_LONG.withName("used"));
  /** {@code nvmlUtilization_t}: gpu, memory (percent). 8 bytes. */
  static final StructLayout UTILIZATION = MemoryLayout.structLayout(JAVA_INT.withName("gpu"), JAVA_INT.withName("memory"));
  /**
   * {@code nvmlProcessInfo_t} as {@code nvmlDeviceGet*RunningProcesses_v3} fills it (same as {@code nvmlProcessInfo_v2_t}):
   * pid, 4 bytes padding, usedGpuMemory, gpuInstanceId, computeInstanceId. 24 bytes.
   */
  static final StructLayout PROCESS_INFO = MemoryLayout.structLayout(
      JAVA_INT.withName("pid"), MemoryLayout.paddingLayout(4), JAVA_LONG.withName("usedGpuMemory"),
      JAVA_INT.withName("gpuInstanceId"), JAVA_INT.withName("computeInstanceId"));
  /**
   * {@code nvmlProcessUtilizationSample_t}: pid, 4 bytes padding, timeStamp (µs, CPU clock), smUtil, memUtil, encUtil,
   * decUtil. 32 bytes.
   */
  static final StructLayout PROCESS_UTIL_SAMPLE = MemoryLayout.structLayout(
      JAVA_INT.withName("pid"), MemoryLayout.paddingLayout(4), JAVA_LONG.withName("timeStamp"),
      JAVA_INT.withName("smUtil"), JAVA_INT.withName("memUtil"), JAVA_INT.withName("encUtil"),
      JAVA_INT.withName("decUtil"));
  /** {@code nvmlPciInfo_t}: busIdLegacy[16], domain, bus, device, pciDeviceId, pciSubSystemId, busId[32]. 68 bytes. */
  static final StructLayout PCI_INFO = MemoryLayout.structLayout(
      MemoryLayout.sequenceLayout(16, java.lang.foreign.ValueLayout.JAVA_BYTE).withName("busIdLegacy"),
      JAVA_INT.withName("domain"), JAVA_INT.withName("bus"), JAVA_INT.withName("device"),
      JAVA_INT.withName("pciDeviceId"), JAVA_INT.withName("pciSubSystemId"),
      MemoryLayout.sequenceLayout(32, java.lang.foreign.ValueLayout.JAVA_BYTE).withName("busId"));

  static final long PROC_PID = off(PROCESS_INFO, "pid");
  static final long PROC_MEM = off(PROCESS_INFO, "usedGpuMemory");
  static final long PROC_GI = off(PROCESS_INFO, "gpuInstanceId");
  static final long PROC_CI = off(PROCESS_INFO, "computeInstanceId");
  static final long UTIL_PID = off(PROCESS_UTIL_SAMPLE, "pid");
  static final long UTIL_TS = off(PROCESS_UTIL_SAMPLE, "timeStamp");
  static final long UTIL_SM = off(PROCESS_UTIL_SAMPLE, "smUtil");
  static final long UTIL_MEM = off(PROCESS_UTIL_SAMPLE, "memUtil");
  static final long PCI_BUS_ID = off(PCI_INFO, "busId");
  static final long MEM_TOTAL = off(MEMORY, "total");
  static final long MEM_USED = off(MEMORY, "used");

  /** {@code NVML_DEVICE_UUID_V2_BUFFER_SIZE} and {@code NVML_DEVICE_NAME_V2_BUFFER_SIZE}. */
  static final int STRING_BUFFER = 96;
  /** {@code NVML_TEMPERATURE_GPU}. */
  static final int TEMPERATURE_GPU = 0;
  /** {@code NVML_CLOCK_SM}, {@code NVML_CLOCK_MEM}. */
  static final int CLOCK_SM = 1;
  static final int CLOCK_MEM = 2;
  /** {@code NVML_MEMORY_ERROR_TYPE_UNCORRECTED}, {@code NVML_VOLATILE_ECC}. */
  static final int ECC_UNCORRECTED = 1;
  static final int ECC_VOLATILE = 0;
  /** {@code NVML_DEVICE_MIG_ENABLE}. */
  static final int MIG_ENABLE = 1;
  /** {@code NVML_VALUE_NOT_AVAILABLE} as an unsigned int / unsigned long long. */
  static final int NOT_AVAILABLE_INT = -1;
  static final long NOT_AVAILABLE_LONG = -1L;

  private static final FunctionDescriptor DEV_PTR = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);

  /** Every function the binding calls, by symbol name. */
  static final Map<String, FunctionDescriptor> FUNCTIONS = Map.ofEntries(
      Map.entry("nvmlInit_v2", FunctionDescriptor.of(JAVA_INT)),
      Map.entry("nvmlShutdown", FunctionDescriptor.of(JAVA_INT)),
      Map.entry("nvmlDeviceGetCount_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS)),
      Map.entry("nvmlDeviceGetHandleByIndex_v2", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS)),
      Map.entry("nvmlDeviceGetUUID", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT)),
      Map.entry("nvmlDeviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT)),
      Map.entry("nvmlDeviceGetPciInfo_v3", DEV_PTR),
      Map.entry("nvmlDeviceGetMigMode", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS)),
      Map.entry("nvmlDeviceGetUtilizationRates", DEV_PTR),
      Map.entry("nvmlDeviceGetMemoryInfo", DEV_PTR),
      Map.entry("nvmlDeviceGetPowerUsage", DEV_PTR),
      Map.entry("nvmlDeviceGetTotalEnergyConsumption", DEV_PTR),
      Map.entry("nvmlDeviceGetTemperature", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS)),
      Map.entry("nvmlDeviceGetClockInfo", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS)),
      Map.entry("nvmlDeviceGetTotalEccErrors", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS)),
      Map.entry("nvmlDeviceGetComputeRunningProcesses_v3", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS)),
      Map.entry("nvmlDeviceGetGraphicsRunningProcesses_v3", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS)),
      Map.entry("nvmlDeviceGetProcessUtilization",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG)));

  private NvmlLayouts() {}

  private static long off(StructLayout l, String field) {
    return l.byteOffset(MemoryLayout.PathElement.groupElement(field));
  }
}
