package dev.aiaudit.policy;

import java.util.List;

/**
 * All verdicts for one deployment and their roll-up ({@link ComplianceState#worst}).
 *
 * @param id inventory id
 * @param kind Kubernetes kind, or empty
 * @param name name, or empty
 * @param namespace namespace, or empty
 * @param declared false for shadow AI seen only on the host
 * @param state roll-up state
 * @param results every evaluated policy
 */
public record DeploymentResult(
    String id, String kind, String name, String namespace, boolean declared, ComplianceState state, List<PolicyResult> results) {

  public DeploymentResult {
    results = List.copyOf(results);
  }

  /** Non-compliant results of {@code deny} policies: what admission control refuses. */
  public List<PolicyResult> denied() {
    return results.stream().filter(r -> r.effect() == Effect.DENY && r.state() == ComplianceState.NON_COMPLIANT).toList();
  }

  /** Non-compliant and error results. */
  public List<PolicyResult> failing() {
    return results.stream().filter(PolicyResult::failing).toList();
  }
}
