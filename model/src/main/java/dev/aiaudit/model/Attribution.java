package dev.aiaudit.model;

import java.util.Locale;

/**
 * How sure the sensor is of the process behind a record ({@code unmapped.attribution}).
 *
 * <ul>
 *   <li>{@link #EXACT}: exe and user were read for this very process (its /proc entries at exec or
 *       at the access, or the kernel's FAN_OPEN_EXEC event for its image);
 *   <li>{@link #INHERITED}: the process forked and did not exec (or its exec could not be read), so
 *       exe, user and container are its parent's, copied at fork time;
 *   <li>{@link #UNKNOWN}: exe or user is missing; {@link ProcessInfo#attributionReason()} says why.
 * </ul>
 */
public enum Attribution {
  EXACT("exact"),
  INHERITED("inherited-from-parent"),
  UNKNOWN("unknown");

  private final String id;

  Attribution(String id) {
    this.id = id;
  }

  /** The spelling in records and queries: {@code exact}, {@code inherited-from-parent}, {@code unknown}. */
  public String id() {
    return id;
  }

  /** Parses {@link #id()} (case-insensitive). */
  public static Attribution parse(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    for (Attribution a : values()) {
      if (a.id.equals(t)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown attribution '" + s + "' (expected exact, inherited-from-parent or unknown)");
  }
}
