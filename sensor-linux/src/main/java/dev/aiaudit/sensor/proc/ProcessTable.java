package dev.aiaudit.sensor.proc;

import dev.aiaudit.model.Attribution;
import dev.aiaudit.model.ProcessInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every process of the host, kept current from the kernel's process events ({@link ProcEvent}) and
 * exec opens ({@link ExecWatcher}), so that a record can name a process that has already exited.
 *
 * <ul>
 *   <li><b>fork</b>: the child gets a copy of its parent's entry (uid, exe, cmdline, container, pod),
 *       marked {@link Attribution#INHERITED}; the parent is read from /proc if not known yet;
 *   <li><b>exec</b>: /proc/PID/{exe,cmdline,status,cgroup,cwd,stat} are read at once; the executable
 *       is the one the kernel opened for the exec ({@link ExecWatcher}, race-free) or else
 *       /proc/PID/exe; {@link Attribution#EXACT} when one of them named it, else {@link
 *       Attribution#UNKNOWN} with the reason (never the parent's image);
 *   <li><b>uid</b>: setuid(2) and friends update the real uid;
 *   <li><b>exit</b>: the entry is kept for the grace period, then evicted by {@link #sweep(long)}.
 * </ul>
 *
 * <p>Threads (pid != tgid) are not entries. The table is bounded ({@code maxEntries}): past it, the
 * entries exited longest ago go first, then live ones (read from /proc again when seen); every
 * eviction before the grace period ended is counted.
 *
 * <p>Writes come from one thread at a time (the {@link ProcessMonitor}'s lock); reads from any thread.
 */
public final class ProcessTable {
  public static final long DEFAULT_GRACE_NANOS = 30_000_000_000L;
  /** Bound on entries: with cmdlines capped at 4 KiB, at most ~128 MiB in the worst case, typically a few MiB. */
  public static final int DEFAULT_MAX_ENTRIES = 32_768;
  private static final int MAX_PENDING_EXEC_PIDS = 8_192;
  static final String REASON_FORKED = "forked by pid %d and not exec'd since: exe, user and container are the parent's";
  static final String REASON_EXEC_UNREAD =
      "exited before its exec could be read (no /proc/PID/exe and no FAN_OPEN_EXEC event for it)";

  /**
   * One process.
   *
   * @param startTicks start time after boot in clock ticks (as /proc/PID/stat counts it)
   * @param exitedAtNanos {@link System#nanoTime()} of its exit event, or 0 while it lives
   */
  public record Entry(int pid, int ppid, long startTicks, int uid, String exe, String cmdline, String cwd,
      CgroupInfo cgroup, Attribution attribution, String reason, long exitedAtNanos) {

    Entry exited(long nanos) {
      return new Entry(pid, ppid, startTicks, uid, exe, cmdline, cwd, cgroup, attribution, reason, nanos == 0 ? 1 : nanos);
    }
  }

  private final Path proc;
  private final UserNames users;
  private final long bootTimeNs;
  private final long tickNanos;
  private final long graceNanos;
  private final int maxEntries;
  private final ConcurrentHashMap<Integer, Entry> entries = new ConcurrentHashMap<>();
  /** FAN_OPEN_EXEC paths per pid not yet matched to an exec event (writer thread only). */
  private final Map<Integer, List<String>> execOpens = new HashMap<>();
  final AtomicLong forks = new AtomicLong();
  final AtomicLong execs = new AtomicLong();
  final AtomicLong execsExeFromOpen = new AtomicLong();
  final AtomicLong execsExeUnknown = new AtomicLong();
  final AtomicLong exits = new AtomicLong();
  final AtomicLong evictions = new AtomicLong();
  final AtomicLong earlyEvictions = new AtomicLong();

  public ProcessTable(Path procRoot, UserNames users, long bootTimeNs, long clockTicks, long graceNanos, int maxEntries) {
    this.proc = procRoot;
    this.users = users;
    this.bootTimeNs = bootTimeNs;
    this.tickNanos = 1_000_000_000L / clockTicks;
    this.graceNanos = graceNanos;
    this.maxEntries = maxEntries;
  }

  /** Counters since start, for logs and benchmarks. */
  public String counters() {
    return "entries " + entries.size() + ", forks " + forks.get() + ", execs " + execs.get() + " (exe only from FAN_OPEN_EXEC "
        + execsExeFromOpen.get() + ", exe unknown " + execsExeUnknown.get() + "), exits " + exits.get() + ", evicted "
        + evictions.get() + " after the grace period, " + earlyEvictions.get() + " before it (table full)";
  }

  /** Execs applied since start (every process on the host). */
  public long execs() {
    return execs.get();
  }

  /** The entry of {@code pid} (alive, or exited within the grace period), or {@code null}. */
  public Entry get(int pid) {
    return entries.get(pid);
  }

  public int size() {
    return entries.size();
  }

  /** The record form of an entry. */
  public ProcessInfo info(Entry e) {
    CgroupInfo cg = e.cgroup();
    return new ProcessInfo(e.pid(), e.ppid(), e.uid(), users.nameOf(e.uid()), e.exe(), e.cmdline(),
        e.startTicks() <= 0 ? 0L : bootTimeNs + e.startTicks() * tickNanos, cg.containerId(), cg.runtime(), cg.podUid(),
        e.attribution(), e.reason());
  }

  /** The entry of {@code pid}, read from /proc and added when the table does not know it yet; {@code null} when gone. */
  public Entry getOrRead(int pid) {
    Entry e = entries.get(pid);
    if (e != null) {
      return e;
    }
    e = readProc(pid, null);
    if (e != null) {
      put(e);
    }
    return e;
  }

  /** A process read from its own /proc entries; {@code null} when its stat is gone. */
  Entry readProc(int pid, Entry inherited) {
    Path dir = proc.resolve(Integer.toString(pid));
    ProcStat st = ProcFiles.readStat(dir);
    if (st == null) {
      return null;
    }
    int uid = ProcFiles.readUid(dir);
    String exe = ProcFiles.readExe(dir);
    CgroupInfo cg = ProcFiles.readCgroup(dir);
    if (inherited != null) {
      uid = uid >= 0 ? uid : inherited.uid();
      cg = cg == CgroupInfo.NONE ? inherited.cgroup() : cg;
    }
    Attribution a = exe != null && uid >= 0 ? Attribution.EXACT : Attribution.UNKNOWN;
    String why = a == Attribution.EXACT ? null : exe == null ? "no /proc/PID/exe (kernel thread, or exiting)" : "uid unreadable";
    return new Entry(pid, st.ppid(), st.startTicks(), uid, exe, ProcFiles.readCmdline(dir), ProcFiles.readCwd(dir), cg, a,
        why, 0);
  }

  void onFork(ProcEvent e) {
    if (!e.isProcess()) {
      return; // a new thread of an existing process
    }
    forks.incrementAndGet();
    int child = e.tgid();
    int parentPid = e.parentTgid();
    Entry parent = getOrRead(parentPid);
    // the event's CLOCK_MONOTONIC time is the child's start (boot-time ticks as /proc counts them, on a host
    // that has not been suspended); no read of the child's stat per fork
    long start = e.timestampNs() / tickNanos;
    if (parent == null) {
      Entry self = readProc(child, null);
      put(self != null ? self : new Entry(child, parentPid, start, -1, null, null, null, CgroupInfo.NONE,
          Attribution.UNKNOWN, "parent pid " + parentPid + " and child both exited before they could be read", 0));
      return;
    }
    put(new Entry(child, parentPid, start, parent.uid(), parent.exe(), parent.cmdline(), parent.cwd(), parent.cgroup(),
        parent.exe() == null ? Attribution.UNKNOWN : Attribution.INHERITED,
        parent.exe() == null ? "parent pid " + parentPid + " unattributed: " + parent.reason()
            : String.format(REASON_FORKED, parentPid), 0));
  }

  /** Applies an exec (of any thread: after exec it leads its thread group) and returns the process's new entry. */
  Entry onExec(ProcEvent e) {
    execs.incrementAndGet();
    int pid = e.tgid();
    Entry before = entries.get(pid);
    String openExe = chooseExe(takeOneExec(pid));
    Path dir = proc.resolve(Integer.toString(pid));
    // a process known from its fork keeps its parent, start time and real uid across exec (setuid(2) and
    // friends arrive as uid events): only what exec changes is read
    boolean known = before != null && before.uid() >= 0;
    ProcStat st = known ? null : ProcFiles.readStat(dir);
    String procExe = openExe != null ? null : ProcFiles.readExe(dir);
    String cmdline = ProcFiles.readCmdline(dir);
    String cwd = ProcFiles.readCwd(dir);
    int uid = known ? before.uid() : ProcFiles.readUid(dir);
    CgroupInfo cg = ProcFiles.readCgroup(dir);
    if (uid < 0 && before != null) {
      uid = before.uid();
    }
    if (cg == CgroupInfo.NONE && before != null && cmdline == null && cwd == null) {
      cg = before.cgroup(); // gone: the cgroup it was forked into
    }
    String exe = openExe != null ? openExe : procExe;
    if (openExe != null && cmdline == null) {
      execsExeFromOpen.incrementAndGet(); // gone before /proc could be read: only the exec open named it
    }
    Attribution a;
    String why = null;
    if (exe != null && uid >= 0) {
      a = Attribution.EXACT;
    } else {
      a = Attribution.UNKNOWN;
      why = exe == null ? REASON_EXEC_UNREAD : "uid unknown (not forked from a known process, status unreadable)";
      if (exe == null) {
        execsExeUnknown.incrementAndGet();
      }
    }
    int ppid = st != null ? st.ppid() : before != null ? before.ppid() : -1;
    long start = st != null ? st.startTicks() : before != null ? before.startTicks() : e.timestampNs() / tickNanos;
    if (cwd == null && before != null) {
      cwd = before.cwd(); // exec does not change the working directory
    }
    Entry n = new Entry(pid, ppid, start, uid, exe, cmdline, cwd, cg, a, why, 0);
    put(n);
    return n;
  }

  /**
   * Fills the cmdline and cwd of a live entry that lacks them (the monitor read its exec too late, or
   * not at all) from /proc now; safe from any thread (an atomic replace of that one entry).
   */
  public void fillFromProc(int pid) {
    Entry e = entries.get(pid);
    if (e == null || e.cmdline() != null || e.exitedAtNanos() != 0) {
      return;
    }
    Path dir = proc.resolve(Integer.toString(pid));
    String cmdline = ProcFiles.readCmdline(dir);
    if (cmdline == null) {
      return;
    }
    String cwd = e.cwd() != null ? e.cwd() : ProcFiles.readCwd(dir);
    entries.computeIfPresent(pid, (k, v) -> v != e ? v : new Entry(v.pid(), v.ppid(), v.startTicks(), v.uid(), v.exe(),
        cmdline, cwd, v.cgroup(), v.attribution(), v.reason(), v.exitedAtNanos()));
  }

  void onExit(ProcEvent e, long nowNanos) {
    if (!e.isProcess()) {
      return;
    }
    exits.incrementAndGet();
    entries.computeIfPresent(e.tgid(), (k, v) -> v.exitedAtNanos() != 0 ? v : v.exited(nowNanos));
  }

  void onUid(ProcEvent e) {
    entries.computeIfPresent(e.tgid(), (k, v) -> new Entry(v.pid(), v.ppid(), v.startTicks(), e.ruid(), v.exe(),
        v.cmdline(), v.cwd(), v.cgroup(), v.attribution(), v.reason(), v.exitedAtNanos()));
  }

  /** Remembers a FAN_OPEN_EXEC of {@code path} by {@code pid}, for its next exec event. */
  void onExecOpen(int pid, String path) {
    if (execOpens.size() >= MAX_PENDING_EXEC_PIDS && !execOpens.containsKey(pid)) {
      execOpens.clear(); // exec events for these were lost or are far behind; bounded memory first
    }
    List<String> l = execOpens.computeIfAbsent(pid, k -> new ArrayList<>(2));
    if (l.size() < 8) {
      l.add(path);
    }
  }

  /**
   * The opens of one exec of {@code pid}, oldest first: up to and including the first dynamic
   * loader (the kernel opens it last, after the binary and a script's interpreter), or all of them
   * when none is a loader (a static binary). A process that exec'd twice before the monitor read
   * either (posix_spawn's helper, then the program) so gets each image right; a static binary
   * exec'd right before another exec is attributed to the later image (documented limit).
   */
  private List<String> takeOneExec(int pid) {
    List<String> l = execOpens.get(pid);
    if (l == null) {
      return null;
    }
    int end = l.size();
    for (int i = 0; i < l.size(); i++) {
      if (ExecWatcher.isLoader(l.get(i))) {
        end = i + 1;
        break;
      }
    }
    if (end == l.size()) {
      execOpens.remove(pid);
      return l;
    }
    List<String> first = new ArrayList<>(l.subList(0, end));
    l.subList(0, end).clear();
    return first;
  }

  /**
   * The executable among one exec's opens: the last that is not the dynamic loader (a script's
   * interpreter comes after the script, as /proc/PID/exe shows it), or the first when all are loaders.
   */
  static String chooseExe(List<String> opens) {
    if (opens == null || opens.isEmpty()) {
      return null;
    }
    for (int i = opens.size() - 1; i >= 0; i--) {
      if (!ExecWatcher.isLoader(opens.get(i))) {
        return opens.get(i);
      }
    }
    return opens.get(0);
  }

  /** Replaces the entry of a pid (a reused pid replaces its predecessor), evicting when full. */
  void put(Entry e) {
    entries.put(e.pid(), e);
    if (entries.size() > maxEntries) {
      shrink(System.nanoTime());
    }
  }

  /**
   * Evicts exited entries older than the grace period.
   *
   * @return entries evicted
   */
  public int sweep(long nowNanos) {
    int n = 0;
    for (var it = entries.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.exitedAtNanos() != 0 && nowNanos - e.exitedAtNanos() > graceNanos) {
        it.remove();
        n++;
      }
    }
    evictions.addAndGet(n);
    return n;
  }

  private void shrink(long nowNanos) {
    sweep(nowNanos);
    int target = maxEntries - maxEntries / 8;
    if (entries.size() <= target) {
      return;
    }
    List<Entry> exited = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.exitedAtNanos() != 0) {
        exited.add(e);
      }
    }
    exited.sort(java.util.Comparator.comparingLong(Entry::exitedAtNanos)); // the longest gone first
    for (int i = 0; i < exited.size() && entries.size() > target; i++) {
      if (entries.remove(exited.get(i).pid(), exited.get(i))) {
        earlyEvictions.incrementAndGet();
      }
    }
    for (var it = entries.values().iterator(); it.hasNext() && entries.size() > target; ) {
      it.next();
      it.remove(); // more live processes than the bound: they are read from /proc again when seen
      earlyEvictions.incrementAndGet();
    }
  }
}
