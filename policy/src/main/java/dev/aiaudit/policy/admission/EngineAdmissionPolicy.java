package dev.aiaudit.policy.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiaudit.policy.ComplianceState;
import dev.aiaudit.policy.DeploymentResult;
import dev.aiaudit.policy.PolicyEngine;
import dev.aiaudit.policy.PolicyResult;
import dev.aiaudit.policy.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The policy engine at admission: non-compliant {@code deny} policies refuse the object, other
 * non-compliant policies become warnings. A policy whose evaluation failed ({@code error}) is a
 * warning, not a refusal: admission fails open on our own errors and says so, while {@code policy
 * eval} counts the same error as a failure. Policies that need runtime evidence or an attestation
 * are {@code unknown} at admission and produce nothing.
 */
public final class EngineAdmissionPolicy implements AdmissionPolicy {
  private final PolicyEngine engine;

  public EngineAdmissionPolicy(PolicyEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  @Override
  public List<Violation> evaluate(JsonNode item) {
    DeploymentResult d = engine.evaluate(item);
    List<Violation> out = new ArrayList<>();
    for (PolicyResult r : d.results()) {
      if (r.state() == ComplianceState.NON_COMPLIANT) {
        String msg = r.displayName() + describe(r.reasons());
        out.add(r.effect() == dev.aiaudit.policy.Effect.DENY ? Violation.deny(r.policyId(), msg) : Violation.audit(r.policyId(), msg));
      } else if (r.state() == ComplianceState.ERROR) {
        out.add(Violation.audit(r.policyId(), "could not be evaluated" + describe(r.reasons())));
      }
    }
    return out;
  }

  private static String describe(List<Reason> reasons) {
    if (reasons.isEmpty()) {
      return "";
    }
    return ": " + reasons.stream().limit(3).map(EngineAdmissionPolicy::text).collect(Collectors.joining("; "));
  }

  private static String text(Reason r) {
    if (r.path().isEmpty()) {
      return r.actual();
    }
    return r.path() + " " + r.condition() + " " + r.expected() + " (is " + r.actual() + ")";
  }

  /** Violations of every policy, in order. */
  public static AdmissionPolicy allOf(List<AdmissionPolicy> policies) {
    List<AdmissionPolicy> copy = List.copyOf(policies);
    return item -> {
      List<Violation> out = new ArrayList<>();
      copy.forEach(p -> out.addAll(p.evaluate(item)));
      return out;
    };
  }
}
