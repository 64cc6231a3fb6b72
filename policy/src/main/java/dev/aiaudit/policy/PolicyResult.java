package dev.aiaudit.policy;

import dev.aiaudit.model.AlertSeverity;
import java.util.List;

/**
 * The verdict of one policy on one deployment, after attestations and exemptions.
 *
 * @param deploymentId inventory id
 * @param initiativeId the assigning initiative ({@code ""} when standalone)
 * @param policyId definition id
 * @param referenceId reference id within the initiative
 * @param displayName the definition's title
 * @param source the obligation the policy cites
 * @param controls control ids
 * @param effect effect
 * @param severity severity
 * @param state final state
 * @param machineState the state from rules and evidence alone (before attestation/exemption)
 * @param applicable false when the policy's {@code if} did not select the deployment
 * @param reasons why (failing conditions, evidence, attestation, exemption, error)
 * @param evidence journal records the verdict rests on
 * @param definitionVersion the definition's {@code version} (Azure semver, e.g. {@code 2.1.0-preview})
 */
public record PolicyResult(
    String deploymentId,
    String initiativeId,
    String policyId,
    String referenceId,
    String displayName,
    String source,
    List<String> controls,
    Effect effect,
    AlertSeverity severity,
    ComplianceState state,
    ComplianceState machineState,
    boolean applicable,
    List<Reason> reasons,
    List<EvidenceRecord> evidence,
    String definitionVersion) {

  public PolicyResult {
    controls = List.copyOf(controls);
    reasons = List.copyOf(reasons);
    evidence = List.copyOf(evidence);
  }

  /** Non-compliant or error: what {@code --fail-on} counts. */
  public boolean failing() {
    return state == ComplianceState.NON_COMPLIANT || state == ComplianceState.ERROR;
  }
}
