package dev.aiaudit.model;

import java.util.Objects;

/**
 * A process was launched: an exec(2) seen by the sensor (OCSF Process Activity, class_uid 1007,
 * activity Launch). A process that execs the same image with the same command line from the same
 * parent many times within the sensor's interval is one record with a {@link #count()}.
 *
 * @param timeNs time of the (first) exec, ns since the epoch
 * @param endTimeNs time of the last coalesced exec; equals {@code timeNs} for a single launch
 * @param host host name
 * @param process the launched process (pid, ppid, exe, cmdline, user, container, pod, attribution)
 * @param parentExe the parent's executable, or {@code null} when unknown
 * @param parentCmdline the parent's command line, or {@code null}
 * @param cwd the launched process's working directory at exec, or {@code null} when it exited first
 * @param count launches this record stands for (coalesced), at least 1
 * @param source which sensor saw it ({@code proc-connector})
 */
public record ProcessEvent(
    long timeNs,
    long endTimeNs,
    String host,
    ProcessInfo process,
    String parentExe,
    String parentCmdline,
    String cwd,
    long count,
    String source)
    implements Event {

  public static final int CLASS_UID = 1007;
  /** OCSF Process Activity activity id of Launch. */
  public static final int ACTIVITY_LAUNCH = 1;

  public ProcessEvent {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(source, "source");
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1: " + count);
    }
    if (endTimeNs < timeNs) {
      throw new IllegalArgumentException("endTimeNs before timeNs");
    }
  }

  @Override
  public int classUid() {
    return CLASS_UID;
  }
}
