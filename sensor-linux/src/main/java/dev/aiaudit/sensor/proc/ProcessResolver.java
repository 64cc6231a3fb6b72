package dev.aiaudit.sensor.proc;

import dev.aiaudit.model.Attribution;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.sensor.fanotify.internal.LibC;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a pid into a {@link ProcessInfo}. When the JVM's {@link ProcessMonitor} runs (root: the
 * process events connector), its {@link ProcessTable} answers first, after a {@link
 * ProcessMonitor#sync()}, so a process that exited a millisecond after its access still has exe,
 * user, cmdline and container (exact, or inherited from its parent when it never exec'd). Otherwise,
 * and for processes the table does not know (started before the agent), it reads {@code
 * /proc/PID/{stat,status,exe,cmdline,cgroup}}, cached per process. A cache entry is keyed by pid and checked against the process start time
 * (boot time from {@code /proc/stat} {@code btime} plus {@code starttime} ticks from {@code
 * /proc/PID/stat}), re-read at most every {@link #VERIFY_INTERVAL_NS}, so a reused pid is not
 * confused with its predecessor. When the process is gone before it could be read, the pid is kept
 * with what is known and an enrichment miss is counted.
 *
 * <p>Not thread-safe: one instance per enrichment thread.
 */
public final class ProcessResolver {
  /** How long a cache entry is trusted before its start time is checked again. */
  public static final long VERIFY_INTERVAL_NS = 500_000_000L;

  public static final int DEFAULT_MAX_ENTRIES = 8_192;
  private static final int MAX_CMDLINE = 4_096;

  private final Path proc;
  private final long bootTimeNs;
  private final long clockTicks;
  private final UserNames users;
  private final Map<Integer, CacheEntry> cache;
  private final ProcessMonitor monitor;
  private final String noTableReason;
  private long misses;
  private ProcessTable.Entry lastEntry;
  private ProcessInfo lastInfo;
  private final java.util.concurrent.atomic.AtomicLong exact = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong inherited = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong unknown = new java.util.concurrent.atomic.AtomicLong();
  /**
   * Snapshots taken on the kernel-reader thread the first time a pid is seen, so a process that
   * exits before the enrichment thread gets to it (a short {@code cat}) still has its exe, user and
   * container. Bounded: cleared when it grows past {@link #MAX_EARLY}.
   */
  private final java.util.concurrent.ConcurrentHashMap<Integer, ProcessInfo> early = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_EARLY = 16_384;

  public ProcessResolver(Path procRoot, long bootTimeNs, long clockTicks, UserNames users, int maxEntries) {
    this(procRoot, bootTimeNs, clockTicks, users, maxEntries, null, "no process table");
  }

  /** A resolver that consults {@code monitor}'s table first ({@code null}: /proc only, for {@code noTableReason}). */
  public ProcessResolver(Path procRoot, long bootTimeNs, long clockTicks, UserNames users, int maxEntries,
      ProcessMonitor monitor, String noTableReason) {
    this.monitor = monitor;
    this.noTableReason = noTableReason;
    this.proc = procRoot;
    this.bootTimeNs = bootTimeNs;
    this.clockTicks = clockTicks;
    this.users = users;
    this.cache =
        new LinkedHashMap<>(256, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Integer, CacheEntry> eldest) {
            return size() > maxEntries;
          }
        };
  }

  /**
   * A resolver over the real /proc, /etc/passwd and this host's clock tick rate, backed by the JVM's
   * process table ({@link ProcessMonitor#shared()}, started here if it is not running yet) when the
   * kernel allows it.
   */
  public static ProcessResolver system() {
    return system(true);
  }

  /**
   * {@link #system()}, or with {@code withTable=false} /proc only: the unprivileged poller sees only
   * processes alive at its scan, and where it runs (no CAP_SYS_ADMIN, a user namespace) the kernel
   * refuses the process events connector anyway.
   */
  public static ProcessResolver system(boolean withTable) {
    Path proc = Path.of("/proc");
    ProcessMonitor m = withTable ? ProcessMonitor.shared() : null;
    return new ProcessResolver(proc, readBootTimeNs(proc.resolve("stat")), LibC.clockTicksPerSecond(), UserNames.system(),
        DEFAULT_MAX_ENTRIES, m, m == null ? "no process table" + (withTable ? ": " + ProcessMonitor.sharedFailure() : "") : null);
  }

  /** The process table this resolver consults first, or {@code null}. */
  public ProcessMonitor monitor() {
    return monitor;
  }

  /** Resolutions that were exact, inherited from the parent, or unknown (see {@link Attribution}). */
  public long attributed(Attribution a) {
    return switch (a) {
      case EXACT -> exact.get();
      case INHERITED -> inherited.get();
      case UNKNOWN -> unknown.get();
    };
  }

  /** {@code stats} with this resolver's inherited and unknown attribution counts. */
  public dev.aiaudit.sensor.SensorStats addTo(dev.aiaudit.sensor.SensorStats stats) {
    return stats.withAttribution(inherited.get(), unknown.get());
  }

  /** Boot time in ns since the epoch from the {@code btime} line of /proc/stat; 0 when unreadable. */
  public static long readBootTimeNs(Path procStat) {
    try {
      for (String line : Files.readAllLines(procStat)) {
        if (line.startsWith("btime ")) {
          return Long.parseLong(line.substring(6).trim()) * 1_000_000_000L;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0L;
    }
    return 0L;
  }

  /** Start time in ns since the epoch of a process that started {@code ticks} after boot. */
  public long startTimeNs(long ticks) {
    return bootTimeNs + ticks * (1_000_000_000L / clockTicks);
  }

  /** Processes whose /proc entries were gone before they could be read. */
  public long misses() {
    return misses;
  }

  /**
   * Called by the kernel-reader thread for every event's pid: the first time a pid is seen it reads
   * /proc at once (a few small reads, once per process, never per event). Thread-safe.
   */
  public void prime(int pid) {
    if (monitor != null) {
      ProcessTable.Entry e = monitor.table().get(pid);
      if (e == null || e.cmdline() == null) { // rare: the table is behind, or read the exec after the process left
        monitor.prime(pid);
      }
      return;
    }
    if (early.containsKey(pid)) {
      return;
    }
    if (early.size() >= MAX_EARLY) {
      early.clear();
    }
    ProcStat st = readStat(pid);
    if (st != null) {
      early.put(pid, enrich(pid, st));
    }
  }

  /**
   * Strict attribution's fast path: true when the process table, brought up to date, already has everything
   * about the live process {@code pid} (exact exe and user, cmdline), so holding it for /proc adds nothing.
   * Thread-safe.
   */
  public boolean attributedNow(int pid) {
    if (monitor == null) {
      return false;
    }
    monitor.sync();
    ProcessTable.Entry e = monitor.table().get(pid);
    return e != null && e.exitedAtNanos() == 0 && e.cmdline() != null && e.attribution() == Attribution.EXACT;
  }

  /**
   * Strict attribution: called while {@code pid} is held in a permission event (alive, blocked in open), so
   * what /proc says about it is read before it can exit. Thread-safe.
   */
  public void hold(int pid) {
    if (monitor != null) {
      monitor.hold(pid);
    } else {
      prime(pid);
    }
  }

  /**
   * The process behind {@code pid}: from the process table when it knows the pid, else from /proc
   * (cached while its start time still matches). Counts the attribution of every answer.
   */
  public ProcessInfo resolve(int pid) {
    sync();
    return resolveSynced(pid);
  }

  /** Brings the process table up to date with what the kernel has sent (no-op without a table). */
  public void sync() {
    if (monitor != null) {
      monitor.sync();
    }
  }

  /**
   * {@link #resolve} without bringing the table up to date first: for a caller that called {@link #sync()}
   * after the events it resolves were read (once per batch instead of once per event).
   */
  public ProcessInfo resolveSynced(int pid) {
    ProcessInfo info = null;
    if (monitor != null) {
      ProcessTable t = monitor.table();
      ProcessTable.Entry e = t.get(pid);
      if (e != null) {
        if (e != lastEntry) { // entries are immutable and replaced on change: runs of one process reuse the answer
          lastInfo = t.info(e);
          lastEntry = e;
        }
        info = lastInfo;
        if (info.attribution() == Attribution.UNKNOWN && e.exitedAtNanos() == 0) {
          long missesBefore = misses;
          ProcessInfo live = resolveFromProc(pid); // alive: /proc may know more than the table did
          if (live.attribution() == Attribution.EXACT) {
            info = live;
          }
          misses = missesBefore; // the table's answer stands; not a miss of /proc
        }
      }
    }
    if (info == null) {
      info = resolveFromProc(pid);
    }
    switch (info.attribution()) {
      case EXACT -> exact.incrementAndGet();
      case INHERITED -> inherited.incrementAndGet();
      case UNKNOWN -> unknown.incrementAndGet();
    }
    return info;
  }

  private ProcessInfo resolveFromProc(int pid) {
    long now = System.nanoTime();
    CacheEntry e = cache.get(pid);
    if (e != null && now - e.verifiedAtNanos < VERIFY_INTERVAL_NS) {
      return e.info;
    }
    ProcStat st = readStat(pid);
    if (st == null) {
      if (e != null) {
        return e.info; // exited since we last saw it: what we knew is still the best answer
      }
      ProcessInfo snap = early.get(pid);
      if (snap != null) {
        return snap; // exited before enrichment; the reader thread's snapshot is what we know
      }
      misses++;
      return ProcessInfo.unknown(pid).withAttribution(Attribution.UNKNOWN, monitor == null
          ? "exited before /proc/PID could be read (" + noTableReason + ")"
          : "exited before /proc/PID could be read, and the process table has no entry (exited before the agent"
              + " started, or its events were lost)");
    }
    if (e != null && e.startTicks == st.startTicks()) {
      e.verifiedAtNanos = now;
      return e.info;
    }
    ProcessInfo info = enrich(pid, st);
    if (info.exe() == null) {
      misses++;
    }
    cache.put(pid, new CacheEntry(st.startTicks(), info, now));
    return info;
  }

  private ProcessInfo enrich(int pid, ProcStat st) {
    Path dir = proc.resolve(Integer.toString(pid));
    int uid = readUid(dir.resolve("status"));
    String exe = readExe(dir.resolve("exe"));
    String cmdline = readCmdline(dir.resolve("cmdline"));
    CgroupInfo cg = readCgroup(dir.resolve("cgroup"));
    return new ProcessInfo(pid, st.ppid(), uid, users.nameOf(uid), exe, cmdline, startTimeNs(st.startTicks()),
        cg.containerId(), cg.runtime(), cg.podUid());
  }

  /** /proc/PID/stat of a live process, or {@code null} when it is gone. */
  public ProcStat readStat(int pid) {
    try {
      return ProcStat.parse(Files.readString(proc.resolve(Integer.toString(pid)).resolve("stat")));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static int readUid(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("Uid:")) {
          String[] f = line.substring(4).trim().split("\\s+");
          return Integer.parseInt(f[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  private static String readExe(Path exe) {
    try {
      String s = Files.readSymbolicLink(exe).toString();
      return s.endsWith(" (deleted)") ? s.substring(0, s.length() - 10) : s;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Arguments joined by single spaces (NULs become spaces), or {@code null} for kernel threads and gone processes. */
  static String readCmdline(Path cmdline) {
    try {
      byte[] b = Files.readAllBytes(cmdline);
      int n = Math.min(b.length, MAX_CMDLINE);
      while (n > 0 && b[n - 1] == 0) {
        n--;
      }
      if (n == 0) {
        return null;
      }
      for (int i = 0; i < n; i++) {
        if (b[i] == 0) {
          b[i] = ' ';
        }
      }
      return new String(b, 0, n, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static CgroupInfo readCgroup(Path cgroup) {
    try {
      return CgroupInfo.parseFile(Files.readString(cgroup));
    } catch (IOException | RuntimeException e) {
      return CgroupInfo.NONE;
    }
  }

  private static final class CacheEntry {
    final long startTicks;
    final ProcessInfo info;
    long verifiedAtNanos;

    CacheEntry(long startTicks, ProcessInfo info, long verifiedAtNanos) {
      this.startTicks = startTicks;
      this.info = info;
      this.verifiedAtNanos = verifiedAtNanos;
    }
  }
}
