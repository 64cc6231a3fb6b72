package dev.aiaudit.policy.report;

import dev.aiaudit.model.text.SafeText;
import dev.aiaudit.policy.ComplianceState;
import dev.aiaudit.policy.DeploymentResult;
import dev.aiaudit.policy.EvaluationReport;
import dev.aiaudit.policy.EvidenceRecord;
import dev.aiaudit.policy.PolicyResult;
import dev.aiaudit.policy.PolicySetDefinition;
import dev.aiaudit.policy.Reason;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Human-readable output: per deployment its state, every failing policy with reasons and evidence. */
final class TextReport {
  private TextReport() {}

  static void write(EvaluationReport r, Writer out) throws IOException {
    StringBuilder b = new StringBuilder();
    int policies = r.deployments().isEmpty() ? 0 : r.deployments().get(0).results().size();
    b.append("ai-audit policy eval at ").append(r.evaluatedAt()).append(": ").append(r.deployments().size())
        .append(" deployment(s), ").append(policies).append(" policies from ")
        .append(r.initiatives().stream().map(PolicySetDefinition::id).collect(Collectors.joining(", ")))
        .append("\n\n");
    for (DeploymentResult d : r.deployments()) {
      b.append(t(d.id())).append("  ").append(upper(d.state())).append(d.declared() ? "" : "  (SHADOW AI: not in any manifest)")
          .append('\n');
      for (PolicyResult p : d.results()) {
        if (p.failing()) {
          appendFailure(b, p);
        }
      }
      List<String> unknown = d.results().stream().filter(p -> p.state() == ComplianceState.UNKNOWN)
          .map(PolicyResult::policyId).toList();
      if (!unknown.isEmpty()) {
        b.append("  unknown (").append(unknown.size()).append("): ").append(t(String.join(", ", unknown))).append('\n');
      }
      long exempt = d.results().stream().filter(p -> p.state() == ComplianceState.EXEMPT).count();
      if (exempt > 0) {
        b.append("  exempt: ").append(exempt).append('\n');
      }
      b.append('\n');
    }
    for (PolicySetDefinition s : r.initiatives()) {
      var rollup = ControlRollup.of(r, s);
      b.append("controls of ").append(s.id()).append(" (worst deployment per control): ");
      b.append(java.util.Arrays.stream(ComplianceState.values())
          .map(st -> st.wireName() + " " + ControlRollup.controlsWorst(rollup, st)).collect(Collectors.joining(", ")));
      b.append('\n');
    }
    b.append("deployments: ").append(counts(r.deploymentCounts())).append('\n');
    b.append("results:     ").append(counts(r.resultCounts())).append('\n');
    for (String w : r.warnings()) {
      b.append("WARNING: ").append(t(w)).append('\n');
    }
    out.write(b.toString());
  }

  private static void appendFailure(StringBuilder b, PolicyResult p) {
    b.append("  ").append(p.state().wireName()).append("  ").append(p.severity().wireName()).append("  ")
        .append(t(p.policyId()));
    if (!p.controls().isEmpty()) {
      b.append(" [").append(t(String.join(", ", p.controls()))).append(']');
    }
    if (!p.initiativeId().isEmpty()) {
      b.append(" (").append(t(p.initiativeId())).append(')');
    }
    b.append("\n      ").append(t(p.displayName())).append(" -- ").append(t(p.source())).append('\n');
    for (Reason x : p.reasons()) {
      b.append("      - ").append(t(x.message())).append('\n');
    }
    for (EvidenceRecord e : p.evidence()) {
      b.append("      evidence: journal seq ").append(e.seq()).append(" hash ").append(t(e.hash())).append('\n');
    }
  }

  /** Text that came from the input: control characters escaped, at most {@value #MAX_CELL} characters. */
  private static String t(String s) {
    return SafeText.capped(s, MAX_CELL);
  }

  private static final int MAX_CELL = 500;

  private static String upper(ComplianceState s) {
    return s.wireName().toUpperCase(Locale.ROOT);
  }

  private static String counts(java.util.Map<ComplianceState, Integer> m) {
    return m.entrySet().stream().map(e -> e.getKey().wireName() + " " + e.getValue()).collect(Collectors.joining(", "));
  }
}
