package dev.aiaudit.detect.rules;

import java.util.HashMap;
import java.util.Map;

/**
 * The fields a rule condition may name: the record vocabulary of docs/detect.md. Every field has a
 * value for every record (strings default to {@code ""}, integers to {@code -1} or {@code 0}), so a
 * condition never fails on a missing value.
 *
 * <p>{@code proc.*} is the process shape: for file activity it is the acting process; for a process
 * launch record (OCSF 1007, added by the sensor's process table) it is the launched process, with
 * its parent under {@code proc.parent_*} and its working directory in {@code proc.cwd}.
 */
public enum Field {
  CLASS("class", false, "record class: file, sensor, finding, alert, process, gpu"),
  ACTIVITY("activity", false, "file: open, open_exec, read, modify; sensor: queue_overflow, events_dropped, ...; process: launch"),
  HOST("host", false, "host name"),
  TIME_NS("time_ns", true, "event time, ns since the epoch"),
  SOURCE("source", false, "the sensor (fanotify, proc-poll) or producer"),
  COUNT("count", true, "accesses a file record stands for; events lost for a sensor record"),
  FILE_PATH("file.path", false, "absolute path of the file or device node"),
  FILE_NAME("file.name", false, "base name of file.path"),
  FILE_DIR("file.dir", false, "directory of file.path"),
  FILE_ASSET("file.asset", false, "model_weights, training_data, gpu_device, other"),
  PROC_PID("proc.pid", true, "process id, -1 when none"),
  PROC_PPID("proc.ppid", true, "parent process id, -1 when unknown"),
  PROC_UID("proc.uid", true, "real user id, -1 when unknown"),
  PROC_USER("proc.user", false, "user name"),
  PROC_EXE("proc.exe", false, "executable path"),
  PROC_NAME("proc.name", false, "base name of proc.exe"),
  PROC_CMDLINE("proc.cmdline", false, "command line, arguments joined by spaces"),
  PROC_CWD("proc.cwd", false, "working directory (process records)"),
  PROC_CONTAINER("proc.container", false, "container id, empty outside a container"),
  PROC_RUNTIME("proc.runtime", false, "container runtime: docker, containerd, cri-o, podman"),
  PROC_POD("proc.pod", false, "Kubernetes pod uid, empty outside a pod"),
  PROC_START_NS("proc.start_ns", true, "process start time, ns since the epoch, 0 when unknown"),
  PROC_PARENT_EXE("proc.parent_exe", false, "parent's executable (process records)"),
  PROC_PARENT_NAME("proc.parent_name", false, "base name of proc.parent_exe"),
  PROC_PARENT_CMDLINE("proc.parent_cmdline", false, "parent's command line (process records)"),
  SENSOR_KIND("sensor.kind", false, "queue_overflow, events_dropped, sensor_degraded, sensor_started, sensor_stopped"),
  SENSOR_MESSAGE("sensor.message", false, "the sensor record's detail");

  private static final Map<String, Field> BY_NAME = new HashMap<>();

  static {
    for (Field f : values()) {
      BY_NAME.put(f.id, f);
    }
  }

  private final String id;
  private final boolean integer;
  private final String doc;

  Field(String id, boolean integer, String doc) {
    this.id = id;
    this.integer = integer;
    this.doc = doc;
  }

  /** The name rules use ({@code file.path}). */
  public String id() {
    return id;
  }

  /** Whether the value is a CEL {@code int} (else {@code string}). */
  public boolean isInteger() {
    return integer;
  }

  public String doc() {
    return doc;
  }

  /** The field named {@code name}, or {@code null}. */
  public static Field byName(String name) {
    return BY_NAME.get(name);
  }
}
