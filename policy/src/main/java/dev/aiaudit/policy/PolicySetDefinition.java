package dev.aiaudit.policy;

import java.util.List;
import java.util.Map;

/**
 * An initiative (policy set): definitions mapped to controls.
 *
 * @param id initiative name ({@code eu-ai-act-2024-1689})
 * @param displayName title
 * @param description what it covers
 * @param version semantic version
 * @param category {@code metadata.category} (Regulatory Compliance)
 * @param parameters initiative parameters (e.g. application dates)
 * @param groups controls
 * @param policies member definitions
 * @param file where it came from
 * @param policyType {@code BuiltIn}, {@code Custom}, {@code Static}... as written; empty when absent
 * @param versions {@code properties.versions}, maybe empty
 */
public record PolicySetDefinition(
    String id,
    String displayName,
    String description,
    String version,
    String category,
    Map<String, ParameterDefinition> parameters,
    List<PolicyGroup> groups,
    List<PolicyReference> policies,
    String file,
    String policyType,
    List<String> versions) {

  public PolicySetDefinition {
    parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    groups = List.copyOf(groups);
    policies = List.copyOf(policies);
    versions = List.copyOf(versions);
  }

  /** The control with this name, or {@code null}. */
  public PolicyGroup group(String name) {
    return groups.stream().filter(g -> g.name().equals(name)).findFirst().orElse(null);
  }
}
