package dev.aiaudit.policy.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.policy.admission.Violation;
import dev.aiaudit.policy.inventory.Json;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A change of one inventory item's compliance state.
 *
 * @param previousState the state before ({@code absent} for an item seen for the first time)
 * @param state {@code compliant}, {@code warning} (audit violations only), {@code non-compliant} (a deny) or
 *     {@code absent} (the item disappeared from the manifests)
 * @param source the item's {@code source} block (file and line), or an empty object
 */
public record ComplianceFinding(
    Instant time, String itemId, String previousState, String state, List<Violation> violations,
    JsonNode source) {

  public static final String TYPE = "policy.compliance_change";
  public static final String ABSENT = "absent";

  public ComplianceFinding {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(previousState, "previousState");
    Objects.requireNonNull(state, "state");
    violations = List.copyOf(violations);
    source = source == null ? Json.object() : source;
  }

  /** One JSON line: {@code {"type":"policy.compliance_change","time":...,"itemId":...,...}}. */
  public ObjectNode toJson() {
    ObjectNode out = Json.object();
    out.put("type", TYPE);
    out.put("time", time.toString());
    out.put("itemId", itemId);
    out.put("previousState", previousState);
    out.put("state", state);
    var arr = out.putArray("violations");
    violations.forEach(v -> arr.addObject().put("policyId", v.policyId())
        .put("effect", v.effect().jsonName()).put("message", v.message()));
    if (!source.isEmpty()) {
      out.set("source", source);
    }
    return out;
  }
}
