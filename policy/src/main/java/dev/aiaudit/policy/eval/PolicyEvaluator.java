package dev.aiaudit.policy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.policy.ComplianceState;
import dev.aiaudit.policy.Evidence;
import dev.aiaudit.policy.EvidenceSource;
import dev.aiaudit.policy.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates one compiled policy on one inventory item. {@code audit}/{@code deny}: the {@code if}
 * describes the violation. {@code auditIfNotExists}: the {@code if} selects the item, then the
 * evidence answer must satisfy the existence condition; an unknown answer gives unknown.
 * {@code manual}: selected items get the manual default (attestations are applied by the engine).
 * Any evaluation failure gives {@link ComplianceState#ERROR} with the failure as reason.
 */
public final class PolicyEvaluator {
  private PolicyEvaluator() {}

  public static Verdict evaluate(CompiledPolicy p, JsonNode item, EvidenceSource evidence, Instant now) {
    return evaluate(p, new EvalContext(item, now), evidence);
  }

  /** Evaluates with a caller-owned context over the item (reused across the policies of one item). */
  public static Verdict evaluate(CompiledPolicy p, EvalContext ctx, EvidenceSource evidence) {
    JsonNode item = ctx.root();
    try {
      boolean selected = p.condition().test(ctx);
      return switch (p.effect()) {
        case AUDIT, DENY -> selected
            ? new Verdict(ComplianceState.NON_COMPLIANT, true, explain(p.condition(), ctx, true), List.of())
            : new Verdict(ComplianceState.COMPLIANT, true, List.of(), List.of());
        case AUDIT_IF_NOT_EXISTS -> selected
            ? existence(p, item, evidence, ctx)
            : notApplicable();
        case MANUAL -> selected
            ? new Verdict(p.manualDefault(), true, List.of(Reason.note("no valid attestation")), List.of())
            : notApplicable();
        case DISABLED -> new Verdict(ComplianceState.COMPLIANT, false, List.of(Reason.note("disabled")), List.of());
      };
    } catch (RuntimeException e) {
      String msg = e instanceof EvalException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
      return new Verdict(ComplianceState.ERROR, true, List.of(Reason.note("evaluation failed: " + msg)), List.of());
    }
  }

  private static Verdict notApplicable() {
    return new Verdict(ComplianceState.COMPLIANT, false, List.of(Reason.note("not applicable")), List.of());
  }

  private static Verdict existence(CompiledPolicy p, JsonNode item, EvidenceSource source, EvalContext ctx) {
    EvidenceQuery q = p.evidence();
    Evidence<ObjectNode> answer = q.ask(item, source, ctx.now());
    if (!answer.known()) {
      return new Verdict(ComplianceState.UNKNOWN, true,
          List.of(Reason.note("evidence " + q.label() + " unknown: " + answer.detail())), List.of());
    }
    EvalContext ectx = ctx.over(answer.value());
    boolean exists = q.existence().test(ectx);
    List<Reason> reasons = new ArrayList<>();
    q.existence().explain(ectx, exists, reasons);
    List<Reason> labelled = new ArrayList<>();
    for (Reason r : reasons) {
      labelled.add(new Reason("evidence:" + q.label() + "." + r.path(), r.condition(), r.expected(), r.actual()));
    }
    return new Verdict(exists ? ComplianceState.COMPLIANT : ComplianceState.NON_COMPLIANT, true, labelled,
        answer.records());
  }

  /** The deciding leaves, without application-date gates ({@code [utcNow()] >= date}), which explain nothing. */
  private static List<Reason> explain(Condition c, EvalContext ctx, boolean outcome) {
    List<Reason> out = new ArrayList<>();
    c.explain(ctx, outcome, out);
    out.removeIf(r -> r.path().startsWith("[utcNow()]"));
    return out;
  }
}
