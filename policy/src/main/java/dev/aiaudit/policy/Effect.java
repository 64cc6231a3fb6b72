package dev.aiaudit.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a policy does when its {@code if} matches (Azure Policy effect names). */
public enum Effect {
  /** Flag as non-compliant. */
  AUDIT("audit"),
  /** Flag as non-compliant; admission control refuses the deployment. */
  DENY("deny"),
  /** The {@code if} selects the deployment; compliance needs runtime evidence (journal, store). */
  AUDIT_IF_NOT_EXISTS("auditIfNotExists"),
  /** No machine can decide: an attestation decides, otherwise the state is unknown. */
  MANUAL("manual"),
  /** Not evaluated. */
  DISABLED("disabled");

  private final String wire;

  Effect(String wire) {
    this.wire = wire;
  }

  @JsonValue
  public String wireName() {
    return wire;
  }

  /** Case-insensitive parse of the Azure spelling ({@code Audit}, {@code auditIfNotExists}). */
  public static Effect parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (Effect e : values()) {
      if (e.wire.toLowerCase(Locale.ROOT).equals(t)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown effect '" + text + "' (expected audit, deny, auditIfNotExists, manual, disabled)");
  }
}
