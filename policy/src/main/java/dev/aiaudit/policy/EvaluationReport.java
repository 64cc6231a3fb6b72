package dev.aiaudit.policy;

import dev.aiaudit.model.AlertSeverity;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one evaluation run.
 *
 * @param evaluatedAt the evaluation instant
 * @param initiatives the initiatives evaluated
 * @param deployments per-deployment results, in input order
 * @param warnings expired attestations or exemptions and similar notes, deduplicated
 */
public record EvaluationReport(
    Instant evaluatedAt, List<PolicySetDefinition> initiatives, List<DeploymentResult> deployments, List<String> warnings) {

  public EvaluationReport {
    initiatives = List.copyOf(initiatives);
    deployments = List.copyOf(deployments);
    warnings = List.copyOf(warnings);
  }

  /** Deployments per roll-up state. */
  public Map<ComplianceState, Integer> deploymentCounts() {
    Map<ComplianceState, Integer> m = new EnumMap<>(ComplianceState.class);
    for (ComplianceState s : ComplianceState.values()) {
      m.put(s, 0);
    }
    deployments.forEach(d -> m.merge(d.state(), 1, Integer::sum));
    return m;
  }

  /** Policy results per state. */
  public Map<ComplianceState, Integer> resultCounts() {
    Map<ComplianceState, Integer> m = new EnumMap<>(ComplianceState.class);
    for (ComplianceState s : ComplianceState.values()) {
      m.put(s, 0);
    }
    deployments.forEach(d -> d.results().forEach(r -> m.merge(r.state(), 1, Integer::sum)));
    return m;
  }

  /** Whether any result fails (non-compliant or error) at or above {@code threshold}. */
  public boolean failsAt(AlertSeverity threshold) {
    return deployments.stream().flatMap(d -> d.results().stream())
        .anyMatch(r -> r.failing() && r.severity().compareTo(threshold) >= 0);
  }
}
