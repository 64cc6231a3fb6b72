package dev.aiaudit.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a policy does when its {@code if} matches (Azure Policy effect names). */
public enum Effect {
  /** Flag as non-compliant. */
  AUDIT("audit"),
  /** Flag as non-compliant; admission control refuses the deployment. */
  DENY("deny"),
  /** The {@code if} selects the deployment; compliance needs runtime evidence (journal, store). */
  AUDIT_IF_NOT_EXISTS("auditIfNotExists"),
  /** No machine can decide: an attestation decides, otherwise the state is unknown. */
  MANUAL("manual"),
  /** Not evaluated. */
  DISABLED("disabled"),
  /** Not enforced (no remediation); compliance as Azure: existence condition on the related resource. */
  DEPLOY_IF_NOT_EXISTS("deployIfNotExists", false),
  /** Not enforced; compliance as Azure: {@code if} true = non-compliant. */
  MODIFY("modify", false),
  /** Not enforced; compliance as Azure: {@code if} true = non-compliant. */
  APPEND("append", false),
  /** Kubernetes mutation; not enforced; Azure reports no compliance state for it. */
  MUTATE("mutate", false),
  /** Blocks delete requests; not enforced; Azure reports the selected resources as protected. */
  DENY_ACTION("denyAction", false),
  /** Legacy AKS Rego constraint; not evaluated (no Rego engine): selected items are unknown. */
  ENFORCE_REGO_POLICY("enforceRegoPolicy", false),
  /** Legacy Gatekeeper v3 constraint; not evaluated: selected items are unknown. */
  ENFORCE_OPA_CONSTRAINT("enforceOPAConstraint", false),
  /** Network-group membership; not enforced: selected items are unknown. */
  ADD_TO_NETWORK_GROUP("addToNetworkGroup", false),
  /** Azure Machine Learning workspace setting; not enforced: selected items are unknown. */
  ENFORCE_SETTING("enforceSetting", false);

  private final String wire;
  private final boolean enforced;

  Effect(String wire) {
    this(wire, true);
  }

  Effect(String wire, boolean enforced) {
    this.wire = wire;
    this.enforced = enforced;
  }

  /** False for effects ai-audit loads and evaluates for compliance but does not carry out. */
  public boolean enforced() {
    return enforced;
  }

  @JsonValue
  public String wireName() {
    return wire;
  }

  /** Case-insensitive parse of the Azure spelling ({@code Audit}, {@code auditIfNotExists}). */
  public static Effect parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (Effect e : values()) {
      if (e.wire.toLowerCase(Locale.ROOT).equals(t)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown effect '" + text + "' (expected audit, deny, auditIfNotExists, manual, disabled; loaded but not"
            + " enforced: deployIfNotExists, modify, append, mutate, denyAction, enforceRegoPolicy, enforceOPAConstraint,"
            + " addToNetworkGroup, enforceSetting)");
  }
}
