package dev.aiaudit.export;

import dev.aiaudit.model.Event;
import java.util.Locale;

/** OCSF severity ids (0 Unknown .. 6 Fatal), as {@code EventCodec} writes them, and their names for filters. */
public final class Severity {
  private static final String[] NAMES = {"unknown", "informational", "low", "medium", "high", "critical", "fatal"};

  private Severity() {}

  /** The OCSF severity_id the codec gives this event (checked against the codec in the tests). */
  public static int idOf(Event e) {
    return dev.aiaudit.model.EventCodec.severityId(e);
  }

  /** {@code informational}, {@code low}, {@code medium}, {@code high}, {@code critical}, {@code fatal}, or a number 0..6. */
  public static int parse(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    for (int i = 0; i < NAMES.length; i++) {
      if (NAMES[i].equals(t)) {
        return i;
      }
    }
    if (t.matches("[0-6]")) {
      return Integer.parseInt(t);
    }
    throw new IllegalArgumentException("unknown severity '" + s + "' (expected informational, low, medium, high, critical or fatal)");
  }

  public static String name(int id) {
    return id >= 0 && id < NAMES.length ? NAMES[id] : "unknown";
  }
}
