package dev.aiaudit.scan;

import java.util.Locale;

/** Severity of a check, ordered from least to most severe. */
public enum Severity {
  INFO,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** Lower-case label used in every report format. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a case-insensitive label such as {@code high}. */
  public static Severity parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown severity '" + text + "' (info, low, medium, high, critical)", e);
    }
  }

  /** True when this severity is at or above {@code threshold}. */
  public boolean atLeast(Severity threshold) {
    return compareTo(threshold) >= 0;
  }
}
