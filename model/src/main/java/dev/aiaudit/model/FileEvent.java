package dev.aiaudit.model;

import java.util.Objects;

/**
 * A process touched a file under a watched root (OCSF File System Activity, class_uid 1001).
 *
 * @param timeNs time of the (first) access, ns since the epoch
 * @param endTimeNs time of the last coalesced access; equals {@code timeNs} for single events
 * @param host host name
 * @param activity what was done
 * @param process who did it
 * @param path absolute path of the file or device node
 * @param asset what the file is to an AI workload
 * @param count number of accesses this record stands for (coalesced reads), at least 1
 * @param source which sensor saw it ({@code fanotify} or {@code proc-poll})
 * @param origin how the file was reached (mount namespace, path there, container), or {@code null}
 * @param reads on an {@link FileActivity#OPEN} record: read notifications of the same process on the same file
 *     that the kernel reported together with the open and that this record therefore stands for (a lower bound
 *     of the read(2) calls, as {@link FileActivity#READ}'s count is), instead of a separate READ record; 0 otherwise
 */
public record FileEvent(
    long timeNs,
    long endTimeNs,
    String host,
    FileActivity activity,
    ProcessInfo process,
    String path,
    AssetKind asset,
    long count,
    String source,
    FileOrigin origin,
    long reads)
    implements Event {

  public static final int CLASS_UID = 1001;

  public FileEvent {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(activity, "activity");
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(source, "source");
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1: " + count);
    }
    if (endTimeNs < timeNs) {
      throw new IllegalArgumentException("endTimeNs before timeNs");
    }
    origin = FileOrigin.orNull(origin);
    if (reads < 0) {
      throw new IllegalArgumentException("reads must be >= 0: " + reads);
    }
  }

  /** An event that stands for no folded reads. */
  public FileEvent(long timeNs, long endTimeNs, String host, FileActivity activity, ProcessInfo process, String path,
      AssetKind asset, long count, String source, FileOrigin origin) {
    this(timeNs, endTimeNs, host, activity, process, path, asset, count, source, origin, 0);
  }

  /** An event without origin details. */
  public FileEvent(long timeNs, long endTimeNs, String host, FileActivity activity, ProcessInfo process, String path,
      AssetKind asset, long count, String source) {
    this(timeNs, endTimeNs, host, activity, process, path, asset, count, source, null);
  }

  /** This event with {@code origin} (may be {@code null}). */
  public FileEvent withOrigin(FileOrigin origin) {
    return new FileEvent(timeNs, endTimeNs, host, activity, process, path, asset, count, source, origin, reads);
  }

  /** This event standing also for {@code n} read notifications (see {@link #reads()}). */
  public FileEvent withReads(long n) {
    return new FileEvent(timeNs, endTimeNs, host, activity, process, path, asset, count, source, origin, n);
  }

  /** A single, uncoalesced event. */
  public static FileEvent of(
      long timeNs, String host, FileActivity activity, ProcessInfo process, String path, AssetKind asset, String source) {
    return new FileEvent(timeNs, timeNs, host, activity, process, path, asset, 1, source);
  }

  @Override
  public int classUid() {
    return CLASS_UID;
  }
}
