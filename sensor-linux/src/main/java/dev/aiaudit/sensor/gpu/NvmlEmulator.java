package dev.aiaudit.sensor.gpu;

import static dev.aiaudit.sensor.gpu.NvmlReturn.ERROR_GPU_IS_LOST;
import static dev.aiaudit.sensor.gpu.NvmlReturn.ERROR_INSUFFICIENT_SIZE;
import static dev.aiaudit.sensor.gpu.NvmlReturn.ERROR_INVALID_ARGUMENT;
import static dev.aiaudit.sensor.gpu.NvmlReturn.ERROR_NOT_FOUND;
import static dev.aiaudit.sensor.gpu.NvmlReturn.ERROR_NOT_SUPPORTED;
import static dev.aiaudit.sensor.gpu.NvmlReturn.ERROR_UNINITIALIZED;
import static dev.aiaudit.sensor.gpu.NvmlReturn.ERROR_UNKNOWN;
import static dev.aiaudit.sensor.gpu.NvmlReturn.SUCCESS;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An NVML made of FFM upcall stubs, for tests and benchmarks on machines without a GPU: {@link #lookup()} hands
 * {@link Nvml#open} a {@link SymbolLookup} whose functions are Java methods called through native code, so the
 * binding's struct layouts, calling conventions, buffer growth and error handling run through real native memory.
 * It follows nvml.h's contracts: {@code INSUFFICIENT_SIZE} with the needed count when a list does not fit, {@code
 * NOT_SUPPORTED} for utilisation on a MIG-enabled GPU, {@code NOT_FOUND} when no utilisation sample is newer than
 * asked, {@code GPU_IS_LOST} for every call on a GPU that fell off the bus.
 *
 * <p>Never chosen by the agent: only code that asks for it gets it. Thread-safe (the state is behind one lock).
 */
@SuppressWarnings("restricted")
public final class NvmlEmulator implements AutoCloseable {
  private static final long HANDLE_BASE = 0x6e76_6d6c_0000L;

  /** A process on an emulated GPU. */
  public record Proc(int pid, long usedBytes, int gpuInstanceId, int computeInstanceId, int smUtil, int memUtil,
      boolean graphics) {
    /** A compute process outside MIG. */
    public static Proc compute(int pid, long usedBytes, int smUtil) {
      return new Proc(pid, usedBytes, -1, -1, smUtil, smUtil / 3, false);
    }
  }

  /** One emulated GPU; figures set to -1 are reported as {@code NOT_SUPPORTED}. */
  public static final class Gpu {
    final String uuid;
    final String name;
    final String pciBusId;
    final boolean mig;
    final long memTotal;
    int utilGpu;
    int utilMem;
    long powerMw;
    long energyMj;
    int temperature = 45;
    long ecc;
    boolean lost;
    final List<Proc> procs = new ArrayList<>();

    Gpu(String uuid, String name, String pciBusId, boolean mig, long memTotal, int util, long powerMw) {
      this.uuid = uuid;
      this.name = name;
      this.pciBusId = pciBusId;
      this.mig = mig;
      this.memTotal = memTotal;
      this.utilGpu = util;
      this.utilMem = util / 2;
      this.powerMw = powerMw;
      this.energyMj = 1_000_000_000L;
    }
  }

  private final Object lock = new Object();
  private final List<Gpu> gpus = new ArrayList<>();
  private final Arena arena = Arena.ofShared();
  private final Map<String, MemorySegment> stubs = new HashMap<>();
  private final AtomicLong calls = new AtomicLong();
  private long nowUs = 1_700_000_000_000_000L;
  private boolean initialized;

  private NvmlEmulator(List<Gpu> gpus, Set<String> missing) {
    this.gpus.addAll(gpus);
    Linker linker = Linker.nativeLinker();
    MethodHandles.Lookup l = MethodHandles.lookup();
    for (Map.Entry<String, FunctionDescriptor> e : NvmlLayouts.FUNCTIONS.entrySet()) {
      if (missing.contains(e.getKey())) {
        continue;
      }
      try {
        MethodHandle mh = l.findVirtual(NvmlEmulator.class, e.getKey(), e.getValue().toMethodType()).bindTo(this);
        stubs.put(e.getKey(), linker.upcallStub(mh, e.getValue(), arena));
      } catch (ReflectiveOperationException ex) {
        throw new IllegalStateException("emulator lacks " + e.getKey(), ex);
      }
    }
  }

  /**
   * Two H100-like GPUs: GPU 0 with three compute processes ({@code pids}, 38 GiB, 20 GiB and 1 GiB, per-process
   * utilisation reported), GPU 1 in MIG mode with no processes (utilisation {@code NOT_SUPPORTED}, as on real MIG GPUs).
   * The first process-list call on GPU 0 gets {@code INSUFFICIENT_SIZE} with the binding's first buffer.
   */
  public static NvmlEmulator twoH100(int... pids) {
    Gpu g0 = new Gpu("GPU-0a1b2c3d-0000-4000-8000-000000000000", "NVIDIA H100 80GB HBM3", "00000000:17:00.0", false,
        80L << 30, 87, 412_000);
    Gpu g1 = new Gpu("GPU-0a1b2c3d-0000-4000-8000-000000000001", "NVIDIA H100 80GB HBM3", "00000000:65:00.0", true,
        80L << 30, 0, 95_000);
    int[] p = pids.length >= 3 ? pids : new int[] {4001, 4002, 4003};
    g0.procs.add(Proc.compute(p[0], 38L << 30, 60));
    g0.procs.add(Proc.compute(p[1], 20L << 30, 25));
    g0.procs.add(new Proc(p[2], 1L << 30, -1, -1, 0, 0, true));
    return new NvmlEmulator(List.of(g0, g1), Set.of());
  }

  /** {@code n} GPUs, each with {@code procsPerGpu} compute processes (pids from 10000): for benchmarks. */
  public static NvmlEmulator uniform(int n, int procsPerGpu) {
    List<Gpu> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Gpu g = new Gpu(String.format("GPU-00000000-0000-4000-8000-%012d", i), "NVIDIA H100 80GB HBM3",
          String.format("00000000:%02X:00.0", 0x10 + i), false, 80L << 30, 70, 350_000);
      for (int k = 0; k < procsPerGpu; k++) {
        g.procs.add(Proc.compute(10_000 + i * 100 + k, 4L << 30, 10));
      }
      list.add(g);
    }
    return new NvmlEmulator(list, Set.of());
  }

  /** The same GPUs, with {@code symbols} absent from the lookup (an older driver). */
  public static NvmlEmulator withoutFunctions(NvmlEmulator base, Set<String> symbols) {
    return new NvmlEmulator(base.gpus, symbols);
  }

  /** The lookup to hand {@link Nvml#open}. */
  public SymbolLookup lookup() {
    return name -> Optional.ofNullable(stubs.get(name));
  }

  /** GPU {@code index} falls off the bus: every later call on it returns {@code GPU_IS_LOST}. */
  public void loseGpu(int index) {
    synchronized (lock) {
      gpus.get(index).lost = true;
    }
  }

  /** Replaces the processes on GPU {@code index}. */
  public void setProcesses(int index, List<Proc> procs) {
    synchronized (lock) {
      gpus.get(index).procs.clear();
      gpus.get(index).procs.addAll(procs);
    }
  }

  /** Time passes: energy counters grow by power × time, per-process samples get a newer timestamp. */
  public void advance(Duration d) {
    synchronized (lock) {
      nowUs += d.toNanos() / 1000;
      for (Gpu g : gpus) {
        g.energyMj += g.powerMw * d.toMillis() / 1000;
      }
    }
  }

  /** NVML functions called so far. */
  public long calls() {
    return calls.get();
  }

  @Override
  public void close() {
    arena.close();
  }

  // ---- the upcalls: one per NVML function, named after its symbol; they must never throw ----

  int nvmlInit_v2() {
    calls.incrementAndGet();
    synchronized (lock) {
      initialized = true;
    }
    return SUCCESS;
  }

  int nvmlShutdown() {
    calls.incrementAndGet();
    synchronized (lock) {
      initialized = false;
    }
    return SUCCESS;
  }

  int nvmlDeviceGetCount_v2(MemorySegment count) {
    calls.incrementAndGet();
    synchronized (lock) {
      if (!initialized) {
        return ERROR_UNINITIALIZED;
      }
      count.reinterpret(4).set(JAVA_INT, 0, gpus.size());
      return SUCCESS;
    }
  }

  int nvmlDeviceGetHandleByIndex_v2(int index, MemorySegment out) {
    calls.incrementAndGet();
    synchronized (lock) {
      if (index < 0 || index >= gpus.size()) {
        return ERROR_INVALID_ARGUMENT;
      }
      if (gpus.get(index).lost) {
        return ERROR_GPU_IS_LOST;
      }
      out.reinterpret(ADDRESS.byteSize()).set(ADDRESS, 0, MemorySegment.ofAddress(HANDLE_BASE + index));
      return SUCCESS;
    }
  }

  int nvmlDeviceGetUUID(MemorySegment dev, MemorySegment buf, int len) {
    return device(dev, g -> string(buf, len, g.uuid));
  }

  int nvmlDeviceGetName(MemorySegment dev, MemorySegment buf, int len) {
    return device(dev, g -> string(buf, len, g.name));
  }

  int nvmlDeviceGetPciInfo_v3(MemorySegment dev, MemorySegment out) {
    return device(dev, g -> {
      MemorySegment s = out.reinterpret(NvmlLayouts.PCI_INFO.byteSize());
      s.fill((byte) 0);
      byte[] id = g.pciBusId.getBytes(StandardCharsets.US_ASCII);
      MemorySegment.copy(id, 0, s, JAVA_BYTE, NvmlLayouts.PCI_BUS_ID, id.length);
      return SUCCESS;
    });
  }

  int nvmlDeviceGetMigMode(MemorySegment dev, MemorySegment current, MemorySegment pending) {
    return device(dev, g -> {
      current.reinterpret(4).set(JAVA_INT, 0, g.mig ? 1 : 0);
      pending.reinterpret(4).set(JAVA_INT, 0, g.mig ? 1 : 0);
      return SUCCESS;
    });
  }

  int nvmlDeviceGetUtilizationRates(MemorySegment dev, MemorySegment out) {
    return device(dev, g -> {
      if (g.mig) {
        return ERROR_NOT_SUPPORTED;
      }
      MemorySegment s = out.reinterpret(NvmlLayouts.UTILIZATION.byteSize());
      s.set(JAVA_INT, 0, g.utilGpu);
      s.set(JAVA_INT, 4, g.utilMem);
      return SUCCESS;
    });
  }

  int nvmlDeviceGetMemoryInfo(MemorySegment dev, MemorySegment out) {
    return device(dev, g -> {
      long used = 0;
      for (Proc p : g.procs) {
        used += Math.max(0, p.usedBytes());
      }
      MemorySegment s = out.reinterpret(NvmlLayouts.MEMORY.byteSize());
      s.set(JAVA_LONG, NvmlLayouts.MEM_TOTAL, g.memTotal);
      s.set(JAVA_LONG, 8, g.memTotal - used);
      s.set(JAVA_LONG, NvmlLayouts.MEM_USED, used);
      return SUCCESS;
    });
  }

  int nvmlDeviceGetPowerUsage(MemorySegment dev, MemorySegment out) {
    return device(dev, g -> putInt(out, (int) g.powerMw));
  }

  int nvmlDeviceGetTotalEnergyConsumption(MemorySegment dev, MemorySegment out) {
    return device(dev, g -> {
      out.reinterpret(8).set(JAVA_LONG, 0, g.energyMj);
      return SUCCESS;
    });
  }

  int nvmlDeviceGetTemperature(MemorySegment dev, int sensor, MemorySegment out) {
    return device(dev, g -> sensor == NvmlLayouts.TEMPERATURE_GPU ? putInt(out, g.temperature) : ERROR_INVALID_ARGUMENT);
  }

  int nvmlDeviceGetClockInfo(MemorySegment dev, int type, MemorySegment out) {
    return device(dev, g -> type == NvmlLayouts.CLOCK_SM ? putInt(out, 1980)
        : type == NvmlLayouts.CLOCK_MEM ? putInt(out, 2619) : ERROR_INVALID_ARGUMENT);
  }

  int nvmlDeviceGetTotalEccErrors(MemorySegment dev, int errorType, int counterType, MemorySegment out) {
    return device(dev, g -> {
      out.reinterpret(8).set(JAVA_LONG, 0, g.ecc);
      return SUCCESS;
    });
  }

  int nvmlDeviceGetComputeRunningProcesses_v3(MemorySegment dev, MemorySegment count, MemorySegment infos) {
    return device(dev, g -> processes(g, false, count, infos));
  }

  int nvmlDeviceGetGraphicsRunningProcesses_v3(MemorySegment dev, MemorySegment count, MemorySegment infos) {
    return device(dev, g -> processes(g, true, count, infos));
  }

  int nvmlDeviceGetProcessUtilization(MemorySegment dev, MemorySegment samples, MemorySegment count, long lastSeen) {
    return device(dev, g -> {
      if (g.mig) {
        return ERROR_NOT_SUPPORTED;
      }
      if (nowUs <= lastSeen) {
        return ERROR_NOT_FOUND;
      }
      MemorySegment c = count.reinterpret(4);
      int n = g.procs.size();
      if (samples.equals(MemorySegment.NULL) || c.get(JAVA_INT, 0) < n) {
        c.set(JAVA_INT, 0, n);
        return ERROR_INSUFFICIENT_SIZE;
      }
      long size = NvmlLayouts.PROCESS_UTIL_SAMPLE.byteSize();
      MemorySegment s = samples.reinterpret(size * n);
      for (int i = 0; i < n; i++) {
        Proc p = g.procs.get(i);
        long b = i * size;
        s.set(JAVA_INT, b + NvmlLayouts.UTIL_PID, p.pid());
        s.set(JAVA_LONG, b + NvmlLayouts.UTIL_TS, nowUs);
        s.set(JAVA_INT, b + NvmlLayouts.UTIL_SM, p.smUtil());
        s.set(JAVA_INT, b + NvmlLayouts.UTIL_MEM, p.memUtil());
        s.set(JAVA_INT, b + NvmlLayouts.UTIL_SM + 8, 0);
        s.set(JAVA_INT, b + NvmlLayouts.UTIL_SM + 12, 0);
      }
      c.set(JAVA_INT, 0, n);
      return SUCCESS;
    });
  }

  private int processes(Gpu g, boolean graphics, MemorySegment count, MemorySegment infos) {
    List<Proc> list = g.procs.stream().filter(p -> p.graphics() == graphics).toList();
    MemorySegment c = count.reinterpret(4);
    int cap = c.get(JAVA_INT, 0);
    c.set(JAVA_INT, 0, list.size());
    if (cap < list.size()) {
      return ERROR_INSUFFICIENT_SIZE;
    }
    long size = NvmlLayouts.PROCESS_INFO.byteSize();
    MemorySegment s = infos.reinterpret(size * Math.max(1, list.size()));
    for (int i = 0; i < list.size(); i++) {
      Proc p = list.get(i);
      long b = i * size;
      s.set(JAVA_INT, b + NvmlLayouts.PROC_PID, p.pid());
      s.set(JAVA_INT, b + 4, 0xdead); // padding: the binding must not read it
      s.set(JAVA_LONG, b + NvmlLayouts.PROC_MEM, p.usedBytes());
      s.set(JAVA_INT, b + NvmlLayouts.PROC_GI, g.mig ? p.gpuInstanceId() : NvmlLayouts.NOT_AVAILABLE_INT);
      s.set(JAVA_INT, b + NvmlLayouts.PROC_CI, g.mig ? p.computeInstanceId() : NvmlLayouts.NOT_AVAILABLE_INT);
    }
    return SUCCESS;
  }

  private interface DeviceCall {
    int apply(Gpu g);
  }

  private int device(MemorySegment dev, DeviceCall call) {
    calls.incrementAndGet();
    try {
      synchronized (lock) {
        if (!initialized) {
          return ERROR_UNINITIALIZED;
        }
        long i = dev.address() - HANDLE_BASE;
        if (i < 0 || i >= gpus.size()) {
          return ERROR_INVALID_ARGUMENT;
        }
        Gpu g = gpus.get((int) i);
        return g.lost ? ERROR_GPU_IS_LOST : call.apply(g);
      }
    } catch (RuntimeException e) {
      return ERROR_UNKNOWN; // an upcall must not throw: the JVM would exit
    }
  }

  private static int string(MemorySegment buf, int len, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (len < b.length + 1) {
      return ERROR_INSUFFICIENT_SIZE;
    }
    MemorySegment out = buf.reinterpret(len);
    MemorySegment.copy(b, 0, out, JAVA_BYTE, 0, b.length);
    out.set(JAVA_BYTE, b.length, (byte) 0);
    return SUCCESS;
  }

  private static int putInt(MemorySegment out, int v) {
    out.reinterpret(4).set(JAVA_INT, 0, v);
    return SUCCESS;
  }
}
