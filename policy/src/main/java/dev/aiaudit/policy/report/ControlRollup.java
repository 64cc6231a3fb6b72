package dev.aiaudit.policy.report;

import dev.aiaudit.policy.ComplianceState;
import dev.aiaudit.policy.DeploymentResult;
import dev.aiaudit.policy.EvaluationReport;
import dev.aiaudit.policy.PolicyGroup;
import dev.aiaudit.policy.PolicyResult;
import dev.aiaudit.policy.PolicySetDefinition;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compliance per control: for each control of an initiative, the number of deployments in each state,
 * a deployment's state for a control being the worst over that control's policies.
 */
final class ControlRollup {
  private ControlRollup() {}

  /** Control id to deployments per state, in the initiative's group order. */
  static Map<PolicyGroup, Map<ComplianceState, Integer>> of(EvaluationReport r, PolicySetDefinition set) {
    Map<PolicyGroup, Map<ComplianceState, Integer>> out = new LinkedHashMap<>();
    for (PolicyGroup g : set.groups()) {
      Map<ComplianceState, Integer> counts = new EnumMap<>(ComplianceState.class);
      for (ComplianceState s : ComplianceState.values()) {
        counts.put(s, 0);
      }
      for (DeploymentResult d : r.deployments()) {
        ComplianceState worst = null;
        for (PolicyResult p : d.results()) {
          if (p.initiativeId().equals(set.id()) && p.controls().contains(g.name())) {
            worst = worst == null ? p.state() : worst.worst(p.state());
          }
        }
        if (worst != null) {
          counts.merge(worst, 1, Integer::sum);
        }
      }
      out.put(g, counts);
    }
    return out;
  }

  /** Controls whose worst deployment state is {@code state}. */
  static long controlsWorst(Map<PolicyGroup, Map<ComplianceState, Integer>> rollup, ComplianceState state) {
    return rollup.values().stream().filter(m -> worstOf(m) == state).count();
  }

  private static ComplianceState worstOf(Map<ComplianceState, Integer> m) {
    ComplianceState w = ComplianceState.NOT_APPLICABLE;
    for (var e : m.entrySet()) {
      if (e.getValue() > 0) {
        w = w.worst(e.getKey());
      }
    }
    return w;
  }
}
