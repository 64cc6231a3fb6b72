package dev.aiaudit.model;

import java.util.Locale;
import java.util.Objects;

/**
 * GPU telemetry read through NVML. OCSF 1.4 has no class for accelerator telemetry, so these records use
 * an ai-audit class, {@code class_uid} {@value #CLASS_UID} ("GPU Activity", category System Activity), with
 * OCSF objects where they exist ({@code actor.process}, {@code container}, {@code device}) and the GPU
 * figures under {@code unmapped} (docs/gpu.md lists every field).
 *
 * <ul>
 *   <li>{@link Kind#DEVICE}: one GPU at one sample ({@link #metrics()} set, no process);
 *   <li>{@link Kind#PROCESS}: one process on one GPU at one sample ({@link #process()}, {@link #usage()});
 *   <li>{@link Kind#SESSION}: a process's whole stay on a GPU ({@link #process()}, {@link #session()});
 *       {@code timeNs} is the first sample that saw it, {@code endTimeNs} the last.
 * </ul>
 *
 * @param timeNs sample time (session: first seen), ns since the epoch
 * @param endTimeNs equals {@code timeNs} for samples; a session's last sample
 * @param host host name
 * @param kind what the record describes
 * @param gpu the GPU
 * @param metrics the GPU's figures ({@link Kind#DEVICE} only, else {@code null})
 * @param process the process, attributed as file events are ({@link Kind#PROCESS} and {@link Kind#SESSION})
 * @param usage the process's use at this sample ({@link Kind#PROCESS} only)
 * @param session the process's stay ({@link Kind#SESSION} only)
 * @param source what produced it ({@code nvml})
 */
public record GpuEvent(
    long timeNs,
    long endTimeNs,
    String host,
    Kind kind,
    GpuDevice gpu,
    GpuMetrics metrics,
    ProcessInfo process,
    GpuProcessUsage usage,
    GpuSession session,
    String source)
    implements Event {

  public static final int CLASS_UID = 1099;

  /** What a GPU record describes; {@link #activityId()} is its OCSF activity id. */
  public enum Kind {
    DEVICE(1, "Device Sample"),
    PROCESS(2, "Process Sample"),
    SESSION(3, "Process Session");

    private final int activityId;
    private final String activityName;

    Kind(int activityId, String activityName) {
      this.activityId = activityId;
      this.activityName = activityName;
    }

    public int activityId() {
      return activityId;
    }

    public String activityName() {
      return activityName;
    }

    /** {@code device}, {@code process}, {@code session}: the spelling in records and the index. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Kind parse(String s) {
      for (Kind k : values()) {
        if (k.id().equals(s)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown GPU record kind '" + s + "' (expected device, process or session)");
    }
  }

  public GpuEvent {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(gpu, "gpu");
    Objects.requireNonNull(source, "source");
    if (endTimeNs < timeNs) {
      throw new IllegalArgumentException("endTimeNs before timeNs");
    }
    switch (kind) {
      case DEVICE -> require(metrics != null && process == null && usage == null && session == null,
          "a device sample has metrics and no process");
      case PROCESS -> require(process != null && usage != null && metrics == null && session == null,
          "a process sample has a process and its usage");
      case SESSION -> require(process != null && session != null && metrics == null && usage == null,
          "a session has a process and its session figures");
    }
  }

  /** One GPU at one sample. */
  public static GpuEvent device(long timeNs, String host, GpuDevice gpu, GpuMetrics metrics, String source) {
    return new GpuEvent(timeNs, timeNs, host, Kind.DEVICE, gpu, metrics, null, null, null, source);
  }

  /** One process on one GPU at one sample. */
  public static GpuEvent process(long timeNs, String host, GpuDevice gpu, ProcessInfo p, GpuProcessUsage usage,
      String source) {
    return new GpuEvent(timeNs, timeNs, host, Kind.PROCESS, gpu, null, p, usage, null, source);
  }

  /** A process's stay on a GPU, from {@code firstNs} to {@code lastNs}. */
  public static GpuEvent session(long firstNs, long lastNs, String host, GpuDevice gpu, ProcessInfo p, GpuSession s,
      String source) {
    return new GpuEvent(firstNs, lastNs, host, Kind.SESSION, gpu, null, p, null, s, source);
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException(what);
    }
  }

  @Override
  public int classUid() {
    return CLASS_UID;
  }
}
