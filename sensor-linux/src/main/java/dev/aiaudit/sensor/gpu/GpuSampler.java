package dev.aiaudit.sensor.gpu;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.GpuDevice;
import dev.aiaudit.model.GpuEvent;
import dev.aiaudit.model.GpuMetrics;
import dev.aiaudit.model.GpuProcessUsage;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.SensorEvent;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * One sampling round over every GPU: a {@link GpuEvent.Kind#DEVICE} record per GPU, a {@link GpuEvent.Kind#PROCESS}
 * record per process holding memory on it (attributed through {@code resolver}, the process information file events
 * use), and a {@link GpuEvent.Kind#SESSION} record when a process leaves a GPU.
 *
 * <p>The GPU's energy over the interval (the counter's delta, or power × time without a counter) is shared among its
 * processes by their SM utilisation when NVML reports it, else by the memory they hold, else evenly. A GPU that falls
 * off the bus is reported once ({@link SensorEvent.Kind#GPU_LOST}), its sessions end with {@code gpu_lost}, and it is
 * not asked again. Not thread-safe: one sampling thread.
 */
public final class GpuSampler {
  /** {@code metadata.log_provider} of the records. */
  public static final String SOURCE = "nvml";

  private final Nvml nvml;
  private final String host;
  private final EventClock clock;
  private final IntFunction<ProcessInfo> resolver;
  private final Consumer<Event> out;
  private final List<Gpu> gpus = new ArrayList<>();
  private long rounds;
  private long records;

  private static final class Gpu {
    final MemorySegment handle;
    final GpuDevice device;
    final GpuSessions sessions;
    boolean lost;
    long lastNs;
    long lastEnergyMj = -1;
    long lastUtilUs;

    Gpu(MemorySegment handle, GpuDevice device, String host) {
      this.handle = handle;
      this.device = device;
      this.sessions = new GpuSessions(device, host);
    }
  }

  private record Merged(int pid, long usedBytes, int gi, int ci, String type) {}

  private GpuSampler(Nvml nvml, String host, EventClock clock, IntFunction<ProcessInfo> resolver, Consumer<Event> out) {
    this.nvml = nvml;
    this.host = host;
    this.clock = clock;
    this.resolver = resolver;
    this.out = out;
  }

  /**
   * Enumerates the GPUs (UUID, name, PCI bus id, MIG mode). A GPU lost already is reported and left out.
   *
   * @throws NvmlException when NVML cannot count its GPUs
   */
  public static GpuSampler create(Nvml nvml, String host, EventClock clock, IntFunction<ProcessInfo> resolver,
      Consumer<Event> out) throws NvmlException {
    GpuSampler s = new GpuSampler(nvml, host, clock, resolver, out);
    int n = nvml.deviceCount();
    for (int i = 0; i < n; i++) {
      try {
        MemorySegment h = nvml.handle(i);
        GpuDevice d = new GpuDevice(i, nvml.uuid(h), nvml.name(h), nvml.pciBusId(h), nvml.migEnabled(h));
        s.gpus.add(new Gpu(h, d, host));
      } catch (NvmlException e) {
        s.emit(new SensorEvent(clock.nowNs(), host, SensorEvent.Kind.GPU_LOST, 1,
            "GPU " + i + " cannot be read: " + e.getMessage() + "; no telemetry for it"));
      }
    }
    return s;
  }

  /** The GPUs found at start (lost ones included). */
  public List<GpuDevice> devices() {
    return gpus.stream().map(g -> g.device).toList();
  }

  /** Samples every GPU still on the bus once; returns the records emitted. */
  public int sampleOnce() {
    long before = records;
    for (Gpu g : gpus) {
      if (!g.lost) {
        sample(g, clock.nowNs());
      }
    }
    rounds++;
    return (int) (records - before);
  }

  /** Ends every open session ({@code agent_stopped}); call once, when sampling stops. */
  public void finish() {
    for (Gpu g : gpus) {
      g.sessions.endAll("agent_stopped", SOURCE).forEach(this::emit);
    }
  }

  public long rounds() {
    return rounds;
  }

  public long records() {
    return records;
  }

  /** GPUs lost since start. */
  public long lostGpus() {
    return gpus.stream().filter(g -> g.lost).count();
  }

  private void sample(Gpu g, long now) {
    MemorySegment h = g.handle;
    GpuMetrics metrics;
    List<Nvml.ProcessRow> compute;
    List<Nvml.ProcessRow> graphics;
    List<Nvml.UtilRow> utils;
    long interval = g.lastNs == 0 ? 0 : Math.max(0, now - g.lastNs);
    try {
      int[] util = nvml.utilization(h);
      long[] mem = nvml.memory(h);
      long power = nvml.powerMw(h);
      long energy = nvml.energyMj(h);
      long energyInterval = energyOver(g, energy, power, interval);
      metrics = new GpuMetrics(util == null ? -1 : util[0], util == null ? -1 : util[1], mem == null ? -1 : mem[0],
          mem == null ? -1 : mem[1], power, energy, nvml.temperatureC(h), nvml.smClockMhz(h), nvml.memClockMhz(h),
          nvml.eccUncorrected(h), energyInterval, interval);
      compute = nvml.runningProcesses(h, false);
      graphics = nvml.runningProcesses(h, true);
      utils = nvml.processUtilization(h, g.lastUtilUs);
      g.lastEnergyMj = energy;
    } catch (NvmlException e) {
      lose(g, now, e);
      return;
    }
    g.lastNs = now;
    emit(GpuEvent.device(now, host, g.device, metrics, SOURCE));
    Map<Integer, Nvml.UtilRow> util = latestByPid(g, utils);
    Map<Integer, Merged> procs = merge(compute, graphics);
    double[] weights = weights(procs, util);
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    Set<String> seen = new HashSet<>();
    int i = 0;
    for (Merged m : procs.values()) {
      Nvml.UtilRow u = util.get(m.pid());
      long share = metrics.energyIntervalMj() < 0 || total <= 0 ? -1
          : Math.round(metrics.energyIntervalMj() * weights[i] / total);
      GpuProcessUsage usage = new GpuProcessUsage(m.usedBytes(), m.gi(), m.ci(), u == null ? -1 : u.smUtil(),
          u == null ? -1 : u.memUtil(), m.type(), interval, share);
      ProcessInfo p = resolver.apply(m.pid());
      seen.add(g.sessions.observe(p, now, usage));
      emit(GpuEvent.process(now, host, g.device, p, usage, SOURCE));
      i++;
    }
    g.sessions.endMissing(seen, SOURCE).forEach(this::emit);
  }

  private static long energyOver(Gpu g, long energy, long power, long intervalNs) {
    if (energy >= 0 && g.lastEnergyMj >= 0 && energy >= g.lastEnergyMj) {
      return energy - g.lastEnergyMj;
    }
    if (power >= 0 && intervalNs > 0 && !(energy >= 0 && g.lastEnergyMj < 0)) {
      return Math.round(power * (intervalNs / 1e9));
    }
    return -1; // the first sample of a GPU with an energy counter, or neither counter nor power
  }

  private static Map<Integer, Nvml.UtilRow> latestByPid(Gpu g, List<Nvml.UtilRow> rows) {
    Map<Integer, Nvml.UtilRow> m = new HashMap<>();
    for (Nvml.UtilRow r : rows) {
      Nvml.UtilRow prev = m.get(r.pid());
      if (prev == null || r.timeStampUs() > prev.timeStampUs()) {
        m.put(r.pid(), r);
      }
      g.lastUtilUs = Math.max(g.lastUtilUs, r.timeStampUs());
    }
    return m;
  }

  /** One entry per pid: a process in both lists is {@code compute+graphics} with the larger memory figure. */
  private static Map<Integer, Merged> merge(List<Nvml.ProcessRow> compute, List<Nvml.ProcessRow> graphics) {
    Map<Integer, Merged> m = new LinkedHashMap<>();
    for (Nvml.ProcessRow r : compute) {
      m.put(r.pid(), new Merged(r.pid(), r.usedBytes(), r.gpuInstanceId(), r.computeInstanceId(), "compute"));
    }
    for (Nvml.ProcessRow r : graphics) {
      Merged c = m.get(r.pid());
      m.put(r.pid(), c == null
          ? new Merged(r.pid(), r.usedBytes(), r.gpuInstanceId(), r.computeInstanceId(), "graphics")
          : new Merged(r.pid(), Math.max(c.usedBytes(), r.usedBytes()), c.gi(), c.ci(), "compute+graphics"));
    }
    return m;
  }

  /** SM utilisation when any process has some, else memory held, else 1 each. */
  private static double[] weights(Map<Integer, Merged> procs, Map<Integer, Nvml.UtilRow> util) {
    double[] sm = new double[procs.size()];
    double[] mem = new double[procs.size()];
    boolean anySm = false;
    boolean anyMem = false;
    int i = 0;
    for (Merged m : procs.values()) {
      Nvml.UtilRow u = util.get(m.pid());
      sm[i] = u == null ? 0 : Math.max(0, u.smUtil());
      mem[i] = Math.max(0, m.usedBytes());
      anySm |= sm[i] > 0;
      anyMem |= mem[i] > 0;
      i++;
    }
    if (anySm) {
      return sm;
    }
    if (anyMem) {
      return mem;
    }
    double[] even = new double[procs.size()];
    java.util.Arrays.fill(even, 1);
    return even;
  }

  private void lose(Gpu g, long now, NvmlException e) {
    g.lost = true;
    int open = g.sessions.size();
    emit(new SensorEvent(now, host, SensorEvent.Kind.GPU_LOST, 1, "GPU " + g.device.index() + " " + g.device.uuid()
        + (g.device.name() == null ? "" : " (" + g.device.name() + ")") + " lost: " + e.getMessage()
        + "; its telemetry stops and " + open + " process session(s) on it end"));
    g.sessions.endAll("gpu_lost", SOURCE).forEach(this::emit);
  }

  private void emit(Event e) {
    records++;
    out.accept(e);
  }
}
