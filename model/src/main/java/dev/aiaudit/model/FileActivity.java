package dev.aiaudit.model;

import java.util.Locale;

/**
 * What a process did to a file, with its OCSF File System Activity (class 1001) activity id and name.
 *
 * <p>{@link #READ} records are coalesced by the sensor: one record per process per file per interval,
 * carrying the number of read accesses in {@link FileEvent#count()}.
 */
public enum FileActivity {
  /** open(2) of the file (FAN_OPEN). */
  OPEN(14, "Open"),
  /** open for execution (FAN_OPEN_EXEC): a binary or a mapped library. */
  OPEN_EXEC(99, "Open for Execute"),
  /** read access (FAN_ACCESS), coalesced. */
  READ(2, "Read"),
  /** close after write (FAN_CLOSE_WRITE): the file was modified. */
  MODIFY(3, "Update");

  private final int activityId;
  private final String activityName;
  private final String id;

  FileActivity(int activityId, String activityName) {
    this.activityId = activityId;
    this.activityName = activityName;
    this.id = name().toLowerCase(Locale.ROOT);
  }

  public int activityId() {
    return activityId;
  }

  public String activityName() {
    return activityName;
  }

  /** Stable lower-case spelling used in queries ({@code open}, {@code open_exec}, {@code read}, {@code modify}). */
  public String id() {
    return id;
  }

  public static FileActivity parse(String s) {
    String n = s.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (FileActivity a : values()) {
      if (a.name().equals(n)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown activity '" + s + "' (expected open, open_exec, read or modify)");
  }
}
