package dev.aiaudit.model;

import java.util.Locale;

/**
 * Severity of an alert or a {@link Finding} (scan check, policy), with its OCSF {@code severity_id} and name, ordered
 * from least to most severe. The spelling in rule, check and policy files is {@link #id()}.
 */
public enum AlertSeverity {
  INFO(1, "Informational"),
  LOW(2, "Low"),
  MEDIUM(3, "Medium"),
  HIGH(4, "High"),
  CRITICAL(5, "Critical");

  private final int ocsfId;
  private final String ocsfName;

  AlertSeverity(int ocsfId, String ocsfName) {
    this.ocsfId = ocsfId;
    this.ocsfName = ocsfName;
  }

  public int ocsfId() {
    return ocsfId;
  }

  public String ocsfName() {
    return ocsfName;
  }

  /** {@code info}, {@code low}, {@code medium}, {@code high}, {@code critical}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the rule-file spelling (case-insensitive); the message lists the accepted values. */
  public static AlertSeverity parse(String s) {
    String n = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
    for (AlertSeverity v : values()) {
      if (v.name().equals(n)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "unknown severity '" + s + "' (expected info, low, medium, high or critical)");
  }

  /** True when this severity is at or above {@code threshold} ({@code --fail-on}). */
  public boolean atLeast(AlertSeverity threshold) {
    return compareTo(threshold) >= 0;
  }

  /** The severity of an OCSF {@code severity_id}. */
  public static AlertSeverity ofOcsf(int id) {
    for (AlertSeverity v : values()) {
      if (v.ocsfId == id) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown severity_id " + id);
  }
}
