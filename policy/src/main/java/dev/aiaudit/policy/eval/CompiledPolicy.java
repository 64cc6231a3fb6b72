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
 * @param applicability how the policy decides that an item is out of its reach (mode, {@code type} gates)
 * @param relatedType for auditIfNotExists/deployIfNotExists on an Azure related resource type (not an
 *     {@code AiAudit/journal.*} evidence type): that type, whose existence ai-audit cannot check; else empty
 * @param unknownAliases fields naming unknown aliases, tolerated (they evaluate to unknown)
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
    Map<String, JsonNode> parameters,
    Applicability applicability,
    String relatedType,
    java.util.Set<String> unknownAliases) {

  public CompiledPolicy {
    controls = List.copyOf(controls);
    parameters = Map.copyOf(parameters);
    unknownAliases = java.util.Set.copyOf(unknownAliases);
  }

  public String id() {
    return definition.id();
  }
}
