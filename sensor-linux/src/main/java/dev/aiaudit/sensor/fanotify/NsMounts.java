package dev.aiaudit.sensor.fanotify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mount namespaces of processes: which one a pid is in ({@code /proc/PID/ns/mnt}, cached per pid
 * for {@link #PID_TTL_NANOS}) and its mount table ({@code /proc/PID/mountinfo}, cached per namespace
 * for {@link #TABLE_TTL_NANOS}; the agent sees no change notification for other namespaces). Bounded
 * caches. Not thread-safe: one instance per thread.
 */
final class NsMounts {
  static final long PID_TTL_NANOS = 500_000_000L;
  static final long TABLE_TTL_NANOS = 2_000_000_000L;
  private static final int MAX_PIDS = 4_096;
  private static final int MAX_TABLES = 256;

  private final Path proc;
  private final String selfNs;
  private final Map<Integer, Cached<String>> nsByPid = new HashMap<>();
  private final Map<String, Cached<MountTable>> tables = new LinkedHashMap<>();

  private record Cached<T>(T value, long atNanos) {}

  private int lastPid = -1;
  private String lastNs;
  private long lastAtNanos;

  NsMounts(Path proc) {
    this.proc = proc;
    this.selfNs = link(proc.resolve("self/ns/mnt"));
  }

  static NsMounts system() {
    return new NsMounts(Path.of("/proc"));
  }

  /** The agent's own mount namespace ({@code mnt:[4026531841]}), or {@code null} when unreadable. */
  String selfNs() {
    return selfNs;
  }

  /** The mount namespace of {@code pid}, or {@code null} when the process is gone. */
  String nsOf(int pid) {
    long now = System.nanoTime();
    if (pid == lastPid && now - lastAtNanos < PID_TTL_NANOS) {
      return lastNs; // runs of events by one process: no map lookup
    }
    String ns = lookup(pid, now);
    if (ns != null) {
      lastPid = pid;
      lastNs = ns;
      lastAtNanos = now;
    }
    return ns;
  }

  /**
   * The mount namespace of {@code pid} read now (one readlink), not from the cache: a process may have
   * called unshare(CLONE_NEWNS) since it was cached. Updates the cache.
   */
  String nsOfNow(int pid) {
    long now = System.nanoTime();
    String ns = link(proc.resolve(Integer.toString(pid)).resolve("ns/mnt"));
    if (ns != null) {
      if (nsByPid.size() >= MAX_PIDS) {
        nsByPid.clear();
      }
      nsByPid.put(pid, new Cached<>(ns, now));
      lastPid = pid;
      lastNs = ns;
      lastAtNanos = now;
    }
    return ns;
  }

  private String lookup(int pid, long now) {
    Cached<String> c = nsByPid.get(pid);
    if (c != null && now - c.atNanos() < PID_TTL_NANOS) {
      return c.value();
    }
    String ns = link(proc.resolve(Integer.toString(pid)).resolve("ns/mnt"));
    if (nsByPid.size() >= MAX_PIDS) {
      nsByPid.clear();
    }
    if (ns != null) {
      nsByPid.put(pid, new Cached<>(ns, now));
    }
    return ns;
  }

  /** True when {@code pid} is known to be in the agent's mount namespace. */
  boolean sameAsSelf(String ns) {
    return ns != null && ns.equals(selfNs);
  }

  /**
   * The mount table of the namespace {@code ns} that {@code pid} is in, or {@code null} when it
   * cannot be read. {@code fresh} forces a re-read (a mount id was not found in the cached one).
   */
  MountTable tableOf(int pid, String ns, boolean fresh) {
    long now = System.nanoTime();
    Cached<MountTable> c = tables.get(ns);
    if (c != null && !fresh && now - c.atNanos() < TABLE_TTL_NANOS) {
      return c.value();
    }
    MountTable t = MountTable.readOrNull(proc.resolve(Integer.toString(pid)).resolve("mountinfo"));
    if (t == null) {
      return c == null ? null : c.value();
    }
    if (tables.size() >= MAX_TABLES) {
      tables.clear();
    }
    tables.put(ns, new Cached<>(t, now));
    return t;
  }

  private static String link(Path p) {
    try {
      return Files.readSymbolicLink(p).toString();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
