package dev.aiaudit.model;

import java.util.Objects;

/**
 * The process behind an event, as the sensor saw it in /proc and the cgroup tree.
 *
 * @param pid process id
 * @param ppid parent process id, or -1 when unknown
 * @param uid real user id, or -1 when unknown
 * @param user user name for {@code uid} (from /etc/passwd), or {@code null}
 * @param exe resolved executable path (/proc/PID/exe), or {@code null} when the process exited first
 * @param cmdline command line, arguments joined by single spaces, or {@code null}
 * @param startTimeNs process start time in ns since the epoch (boot time + starttime ticks), which
 *     together with {@code pid} identifies a process even when its pid is reused; 0 when unknown
 * @param containerId container id from the cgroup path, or {@code null} outside a container
 * @param containerRuntime {@code docker}, {@code containerd}, {@code cri-o}, {@code podman}, or {@code null}
 * @param podUid Kubernetes pod uid from the cgroup path, or {@code null}
 * @param attribution how the process was identified ({@code unmapped.attribution})
 * @param attributionReason why exe or user is missing or inherited; {@code null} when {@link Attribution#EXACT}
 */
public record ProcessInfo(
    int pid,
    int ppid,
    int uid,
    String user,
    String exe,
    String cmdline,
    long startTimeNs,
    String containerId,
    String containerRuntime,
    String podUid,
    Attribution attribution,
    String attributionReason) {

  /** Reason given by {@link #unknown(int)}. */
  public static final String REASON_EXITED = "process exited before /proc/PID could be read and no process event named it";

  /** A process of which only the pid is known (it exited before enrichment). */
  public static ProcessInfo unknown(int pid) {
    return new ProcessInfo(pid, -1, -1, null, null, null, 0L, null, null, null, Attribution.UNKNOWN, REASON_EXITED);
  }

  /**
   * A process read from its own /proc entries: {@link Attribution#EXACT} when exe and uid are known,
   * else {@link Attribution#UNKNOWN} naming what is missing.
   */
  public ProcessInfo(int pid, int ppid, int uid, String user, String exe, String cmdline, long startTimeNs,
      String containerId, String containerRuntime, String podUid) {
    this(pid, ppid, uid, user, exe, cmdline, startTimeNs, containerId, containerRuntime, podUid,
        exe != null && uid >= 0 ? Attribution.EXACT : Attribution.UNKNOWN,
        exe != null && uid >= 0 ? null : missing(exe, uid));
  }

  public ProcessInfo {
    if (pid < 0) {
      throw new IllegalArgumentException("pid must be >= 0: " + pid);
    }
    Objects.requireNonNull(attribution, "attribution");
    if (attribution == Attribution.EXACT) {
      attributionReason = null;
    } else if (attributionReason == null) {
      attributionReason = missing(exe, uid);
    }
  }

  /** The same process with another attribution. */
  public ProcessInfo withAttribution(Attribution a, String reason) {
    return new ProcessInfo(pid, ppid, uid, user, exe, cmdline, startTimeNs, containerId, containerRuntime, podUid, a, reason);
  }

  private static String missing(String exe, int uid) {
    if (exe == null && uid < 0) {
      return "exe and uid unknown";
    }
    return exe == null ? "exe unknown" : uid < 0 ? "uid unknown" : "not read from the process itself";
  }

  /** Same process (pid and start time), ignoring the enrichment fields. */
  public boolean sameProcessAs(ProcessInfo other) {
    return other != null && pid == other.pid && startTimeNs == other.startTimeNs;
  }

  @Override
  public String toString() {
    return "ProcessInfo[pid=" + pid + ", exe=" + Objects.toString(exe, "?") + ", uid=" + uid + ", " + attribution.id() + "]";
  }
}
