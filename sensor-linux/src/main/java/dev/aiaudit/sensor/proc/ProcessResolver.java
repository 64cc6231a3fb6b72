package dev.aiaudit.sensor.proc;

import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.sensor.fanotify.internal.LibC;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a pid into a {@link ProcessInfo} from {@code /proc/PID/{stat,status,exe,cmdline,cgroup}},
 * cached per process. A cache entry is keyed by pid and checked against the process start time
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
  private long misses;
  /**
   * Snapshots taken on the kernel-reader thread the first time a pid is seen, so a process that
   * exits before the enrichment thread gets to it (a short {@code cat}) still has its exe, user and
   * container. Bounded: cleared when it grows past {@link #MAX_EARLY}.
   */
  private final java.util.concurrent.ConcurrentHashMap<Integer, ProcessInfo> early = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_EARLY = 16_384;

  public ProcessResolver(Path procRoot, long bootTimeNs, long clockTicks, UserNames users, int maxEntries) {
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

  /** A resolver over the real /proc, /etc/passwd and this host's clock tick rate. */
  public static ProcessResolver system() {
    Path proc = Path.of("/proc");
    return new ProcessResolver(proc, readBootTimeNs(proc.resolve("stat")), LibC.clockTicksPerSecond(), UserNames.system(),
        DEFAULT_MAX_ENTRIES);
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

  /** The process behind {@code pid}, from the cache when its start time still matches. */
  public ProcessInfo resolve(int pid) {
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
      return ProcessInfo.unknown(pid);
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

  private static CgroupInfo readCgroup(Path cgroup) {
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
