package dev.aiaudit.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One policy definition as loaded from JSON (Azure shape: {@code name} + {@code properties}).
 *
 * @param id the definition name, unique in a library ({@code euaia-12.1-automatic-logging})
 * @param displayName short title
 * @param description what it checks
 * @param version semantic version
 * @param category {@code metadata.category}
 * @param source citation of the obligation ({@code metadata.source}, e.g. "Regulation (EU) 2024/1689 Art. 12(1)")
 * @param severity {@code metadata.severity}, default medium
 * @param parameters declared parameters, in file order
 * @param policyRule the raw {@code policyRule} ({@code if}/{@code then})
 * @param file where it came from (a path or {@code classpath:...})
 */
public record PolicyDefinition(
    String id,
    String displayName,
    String description,
    String version,
    String category,
    String source,
    Severity severity,
    Map<String, ParameterDefinition> parameters,
    JsonNode policyRule,
    String file) {

  public PolicyDefinition {
    parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
  }
}
