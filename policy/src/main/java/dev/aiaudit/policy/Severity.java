package dev.aiaudit.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Severity of a policy (definition {@code metadata.severity}); orders the CLI's {@code --fail-on}. */
public enum Severity {
  INFO,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  public static Severity parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown severity '" + text + "' (expected info, low, medium, high, critical)", e);
    }
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
