package dev.aiaudit.policy;

import dev.aiaudit.model.AlertSeverity;
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
 * @param mode Azure {@code mode} as written ({@code Indexed}, {@code All}, {@code AiDeployment}, or a
 *     resource-provider mode such as {@code Microsoft.Kubernetes.Data}); empty when absent
 * @param policyType {@code BuiltIn}, {@code Custom}, {@code Static}... as written; empty when absent
 * @param versions {@code properties.versions} (the versions Azure keeps of this definition), maybe empty
 */
public record PolicyDefinition(
    String id,
    String displayName,
    String description,
    String version,
    String category,
    String source,
    AlertSeverity severity,
    Map<String, ParameterDefinition> parameters,
    JsonNode policyRule,
    String file,
    String mode,
    String policyType,
    java.util.List<String> versions) {

  public PolicyDefinition {
    parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    versions = java.util.List.copyOf(versions);
  }

  /**
   * True for a resource-provider mode ({@code Microsoft.Kubernetes.Data}, {@code Microsoft.KeyVault.Data},
   * {@code Microsoft.MachineLearningServices.v2.Data}...): it governs an Azure data plane that no ai-audit
   * inventory item belongs to, so every item is {@code notApplicable}.
   */
  public boolean resourceProviderMode() {
    return DefinitionParser.isResourceProviderMode(mode);
  }
}
