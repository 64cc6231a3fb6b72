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
 * Evaluates one compiled policy on one inventory item (Azure docs: concepts/effect-basics,
 * concepts/compliance-states). First applicability: a resource-provider mode, an Azure-only
 * {@code type} gate or a failing {@code type} gate makes the item {@code notApplicable}. Then
 * {@code audit}/{@code deny}/{@code modify}/{@code append}: the {@code if} describes the violation.
 * {@code auditIfNotExists}/{@code deployIfNotExists}: the {@code if} selects the item, then the evidence
 * answer must satisfy the existence condition; an unknown answer, or a related Azure resource ai-audit
 * cannot see, gives unknown. {@code manual}: selected items get the manual default (attestations are
 * applied by the engine). {@code denyAction}/{@code mutate}: Azure reports no compliance, so
 * notApplicable. A field naming an unknown alias that decides the outcome gives unknown; any other
 * evaluation failure gives {@link ComplianceState#ERROR} with the failure as reason.
 */
public final class PolicyEvaluator {
  private PolicyEvaluator() {}

  public static Verdict evaluate(CompiledPolicy p, JsonNode item, EvidenceSource evidence, Instant now) {
    return evaluate(p, new EvalContext(item, now), evidence);
  }

  /** Evaluates with a caller-owned context over the item (reused across the policies of one item). */
  public static Verdict evaluate(CompiledPolicy p, EvalContext ctx, EvidenceSource evidence) {
    JsonNode item = ctx.root();
    Applicability reach = p.applicability();
    try {
      String out = reach == null ? null : reach.outOfReach(ctx);
      if (out != null) {
        return notApplicable(out);
      }
      boolean selected = p.condition().test(ctx);
      String notEnforced = "effect " + p.effect().wireName() + " not enforced by ai-audit";
      return switch (p.effect()) {
        case AUDIT, DENY -> selected
            ? new Verdict(ComplianceState.NON_COMPLIANT, true, explain(p.condition(), ctx, true), List.of())
            : new Verdict(ComplianceState.COMPLIANT, true, List.of(), List.of());
        case MODIFY, APPEND -> {
          if (!selected) {
            yield new Verdict(ComplianceState.COMPLIANT, true, List.of(Reason.note(notEnforced)), List.of());
          }
          List<Reason> rs = new ArrayList<>(explain(p.condition(), ctx, true));
          rs.add(Reason.note(notEnforced + " (no remediation); non-compliant as Azure reports it"));
          yield new Verdict(ComplianceState.NON_COMPLIANT, true, rs, List.of());
        }
        case AUDIT_IF_NOT_EXISTS, DEPLOY_IF_NOT_EXISTS -> {
          if (!selected) {
            yield notApplicable("if not met: " + p.effect().wireName() + " does not select the item");
          }
          if (p.evidence() == null) {
            yield new Verdict(ComplianceState.UNKNOWN, true, List.of(Reason.note("related resource "
                + p.relatedType() + " is not visible to ai-audit; existence condition not evaluated"
                + (p.effect().enforced() ? "" : "; " + notEnforced))), List.of());
          }
          Verdict v = existence(p, item, evidence, ctx);
          if (!p.effect().enforced()) {
            List<Reason> rs = new ArrayList<>(v.reasons());
            rs.add(Reason.note(notEnforced + " (no deployment)"));
            v = new Verdict(v.state(), v.applicable(), rs, v.evidence());
          }
          yield v;
        }
        case MANUAL -> selected
            ? new Verdict(p.manualDefault(), true, List.of(Reason.note("no valid attestation")), List.of())
            : notApplicable("if not met");
        case MUTATE, DENY_ACTION -> notApplicable(notEnforced + "; Azure reports no compliance state for it"
            + (selected ? " (the item is selected)" : ""));
        case ENFORCE_REGO_POLICY, ENFORCE_OPA_CONSTRAINT, ADD_TO_NETWORK_GROUP, ENFORCE_SETTING -> selected
            ? new Verdict(ComplianceState.UNKNOWN, true, List.of(Reason.note(notEnforced
                + "; its constraint is not evaluated")), List.of())
            : notApplicable("if not met");
        case DISABLED -> new Verdict(ComplianceState.COMPLIANT, false, List.of(Reason.note("disabled")), List.of());
      };
    } catch (UnknownValue u) {
      return new Verdict(ComplianceState.UNKNOWN, true, List.of(Reason.note(u.getMessage()
          + " (loaded with unknown aliases allowed); the rule cannot be decided")), List.of());
    } catch (RuntimeException e) {
      String msg = e instanceof EvalException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
      return new Verdict(ComplianceState.ERROR, true, List.of(Reason.note("evaluation failed: " + msg)), List.of());
    }
  }

  private static Verdict notApplicable(String why) {
    return new Verdict(ComplianceState.NOT_APPLICABLE, false, List.of(Reason.note("not applicable: " + why)), List.of());
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
