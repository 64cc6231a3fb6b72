package dev.aiaudit.sensor.bench;

import dev.aiaudit.model.Attribution;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.ProcessEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.sensor.SensorConfig;
import dev.aiaudit.sensor.proc.LaunchScope;
import dev.aiaudit.sensor.proc.ProcessLaunchSensor;
import dev.aiaudit.sensor.proc.ProcessMonitor;
import dev.aiaudit.sensor.proc.ProcessTable;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Execs/s the process table and launch records keep up with (run as root): {@code -Dbench.loops}
 * shells (default 2) each exec {@code /bin/true} as fast as they can for {@code -Dbench.seconds}
 * (default 10). Every exec of theirs must come back as launch counts (coalesced records) with the
 * exe known; reports execs/s, records, launches counted, exe unknown, process-event losses (ENOBUFS,
 * exec-watcher overflows) and the monitor thread's CPU per 1000 execs.
 *
 * <p>{@code sensor-linux/bench.sh exec}
 */
public final class ExecRateBench {
  private ExecRateBench() {}

  public static void main(String[] args) throws Exception {
    int loops = Integer.getInteger("bench.loops", 2);
    int seconds = Integer.getInteger("bench.seconds", 10);
    Set<Integer> shells = ConcurrentHashMap.newKeySet();
    AtomicLong counted = new AtomicLong();
    AtomicLong records = new AtomicLong();
    AtomicLong unknownExe = new AtomicLong();
    AtomicLong lost = new AtomicLong();
    AtomicLong countedTrue = new AtomicLong();
    String trueExe = Path.of("/bin/true").toRealPath().toString();
    ProcessMonitor monitor = ProcessMonitor.start(ProcessTable.DEFAULT_GRACE_NANOS, ProcessTable.DEFAULT_MAX_ENTRIES);
    SensorConfig cfg = SensorConfig.builder().addRoot(Path.of("/tmp")).setHost("bench").build();
    ProcessLaunchSensor sensor = ProcessLaunchSensor.create(cfg, (Event e) -> {
      if (e instanceof ProcessEvent p && shells.contains(p.process().ppid())) {
        records.incrementAndGet();
        counted.addAndGet(p.count());
        if (trueExe.equals(p.process().exe())) {
          countedTrue.addAndGet(p.count());
        }
        if (p.process().exe() == null || p.process().attribution() != Attribution.EXACT) {
          unknownExe.addAndGet(p.count());
        }
      } else if (e instanceof SensorEvent s && s.kind() == SensorEvent.Kind.PROCESS_EVENTS_LOST) {
        lost.addAndGet(s.count());
      }
    }, LaunchScope.ALL, Duration.ofSeconds(1), monitor);
    sensor.start();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long cpu0 = monitorCpu(mx);
    String script = "end=$(( $(date +%s) + " + seconds + " )); n=0; while [ $(date +%s) -lt $end ]; do"
        + " for i in 1 2 3 4 5 6 7 8 9 10; do /bin/true; done; n=$((n+10)); done; echo $n";
    // $(date) forks a subshell that execs date: those launches are counted under the shell too
    List<Process> ps = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < loops; i++) {
      Process p = new ProcessBuilder("/bin/sh", "-c", script).start();
      shells.add((int) p.pid());
      ps.add(p);
    }
    long trues = 0;
    for (Process p : ps) {
      trues += Long.parseLong(new String(p.getInputStream().readAllBytes()).trim());
      p.waitFor(seconds + 30L, TimeUnit.SECONDS);
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    Thread.sleep(2_000); // past the coalescing window
    sensor.close();
    long cpu = monitorCpu(mx) - cpu0;
    String table = monitor.table().counters();
    long allExecs = monitor.table().execs();
    monitor.close();
    System.out.printf(Locale.ROOT, "%d shells x %d s: %d execs of /bin/true in %.1f s = %.0f execs/s (all execs under"
            + " the shells, date(1) included: %.0f/s); %d launch records; /bin/true launches counted %d (%s), exe unknown %d,"
            + " process-event losses %d, connector ENOBUFS %d, exec watcher overflows %d, monitor CPU %.1f ms per 1000 execs host-wide (%d execs); table: %s%n",
        loops, seconds, trues, elapsed, trues / elapsed, counted.get() / elapsed, records.get(), countedTrue.get(),
        countedTrue.get() == trues ? "none missing" : (trues - countedTrue.get()) + " MISSING", unknownExe.get(),
        lost.get(), monitor.connectorOverruns(), monitor.execOverflows(),
        cpu / 1e6 / Math.max(1, allExecs) * 1000, allExecs, table);
  }

  private static long monitorCpu(ThreadMXBean mx) {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("ai-audit-proc-events")) {
        sum += mx.getThreadCpuTime(t.threadId());
      }
    }
    return sum;
  }
}
