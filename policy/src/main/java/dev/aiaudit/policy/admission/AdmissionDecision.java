package dev.aiaudit.policy.admission;

import java.util.List;

/**
 * The verdict on one object.
 *
 * @param itemId the inventory id of the object, or null when it is not a workload
 * @param violations every violated policy (deny and audit)
 */
public record AdmissionDecision(String itemId, List<Violation> violations) {

  public AdmissionDecision {
    violations = List.copyOf(violations);
  }

  public static AdmissionDecision of(String itemId, AdmissionPolicy policy,
      com.fasterxml.jackson.databind.JsonNode item) {
    return new AdmissionDecision(itemId, policy.evaluate(item));
  }

  public boolean allowed() {
    return denials().isEmpty();
  }

  public List<Violation> denials() {
    return violations.stream().filter(v -> v.effect() == Effect.DENY).toList();
  }

  public List<Violation> warnings() {
    return violations.stream().filter(v -> v.effect() == Effect.AUDIT).toList();
  }

  /** {@code non-compliant} (a deny), {@code warning} (audits only) or {@code compliant}. */
  public String complianceState() {
    return !allowed() ? "non-compliant" : violations.isEmpty() ? "compliant" : "warning";
  }
}
