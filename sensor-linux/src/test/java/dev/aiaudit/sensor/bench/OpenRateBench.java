package dev.aiaudit.sensor.bench;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.sensor.Sensor;
import dev.aiaudit.sensor.SensorConfig;
import dev.aiaudit.sensor.SensorStats;
import dev.aiaudit.sensor.fanotify.FanotifySensor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Load driver for the fanotify sensor (run as root).
 *
 * <ul>
 *   <li>{@code loss}: child processes ({@code -Dbench.children}, default 2) open/read 4 KiB/close files under the watched root at
 *       increasing rates; per step it reports achieved opens/s, kernel events read, FAN_Q_OVERFLOWs
 *       and the sensor threads' CPU time per 100k kernel events. The answer is the highest achieved
 *       rate with zero overflow.
 *   <li>{@code overhead}: wall time of {@code dd if=<1 GiB file> bs=1M of=/dev/null} and of one pass
 *       over 20,000 4 KiB files, without and with the sensor watching the root (runs alternate;
 *       median of {@code -Dbench.reps}, default 7).
 * </ul>
 *
 * <p>{@code sensor-linux/bench.sh [loss|overhead|all]}
 */
public final class OpenRateBench {
  private static final int FILES = 20_000;
  private static final double STEP_SECONDS = 3.0;

