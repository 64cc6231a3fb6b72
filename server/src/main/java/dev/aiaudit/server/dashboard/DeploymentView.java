package dev.aiaudit.server.dashboard;

import java.util.List;

/**
 * One AI deployment as its latest journaled compliance finding states it.
 *
 * @param subject the inventory item id ({@code k8s:ml/Deployment/llm-serve})
 * @param state {@code compliant}, {@code warning}, {@code non-compliant}, {@code absent}
 * @param violations the violated policies, each {@code [policy-id] why}
 * @param controls the control ids (EU AI Act articles, NIST AI RMF subcategories) of the violated policies
 * @param seq journal seq of the finding that set this state (the evidence)
 * @param hash its chain hash
 */
public record DeploymentView(String subject, String state, String previousState, List<String> violations,
    List<String> controls, String host, long timeNs, long seq, String hash) {
  public DeploymentView {
    violations = List.copyOf(violations);
    controls = List.copyOf(controls);
  }

  /** {@code compliant}, {@code non-compliant} (a deny) or {@code unknown} for anything else (warning, error). */
  public String bucket() {
    return switch (state) {
      case "compliant" -> "compliant";
      case "non-compliant" -> "non-compliant";
      default -> "unknown";
    };
  }
}
