package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiaudit.policy.ComplianceState;
import dev.aiaudit.policy.Effect;
import dev.aiaudit.policy.PolicyDefinition;
import java.util.List;
import java.util.Map;

/**
 * A definition compiled with its parameter values, as assigned by one initiative (or standalone).
 * Immutable and thread-safe.
 *
 * @param definition the source definition
 * @param initiativeId the assigning initiative, or empty when standalone
 * @param referenceId the reference id in the initiative (the definition id when standalone)
 * @param controls control ids (initiative group names) this policy supports
 * @param effect the resolved effect
 * @param condition the compiled {@code if}
 * @param evidence the evidence lookup of an auditIfNotExists policy, or {@code null}
 * @param manualDefault the state of a manual policy without a valid attestation
 * @param parameters the bound parameter values
 */
public record CompiledPolicy(
    PolicyDefinition definition,
    String initiativeId,
    String referenceId,
    List<String> controls,
    Effect effect,
    Condition condition,
    EvidenceQuery evidence,
    ComplianceState manualDefault,
    Map<String, JsonNode> parameters) {

  public CompiledPolicy {
    controls = List.copyOf(controls);
    parameters = Map.copyOf(parameters);
  }

  public String id() {
    return definition.id();
  }
}
