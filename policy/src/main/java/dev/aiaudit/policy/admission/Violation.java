package dev.aiaudit.policy.admission;

import java.util.Objects;

/** One policy an inventory item violates. */
public record Violation(String policyId, Effect effect, String message) {

  public Violation {
    Objects.requireNonNull(policyId, "policyId");
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(message, "message");
  }

  public static Violation deny(String policyId, String message) {
    return new Violation(policyId, Effect.DENY, message);
  }

  public static Violation audit(String policyId, String message) {
    return new Violation(policyId, Effect.AUDIT, message);
  }

  /** {@code [policyId] message}, as shown to kubectl users. */
  public String describe() {
    return "[" + policyId + "] " + message;
  }
}
