package dev.aiaudit.model;

import java.util.Locale;
import java.util.Objects;

/**
 * The agent reporting on its own blind spots (OCSF Event Log Activity, class_uid 1008): a kernel
 * queue overflow, events dropped by a full pipeline queue, a fallback to a lower-fidelity sensor.
 * Nothing is lost silently: every such condition becomes one of these records.
 *
 * @param timeNs when the condition was seen, ns since the epoch
 * @param host host name
 * @param kind what happened
 * @param count how many events were lost or affected (0 when not countable, e.g. a fallback)
 * @param message human readable detail
 */
public record SensorEvent(long timeNs, String host, Kind kind, long count, String message) implements Event {

  public static final int CLASS_UID = 1008;

  /** The conditions the agent reports about itself. */
  public enum Kind {
    /** fanotify reported FAN_Q_OVERFLOW: the kernel dropped events. */
    QUEUE_OVERFLOW,
    /** the pipeline's bounded queue was full and events were dropped. */
    EVENTS_DROPPED,
    /** the agent runs a lower-fidelity sensor (no CAP_SYS_ADMIN: /proc poller). */
    SENSOR_DEGRADED,
    /** the agent started watching. */
    SENSOR_STARTED,
    /** the agent stopped watching. */
    SENSOR_STOPPED,
    /** the journal's signing key was rotated (the message holds the old key's signature over the new key). */
    KEY_ROTATED,
    /** an exporter's backlog (records not yet acknowledged by its sink) crossed the configured threshold. */
    EXPORT_BACKLOG,
    /** an exporter's cursor was unreadable or did not match the journal, so it starts over (duplicates follow). */
    EXPORT_CURSOR_RESET,
    /**
     * process events were lost: the kernel's process events connector socket overran (ENOBUFS) or
     * the exec watcher's fanotify queue overflowed; records of the affected processes may lack attribution.
     */
    PROCESS_EVENTS_LOST,
    /** a file system (mounted below a root, or a container's root file system) is now watched. */
    MOUNT_WATCHED,
    /** a watched file system was unmounted; its marks are gone and it is forgotten. */
    MOUNT_FORGOTTEN,
    /** a file system below a root or a container's root file system cannot be watched at all. */
    MOUNT_UNWATCHABLE,
    /** a root or mount is watched by a lower-fidelity method (fd mode, or the /proc poller): says which and why. */
    WATCH_FALLBACK,
    /** GPU telemetry started (which GPUs, how often) or is off (no NVIDIA driver/NVML on this host, or disabled). */
    GPU_TELEMETRY,
    /** a GPU fell off the bus (NVML GPU_IS_LOST): its telemetry stops, the sessions on it end. */
    GPU_LOST;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public SensorEvent {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0");
    }
  }

  @Override
  public int classUid() {
    return CLASS_UID;
  }
}
