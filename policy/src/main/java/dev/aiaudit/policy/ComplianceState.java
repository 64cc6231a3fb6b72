package dev.aiaudit.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The state of one (deployment, policy) pair, and of roll-ups. {@link #ERROR} is an evaluation that
 * failed (it carries its reason) and is never counted as compliant; {@link #UNKNOWN} is a question no
 * one answered (manual policy without attestation, missing runtime evidence).
 */
public enum ComplianceState {
  COMPLIANT("compliant"),
  NON_COMPLIANT("non-compliant"),
  EXEMPT("exempt"),
  UNKNOWN("unknown"),
  ERROR("error"),
  /**
   * The policy cannot apply to the item: its mode or a {@code type} gate excludes it, or its
   * {@code if} does not select it (auditIfNotExists, manual, effects Azure reports no state for).
   * Counted apart from compliant in every report; never makes a deployment compliant on its own.
   */
  NOT_APPLICABLE("not-applicable");

  private final String wire;

  ComplianceState(String wire) {
    this.wire = wire;
  }

  /** The lower-case name used in reports and files ({@code non-compliant}). */
  @JsonValue
  public String wireName() {
    return wire;
  }

  /** Parses {@code compliant}, {@code non-compliant}, {@code nonCompliant}, {@code NON_COMPLIANT}... */
  public static ComplianceState parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    for (ComplianceState s : values()) {
      if (s.wire.replace("-", "").equals(t)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown compliance state: " + text);
  }

  /**
   * Roll-up rank, highest wins: non-compliant, error, unknown, exempt, compliant, not-applicable. Unlike Azure (where
   * one compliant policy outranks unknown ones), an unanswered question keeps a deployment unknown.
   */
  int rank() {
    return switch (this) {
      case NON_COMPLIANT -> 4;
      case ERROR -> 3;
      case UNKNOWN -> 2;
      case EXEMPT -> 1;
      case COMPLIANT -> 0;
      case NOT_APPLICABLE -> -1;
    };
  }

  /** The worse of two states by {@link #rank()}. */
  public ComplianceState worst(ComplianceState other) {
    return other.rank() > rank() ? other : this;
  }
}
