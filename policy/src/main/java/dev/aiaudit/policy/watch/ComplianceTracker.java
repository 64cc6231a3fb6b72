package dev.aiaudit.policy.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.policy.admission.AdmissionDecision;
import dev.aiaudit.policy.admission.AdmissionPolicy;
import dev.aiaudit.policy.admission.Violation;
import dev.aiaudit.policy.inventory.Inventory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Remembers each item's last compliance state and, given a new inventory, returns a finding for every item
 * whose state (or set of violated policies) changed, appeared or disappeared. Not thread-safe: one watcher
 * thread owns it.
 */
public final class ComplianceTracker {

  private record Known(String state, Set<String> policyIds, ObjectNode source) {}

  private final AdmissionPolicy policy;
  private final Clock clock;
  private final Map<String, Known> known = new LinkedHashMap<>();

  public ComplianceTracker(AdmissionPolicy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
  }

  public List<ComplianceFinding> update(Inventory inventory) {
    List<ComplianceFinding> out = new ArrayList<>();
    Map<String, Known> next = new HashMap<>();
    var now = clock.instant();
    for (ObjectNode item : inventory.items()) {
      String id = item.path("id").asText();
      AdmissionDecision d = AdmissionDecision.of(id, policy, item);
      Set<String> ids = new TreeSet<>(d.violations().stream().map(Violation::policyId).toList());
      ObjectNode source = item.has("source") ? (ObjectNode) item.get("source") : null;
      Known now2 = new Known(d.complianceState(), ids, source);
      next.put(id, now2);
      Known before = known.get(id);
      if (before == null || !before.state.equals(now2.state) || !before.policyIds.equals(ids)) {
        out.add(new ComplianceFinding(now, id, before == null ? ComplianceFinding.ABSENT : before.state,
            now2.state, d.violations(), source));
      }
    }
    for (var e : known.entrySet()) {
      if (!next.containsKey(e.getKey())) {
        out.add(new ComplianceFinding(now, e.getKey(), e.getValue().state, ComplianceFinding.ABSENT,
            List.of(), e.getValue().source));
      }
    }
    known.clear();
    inventory.items().forEach(i -> known.put(i.path("id").asText(), next.get(i.path("id").asText())));
    return out;
  }

  /** The current state per item id (for tests and status output). */
  public Map<String, String> states() {
    Map<String, String> out = new LinkedHashMap<>();
    known.forEach((k, v) -> out.put(k, v.state));
    return out;
  }
}
