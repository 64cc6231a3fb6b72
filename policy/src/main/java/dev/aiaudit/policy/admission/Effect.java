package dev.aiaudit.policy.admission;

import java.util.Locale;

/** What a violated policy does at admission: refuse the object, or let it in with a warning. */
public enum Effect {
  DENY,
  AUDIT;

  /** {@code "deny"} or {@code "audit"}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
