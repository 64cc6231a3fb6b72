package dev.aiaudit.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A definition as used in an initiative ({@code policyDefinitions[]}).
 *
 * @param definitionId the referenced definition's id
 * @param referenceId unique within the initiative
 * @param parameters values passed down: literals or {@code [parameters('x')]} of the initiative
 * @param groupNames control ids this policy supports
 */
public record PolicyReference(
    String definitionId, String referenceId, Map<String, JsonNode> parameters, List<String> groupNames) {

  public PolicyReference {
    parameters = Map.copyOf(parameters);
    groupNames = List.copyOf(groupNames);
  }
}