  private OpenRateBench() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "all";
    Path root = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "/var/tmp")), "ai-audit-bench");
    Path files = Files.createDirectories(root.resolve("files"));
    byte[] block = new byte[4096];
    Arrays.fill(block, (byte) 'x');
    for (int i = 0; i < FILES; i++) {
      Files.write(files.resolve("f" + i), block);
    }
    System.out.printf(Locale.ROOT, "root %s, %d files of 4 KiB, %d CPUs, kernel %s%n", root, FILES,
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.version"));
    try {
      if (mode.equals("loss") || mode.equals("all")) {
        loss(root, files);
      }
      if (mode.equals("overhead") || mode.equals("all")) {
        overhead(root, files);
      }
    } finally {
      new ProcessBuilder("rm", "-rf", root.toString()).inheritIO().start().waitFor();
    }
  }

  // ------------------------------------------------------------------ loss

  private static void loss(Path root, Path files) throws Exception {
    AtomicLong fileEvents = new AtomicLong();
    Consumer<Event> out = e -> {
      if (e instanceof FileEvent) {
        fileEvents.incrementAndGet();
      }
    };
    FanotifySensor sensor = FanotifySensor.create(SensorConfig.builder().addRoot(root).setHost("bench").build(), out);
    sensor.start();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    System.out.println();
    System.out.println("| target opens/s | achieved opens/s | kernel events/s | file events out | overflows"
        + " | reader CPU ms / 100k kernel events (of which kernel) | enrichment CPU ms / 100k kernel events |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
    long best = 0;
    boolean overflowed = false;
    for (long rate : new long[] {5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 40_000, 60_000, 0}) {
      SensorStats s0 = sensor.stats();
      long cpu0 = sensorCpuNs(mx, "reader");
      long cpuE0 = sensorCpuNs(mx, "enrich");
      long out0 = fileEvents.get();
      long sys0 = sensorCpuNs(mx, "reader") - sensorUserNs(mx, "reader");
      String res = runChildren(files, rate, STEP_SECONDS);
      drain(sensor);
      SensorStats s1 = sensor.stats();
      long cpu1 = sensorCpuNs(mx, "reader");
      long cpuE1 = sensorCpuNs(mx, "enrich");
      long sys1 = sensorCpuNs(mx, "reader") - sensorUserNs(mx, "reader");
      long opens = Long.parseLong(res.replaceAll(".*opens=(\\d+).*", "$1").trim());
      double secs = Double.parseDouble(res.replaceAll(".*seconds=([0-9.]+).*", "$1").trim());
      long events = s1.eventsRead() - s0.eventsRead();
      long overflows = s1.overflows() - s0.overflows();
      double achieved = opens / secs;
      System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %d | %d | %.0f (%.0f) | %.0f |%n",
          rate == 0 ? "max" : Long.toString(rate), achieved, events / secs, fileEvents.get() - out0, overflows,
          per100k(cpu1 - cpu0, events), per100k(sys1 - sys0, events), per100k(cpuE1 - cpuE0, events));
      overflowed |= overflows > 0;
      if (!overflowed) {
        best = Math.max(best, (long) achieved);
      }
    }
    System.out.printf(Locale.ROOT, "%nhighest achieved rate before the first overflow: %d opens/s%n", best);
    System.out.println("sensor totals: " + sensor.stats());
    sensor.close();
  }

  private static double per100k(long cpuNs, long events) {
    return events == 0 ? 0.0 : cpuNs / 1e6 / events * 1e5;
  }

  private static long sensorUserNs(ThreadMXBean mx, String which) {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("ai-audit-fanotify-" + which)) {
        sum += Math.max(0, mx.getThreadUserTime(t.threadId()));
      }
    }
    return sum;
  }

  private static long sensorCpuNs(ThreadMXBean mx, String which) {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("ai-audit-fanotify-" + which)) {
        long c = mx.getThreadCpuTime(t.threadId());
        sum += Math.max(0, c);
      }
    }
    return sum;
  }

  private static void drain(Sensor sensor) throws InterruptedException {
    long last = -1;
    for (int i = 0; i < 100; i++) {
      Thread.sleep(200);
      long now = sensor.stats().eventsRead();
      if (now == last) {
        return;
      }
      last = now;
    }
  }

  /** Runs {@code -Dbench.children} (default 2) load children in parallel, each at rate/children; sums their opens. */
  private static String runChildren(Path files, long rate, double seconds) throws IOException, InterruptedException {
    int n = Integer.getInteger("bench.children", 2);
    List<Process> ps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
          System.getProperty("java.class.path"), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", OpenLoad.class.getName(),
          files.toString(), Long.toString(rate / n), Double.toString(seconds), Integer.toString(FILES)));
      ps.add(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }
    long opens = 0;
    double secs = 0;
    for (Process p : ps) {
      String res = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("load child failed: " + res);
      }
      opens += Long.parseLong(res.replaceAll(".*opens=(\\d+).*", "$1").trim());
      secs = Math.max(secs, Double.parseDouble(res.replaceAll(".*seconds=([0-9.]+).*", "$1").trim()));
    }
    return "opens=" + opens + " seconds=" + secs;
  }

  // ------------------------------------------------------------------ overhead

  private static void overhead(Path root, Path files) throws Exception {
    Path big = root.resolve("big.safetensors");
    run("dd", "if=/dev/zero", "of=" + big, "bs=1M", "count=1024", "status=none");
    run("cat", big.toString()); // warm the page cache
    Consumer<Event> out = e -> {};
    String[] dd = {"dd", "if=" + big, "of=/dev/null", "bs=1M", "status=none"};
    String[] many = {ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
        OpenLoad.class.getName(), files.toString(), "0", "0", Integer.toString(FILES)};
    // warm up, then alternate runs without and with the sensor (the host is shared: interleaving
    // spreads the noise of other load over both columns)
    time(dd);
    time(many);
    int reps = Integer.getInteger("bench.reps", 7);
    double[] ddOffs = new double[reps];
    double[] ddOns = new double[reps];
    double[] manyOffs = new double[reps];
    double[] manyOns = new double[reps];
    SensorStats st = SensorStats.ZERO;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[] ddCpu = new double[reps];
    double[] manyCpu = new double[reps];
    for (int i = 0; i < reps; i++) {
      ddOffs[i] = time(dd);
      manyOffs[i] = time(many);
      FanotifySensor sensor = FanotifySensor.create(SensorConfig.builder().addRoot(root).setHost("bench").build(), out);
      sensor.start();
      long c0 = sensorCpuNs(mx, "reader") + sensorCpuNs(mx, "enrich");
      ddOns[i] = time(dd);
      drain(sensor);
      long c1 = sensorCpuNs(mx, "reader") + sensorCpuNs(mx, "enrich");
      manyOns[i] = time(many);
      drain(sensor);
      long c2 = sensorCpuNs(mx, "reader") + sensorCpuNs(mx, "enrich");
      ddCpu[i] = (c1 - c0) / 1e9;
      manyCpu[i] = (c2 - c1) / 1e9;
      st = sensor.stats();
      sensor.close();
    }
    double ddOff = median(ddOffs);
    double ddOn = median(ddOns);
    double manyOff = median(manyOffs);
    double manyOn = median(manyOns);
    System.out.println();
    System.out.println("| workload | without sensor (s) | with sensor (s) | wall overhead | sensor CPU (s, median) | sensor CPU / workload wall |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    System.out.printf(Locale.ROOT, "| dd 1 GiB bs=1M (page cache) | %.3f | %.3f | %+.1f%% | %.4f | %.1f%% |%n", ddOff, ddOn,
        (ddOn / ddOff - 1) * 100, median(ddCpu), median(ddCpu) / ddOff * 100);
    System.out.printf(Locale.ROOT, "| open/read/close 20,000 x 4 KiB (one JVM child, incl. its start) | %.3f | %.3f | %+.1f%% | %.4f | %.1f%% |%n",
        manyOff, manyOn, (manyOn / manyOff - 1) * 100, median(manyCpu), median(manyCpu) / manyOff * 100);
    System.out.println("sensor stats of the last run: " + st);
    System.out.println("raw dd off/on: " + Arrays.toString(ddOffs) + " / " + Arrays.toString(ddOns));
    System.out.println("raw 20k files off/on: " + Arrays.toString(manyOffs) + " / " + Arrays.toString(manyOns));
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }

  private static double time(String... cmd) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    run(cmd);
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("failed: " + String.join(" ", cmd));
    }
  }
}
