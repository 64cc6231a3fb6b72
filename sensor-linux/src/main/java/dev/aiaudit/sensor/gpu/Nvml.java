package dev.aiaudit.sensor.gpu;

import static dev.aiaudit.sensor.gpu.NvmlReturn.ERROR_FUNCTION_NOT_FOUND;
import static dev.aiaudit.sensor.gpu.NvmlReturn.ERROR_INSUFFICIENT_SIZE;
import static dev.aiaudit.sensor.gpu.NvmlReturn.ERROR_NOT_FOUND;
import static dev.aiaudit.sensor.gpu.NvmlReturn.SUCCESS;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * NVML through FFM: downcalls to the functions of {@link NvmlLayouts#FUNCTIONS}, found in a {@link SymbolLookup} (the
 * real {@code libnvidia-ml.so.1}, or {@link NvmlEmulator}'s upcall stubs in tests and benchmarks).
 *
 * <p>Figures a GPU does not support or permit ({@code NOT_SUPPORTED}, {@code NO_PERMISSION}, a function this driver
 * lacks) come back as -1 / {@code null} and are remembered in {@link #unavailable()}; a GPU that fell off the bus
 * ({@code GPU_IS_LOST}, {@code RESET_REQUIRED}) throws {@link NvmlException} so the caller stops asking it. Process
 * lists grow their buffer on {@code INSUFFICIENT_SIZE} (processes start between the size query and the fetch) up to
 * {@link #MAX_PROCESSES}. Scratch memory is allocated once.
 *
 * <p>Not thread-safe: one sampling thread.
 */
@SuppressWarnings("restricted")
public final class Nvml implements AutoCloseable {
  /** The library loaded on a host with the NVIDIA driver. */
  public static final String LIBRARY = "libnvidia-ml.so.1";
  /** Most processes read from one list call (bounded memory whatever NVML reports). */
  public static final int MAX_PROCESSES = 4096;
  private static final int FIRST_CAPACITY = 2;
  private static final int HEADROOM = 4;
  private static final int ATTEMPTS = 4;

  /** A process holding memory on a GPU ({@code nvmlProcessInfo_t}); -1 where NVML has no value. */
  public record ProcessRow(int pid, long usedBytes, int gpuInstanceId, int computeInstanceId) {}

  /** A per-process utilisation sample ({@code nvmlProcessUtilizationSample_t}). */
  public record UtilRow(int pid, long timeStampUs, int smUtil, int memUtil) {}

  private final MethodHandle init, shutdown, count, byIndex, uuid, name, pci, mig, util, memory, power, energy, temp,
      clock, ecc, compute, graphics, procUtil;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment intA = arena.allocate(JAVA_INT);
  private final MemorySegment intB = arena.allocate(JAVA_INT);
  private final MemorySegment longOut = arena.allocate(JAVA_LONG);
  private final MemorySegment ptrOut = arena.allocate(ADDRESS);
  private final MemorySegment str = arena.allocate(NvmlLayouts.STRING_BUFFER);
  private final MemorySegment memOut = arena.allocate(NvmlLayouts.MEMORY);
  private final MemorySegment utilOut = arena.allocate(NvmlLayouts.UTILIZATION);
  private final MemorySegment pciOut = arena.allocate(NvmlLayouts.PCI_INFO);
  private MemorySegment procBuf;
  private int procCap;
  private MemorySegment utilBuf;
  private int utilCap;
  private long bufferGrowths;
  private long truncatedLists;
  private final Map<String, String> unavailable = new TreeMap<>();
  private boolean closed;

  private Nvml(SymbolLookup lookup) {
    Linker linker = Linker.nativeLinker();
    init = find(linker, lookup, "nvmlInit_v2");
    shutdown = find(linker, lookup, "nvmlShutdown");
    count = find(linker, lookup, "nvmlDeviceGetCount_v2");
    byIndex = find(linker, lookup, "nvmlDeviceGetHandleByIndex_v2");
    uuid = find(linker, lookup, "nvmlDeviceGetUUID");
    name = find(linker, lookup, "nvmlDeviceGetName");
    pci = find(linker, lookup, "nvmlDeviceGetPciInfo_v3");
    mig = find(linker, lookup, "nvmlDeviceGetMigMode");
    util = find(linker, lookup, "nvmlDeviceGetUtilizationRates");
    memory = find(linker, lookup, "nvmlDeviceGetMemoryInfo");
    power = find(linker, lookup, "nvmlDeviceGetPowerUsage");
    energy = find(linker, lookup, "nvmlDeviceGetTotalEnergyConsumption");
    temp = find(linker, lookup, "nvmlDeviceGetTemperature");
    clock = find(linker, lookup, "nvmlDeviceGetClockInfo");
    ecc = find(linker, lookup, "nvmlDeviceGetTotalEccErrors");
    compute = find(linker, lookup, "nvmlDeviceGetComputeRunningProcesses_v3");
    graphics = find(linker, lookup, "nvmlDeviceGetGraphicsRunningProcesses_v3");
    procUtil = find(linker, lookup, "nvmlDeviceGetProcessUtilization");
    procCap = FIRST_CAPACITY;
    procBuf = arena.allocate(NvmlLayouts.PROCESS_INFO, procCap);
    utilCap = FIRST_CAPACITY;
    utilBuf = arena.allocate(NvmlLayouts.PROCESS_UTIL_SAMPLE, utilCap);
  }

  /**
   * Binds the functions in {@code lookup} and calls {@code nvmlInit_v2}.
   *
   * @throws NvmlException when a function every NVML has is missing ({@code FUNCTION_NOT_FOUND}) or init fails
   *     (e.g. {@code DRIVER_NOT_LOADED}: the library is installed, the kernel driver is not)
   */
  public static Nvml open(SymbolLookup lookup) throws NvmlException {
    Nvml n = new Nvml(lookup);
    for (String core : List.of("nvmlInit_v2", "nvmlShutdown", "nvmlDeviceGetCount_v2", "nvmlDeviceGetHandleByIndex_v2",
        "nvmlDeviceGetUUID")) {
      if (n.unavailable.containsKey(core)) {
        n.arena.close();
        throw new NvmlException(core, ERROR_FUNCTION_NOT_FOUND);
      }
    }
    int rc = call0(n.init);
    if (rc != SUCCESS) {
      n.arena.close();
      throw new NvmlException("nvmlInit_v2", rc);
    }
    return n;
  }

  /**
   * {@value #LIBRARY} from the dynamic loader's search path, or {@code null} when this host has none (no NVIDIA
   * driver). The library stays loaded for the life of the JVM.
   */
  public static SymbolLookup systemLibrary() {
    try {
      return SymbolLookup.libraryLookup(LIBRARY, Arena.global());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public int deviceCount() throws NvmlException {
    int rc = call(count, intA);
    if (rc != SUCCESS) {
      throw new NvmlException("nvmlDeviceGetCount_v2", rc);
    }
    return intA.get(JAVA_INT, 0);
  }

  /** The device handle of GPU {@code index}. */
  public MemorySegment handle(int index) throws NvmlException {
    int rc;
    try {
      rc = (int) byIndex.invokeExact(index, ptrOut);
    } catch (Throwable t) {
      throw new IllegalStateException("nvmlDeviceGetHandleByIndex_v2 failed", t);
    }
    if (rc != SUCCESS) {
      throw new NvmlException("nvmlDeviceGetHandleByIndex_v2(" + index + ")", rc);
    }
    return ptrOut.get(ADDRESS, 0);
  }

  /** The GPU's UUID; throws when even that is refused (a GPU without a UUID cannot be told apart). */
  public String uuid(MemorySegment dev) throws NvmlException {
    int rc = callStr(uuid, dev);
    if (rc != SUCCESS) {
      throw new NvmlException("nvmlDeviceGetUUID", rc);
    }
    return cString();
  }

  public String name(MemorySegment dev) throws NvmlException {
    return ok("nvmlDeviceGetName", callStr(name, dev)) ? cString() : null;
  }

  public String pciBusId(MemorySegment dev) throws NvmlException {
    if (!ok("nvmlDeviceGetPciInfo_v3", call(pci, dev, pciOut))) {
      return null;
    }
    MemorySegment id = pciOut.asSlice(NvmlLayouts.PCI_BUS_ID, 32);
    id.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 31, (byte) 0); // a library that fills all 32 bytes cannot overrun
    return id.getString(0);
  }

  /** MIG mode: true when enabled; false when disabled or the GPU has no MIG. */
  public boolean migEnabled(MemorySegment dev) throws NvmlException {
    int rc;
    try {
      rc = mig == null ? ERROR_FUNCTION_NOT_FOUND : (int) mig.invokeExact(dev, intA, intB);
    } catch (Throwable t) {
      throw new IllegalStateException("nvmlDeviceGetMigMode failed", t);
    }
    return ok("nvmlDeviceGetMigMode", rc) && intA.get(JAVA_INT, 0) == NvmlLayouts.MIG_ENABLE;
  }

  /** {@code {gpu, memory}} utilisation percent, or {@code null}. */
  public int[] utilization(MemorySegment dev) throws NvmlException {
    if (!ok("nvmlDeviceGetUtilizationRates", call(util, dev, utilOut))) {
      return null;
    }
    return new int[] {utilOut.get(JAVA_INT, 0), utilOut.get(JAVA_INT, 4)};
  }

  /** {@code {used, total}} bytes, or {@code null}. */
  public long[] memory(MemorySegment dev) throws NvmlException {
    if (!ok("nvmlDeviceGetMemoryInfo", call(memory, dev, memOut))) {
      return null;
    }
    return new long[] {memOut.get(JAVA_LONG, NvmlLayouts.MEM_USED), memOut.get(JAVA_LONG, NvmlLayouts.MEM_TOTAL)};
  }

  public long powerMw(MemorySegment dev) throws NvmlException {
    return ok("nvmlDeviceGetPowerUsage", call(power, dev, intA)) ? Integer.toUnsignedLong(intA.get(JAVA_INT, 0)) : -1;
  }

  public long energyMj(MemorySegment dev) throws NvmlException {
    return ok("nvmlDeviceGetTotalEnergyConsumption", call(energy, dev, longOut)) ? longOut.get(JAVA_LONG, 0) : -1;
  }

  public int temperatureC(MemorySegment dev) throws NvmlException {
    return ok("nvmlDeviceGetTemperature", callInt(temp, dev, NvmlLayouts.TEMPERATURE_GPU, intA))
        ? intA.get(JAVA_INT, 0) : -1;
  }

  public int smClockMhz(MemorySegment dev) throws NvmlException {
    return ok("nvmlDeviceGetClockInfo", callInt(clock, dev, NvmlLayouts.CLOCK_SM, intA)) ? intA.get(JAVA_INT, 0) : -1;
  }

  public int memClockMhz(MemorySegment dev) throws NvmlException {
    return ok("nvmlDeviceGetClockInfo", callInt(clock, dev, NvmlLayouts.CLOCK_MEM, intA)) ? intA.get(JAVA_INT, 0) : -1;
  }

  public long eccUncorrected(MemorySegment dev) throws NvmlException {
    int rc;
    try {
      rc = ecc == null ? ERROR_FUNCTION_NOT_FOUND
          : (int) ecc.invokeExact(dev, NvmlLayouts.ECC_UNCORRECTED, NvmlLayouts.ECC_VOLATILE, longOut);
    } catch (Throwable t) {
      throw new IllegalStateException("nvmlDeviceGetTotalEccErrors failed", t);
    }
    return ok("nvmlDeviceGetTotalEccErrors", rc) ? longOut.get(JAVA_LONG, 0) : -1;
  }

  /** Compute ({@code graphics=false}) or graphics processes holding memory on the GPU; empty when not reported. */
  public List<ProcessRow> runningProcesses(MemorySegment dev, boolean graphics) throws NvmlException {
    MethodHandle h = graphics ? this.graphics : compute;
    String fn = graphics ? "nvmlDeviceGetGraphicsRunningProcesses_v3" : "nvmlDeviceGetComputeRunningProcesses_v3";
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      intA.set(JAVA_INT, 0, procCap);
      int rc = h == null ? ERROR_FUNCTION_NOT_FOUND : call3(h, dev, intA, procBuf);
      if (rc == ERROR_INSUFFICIENT_SIZE) {
        growProcesses(intA.get(JAVA_INT, 0));
        continue;
      }
      if (!ok(fn, rc)) {
        return List.of();
      }
      int n = Math.min(intA.get(JAVA_INT, 0), procCap);
      List<ProcessRow> rows = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long base = i * NvmlLayouts.PROCESS_INFO.byteSize();
        rows.add(new ProcessRow(procBuf.get(JAVA_INT, base + NvmlLayouts.PROC_PID),
            procBuf.get(JAVA_LONG, base + NvmlLayouts.PROC_MEM), procBuf.get(JAVA_INT, base + NvmlLayouts.PROC_GI),
            procBuf.get(JAVA_INT, base + NvmlLayouts.PROC_CI)));
      }
      return rows;
    }
    truncatedLists++;
    unavailable.put(fn, "still " + NvmlReturn.name(ERROR_INSUFFICIENT_SIZE) + " after " + ATTEMPTS + " tries (cap "
        + procCap + ")");
    return List.of();
  }

  /**
   * Per-process utilisation samples newer than {@code lastSeenUs} (NVML's CPU timestamp, µs); empty when there are
   * none ({@code NOT_FOUND}) or the GPU does not report them ({@code NOT_SUPPORTED}, e.g. in MIG mode).
   */
  public List<UtilRow> processUtilization(MemorySegment dev, long lastSeenUs) throws NvmlException {
    String fn = "nvmlDeviceGetProcessUtilization";
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      intA.set(JAVA_INT, 0, utilCap);
      int rc;
      try {
        rc = procUtil == null ? ERROR_FUNCTION_NOT_FOUND : (int) procUtil.invokeExact(dev, utilBuf, intA, lastSeenUs);
      } catch (Throwable t) {
        throw new IllegalStateException(fn + " failed", t);
      }
      if (rc == ERROR_INSUFFICIENT_SIZE) {
        growUtil(intA.get(JAVA_INT, 0));
        continue;
      }
      if (rc == ERROR_NOT_FOUND) {
        return List.of();
      }
      if (!ok(fn, rc)) {
        return List.of();
      }
      int n = Math.min(intA.get(JAVA_INT, 0), utilCap);
      List<UtilRow> rows = new ArrayList<>(n);
      long size = NvmlLayouts.PROCESS_UTIL_SAMPLE.byteSize();
      for (int i = 0; i < n; i++) {
        long b = i * size;
        rows.add(new UtilRow(utilBuf.get(JAVA_INT, b + NvmlLayouts.UTIL_PID), utilBuf.get(JAVA_LONG, b + NvmlLayouts.UTIL_TS),
            utilBuf.get(JAVA_INT, b + NvmlLayouts.UTIL_SM), utilBuf.get(JAVA_INT, b + NvmlLayouts.UTIL_MEM)));
      }
      return rows;
    }
    truncatedLists++;
    return List.of();
  }

  /** Figures this NVML did not give, by function: the last reason (e.g. {@code NVML_ERROR_NOT_SUPPORTED (3)}). */
  public Map<String, String> unavailable() {
    return Map.copyOf(unavailable);
  }

  /** Times a list buffer grew after {@code INSUFFICIENT_SIZE}. */
  public long bufferGrowths() {
    return bufferGrowths;
  }

  /** List calls given up after {@link #MAX_PROCESSES} or repeated {@code INSUFFICIENT_SIZE}. */
  public long truncatedLists() {
    return truncatedLists;
  }

  /** {@code nvmlShutdown}, then frees the scratch memory. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    call0(shutdown);
    arena.close();
  }

  private void growProcesses(int need) {
    int cap = Math.min(MAX_PROCESSES, Math.max(need, procCap) + HEADROOM);
    if (cap > procCap) {
      procBuf = arena.allocate(NvmlLayouts.PROCESS_INFO, cap);
      procCap = cap;
      bufferGrowths++;
    }
  }

  private void growUtil(int need) {
    int cap = Math.min(MAX_PROCESSES, Math.max(need, utilCap) + HEADROOM);
    if (cap > utilCap) {
      utilBuf = arena.allocate(NvmlLayouts.PROCESS_UTIL_SAMPLE, cap);
      utilCap = cap;
      bufferGrowths++;
    }
  }

  /** True on success; remembers why not; throws when the GPU is gone. */
  private boolean ok(String fn, int rc) throws NvmlException {
    if (rc == SUCCESS) {
      return true;
    }
    if (NvmlReturn.isGpuGone(rc)) {
      throw new NvmlException(fn, rc);
    }
    unavailable.put(fn, NvmlReturn.name(rc));
    return false;
  }

  private MethodHandle find(Linker linker, SymbolLookup lookup, String symbol) {
    var addr = lookup.find(symbol);
    if (addr.isEmpty()) {
      unavailable.put(symbol, NvmlReturn.name(ERROR_FUNCTION_NOT_FOUND));
      return null;
    }
    return linker.downcallHandle(addr.get(), NvmlLayouts.FUNCTIONS.get(symbol));
  }

  private static int call0(MethodHandle h) {
    try {
      return (int) h.invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException("NVML call failed", t);
    }
  }

  private static int call(MethodHandle h, MemorySegment a) {
    try {
      return (int) h.invokeExact(a);
    } catch (Throwable t) {
      throw new IllegalStateException("NVML call failed", t);
    }
  }

  private static int call(MethodHandle h, MemorySegment dev, MemorySegment out) {
    if (h == null) {
      return ERROR_FUNCTION_NOT_FOUND;
    }
    try {
      return (int) h.invokeExact(dev, out);
    } catch (Throwable t) {
      throw new IllegalStateException("NVML call failed", t);
    }
  }

  private static int call3(MethodHandle h, MemorySegment dev, MemorySegment a, MemorySegment b) {
    try {
      return (int) h.invokeExact(dev, a, b);
    } catch (Throwable t) {
      throw new IllegalStateException("NVML call failed", t);
    }
  }

  private static int callInt(MethodHandle h, MemorySegment dev, int arg, MemorySegment out) {
    if (h == null) {
      return ERROR_FUNCTION_NOT_FOUND;
    }
    try {
      return (int) h.invokeExact(dev, arg, out);
    } catch (Throwable t) {
      throw new IllegalStateException("NVML call failed", t);
    }
  }

  /** The string NVML wrote into {@link #str}, cut at the buffer's end when it did not terminate it. */
  private String cString() {
    str.set(java.lang.foreign.ValueLayout.JAVA_BYTE, NvmlLayouts.STRING_BUFFER - 1, (byte) 0);
    return str.getString(0);
  }

  private int callStr(MethodHandle h, MemorySegment dev) {
    if (h == null) {
      return ERROR_FUNCTION_NOT_FOUND;
    }
    try {
      str.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 0);
      return (int) h.invokeExact(dev, str, NvmlLayouts.STRING_BUFFER);
    } catch (Throwable t) {
      throw new IllegalStateException("NVML call failed", t);
    }
  }
}
