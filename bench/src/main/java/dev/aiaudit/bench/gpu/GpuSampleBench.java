package dev.aiaudit.bench.gpu;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.sensor.gpu.GpuSampler;
import dev.aiaudit.sensor.gpu.Nvml;
import dev.aiaudit.sensor.gpu.NvmlEmulator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code java -jar bench/target/benchmarks.jar gpu [ROUNDS]}: one sampling round per GPU, through the NVML emulator's
 * upcall stubs (so the binding, its native memory and the sampler's record building are measured; a real driver's own
 * time per NVML call is not). Every shape runs twice and the second pass is printed (JIT warm). Prints µs of thread CPU time and wall time per GPU per round, NVML calls per GPU per
 * round, and records per hour per GPU at the default 10 s interval. Processes are resolved from a prepared map (the
 * process table's cost is the file sensor's, measured there).
 */
public final class GpuSampleBench {
  private GpuSampleBench() {}

  public static List<String[]> run(int rounds) throws Exception {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"GPUs x processes/GPU", "rounds", "CPU us/GPU/round", "wall us/GPU/round", "NVML calls/GPU/round",
        "records/h/GPU @10s"});
    int[][] shapes = {{1, 0}, {1, 4}, {2, 3}, {8, 4}, {8, 16}};
    for (int[] shape : shapes) {
      shape(shape[0], shape[1], rounds); // a first pass over every shape warms the JIT for all of them
    }
    for (int[] shape : shapes) {
      rows.add(shape(shape[0], shape[1], rounds));
    }
    return rows;
  }

  private static String[] shape(int gpus, int procs, int rounds) throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Integer, ProcessInfo> table = new HashMap<>();
    long[] records = {0};
    Consumer<Event> sink = e -> records[0]++;
    try (NvmlEmulator emu = NvmlEmulator.uniform(gpus, procs); Nvml nvml = Nvml.open(emu.lookup())) {
      GpuSampler s = GpuSampler.create(nvml, "bench", System::nanoTime, pid -> table.computeIfAbsent(pid,
          p -> new ProcessInfo(p, 1, 1000, "bench", "/usr/bin/python3", "python3 train.py", 1L, "c0ffee", "containerd",
              "pod-" + p)), sink);
      for (int i = 0; i < Math.min(rounds, 2_000); i++) {
        s.sampleOnce(); // warm-up: JIT, buffer growth
      }
      long calls0 = emu.calls();
      long rec0 = records[0];
      long cpu0 = mx.getCurrentThreadCpuTime();
      long wall0 = System.nanoTime();
      for (int i = 0; i < rounds; i++) {
        s.sampleOnce();
      }
      long wall = System.nanoTime() - wall0;
      long cpu = mx.getCurrentThreadCpuTime() - cpu0;
      double perGpuRound = (double) rounds * gpus;
      double recPerRoundPerGpu = (records[0] - rec0) / perGpuRound;
      return new String[] {gpus + " x " + procs, Integer.toString(rounds), fmt(cpu / perGpuRound / 1000.0),
          fmt(wall / perGpuRound / 1000.0), fmt((emu.calls() - calls0) / perGpuRound),
          String.format(Locale.ROOT, "%.0f", recPerRoundPerGpu * 360)};
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
