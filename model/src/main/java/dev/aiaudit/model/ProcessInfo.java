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
    String podUid) {

  /** A process of which only the pid is known (it exited before enrichment). */
  public static ProcessInfo unknown(int pid) {
    return new ProcessInfo(pid, -1, -1, null, null, null, 0L, null, null, null);
  }

  public ProcessInfo {
    if (pid < 0) {
      throw new IllegalArgumentException("pid must be >= 0: " + pid);
    }
  }

  /** Same process (pid and start time), ignoring the enrichment fields. */
  public boolean sameProcessAs(ProcessInfo other) {
    return other != null && pid == other.pid && startTimeNs == other.startTimeNs;
  }

  @Override
  public String toString() {
    return "ProcessInfo[pid=" + pid + ", exe=" + Objects.toString(exe, "?") + ", uid=" + uid + "]";
  }
}
