package dev.aiaudit.policy.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.policy.admission.Violation;
import dev.aiaudit.policy.inventory.Inventory;
import dev.aiaudit.policy.inventory.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComplianceTrackerTest {

  private static ObjectNode item(String id, String flag) {
    return Json.object().put("id", id).put("flag", flag);
  }

  private final ComplianceTracker tracker = new ComplianceTracker(
      i -> switch (i.path("flag").asText()) {
        case "deny" -> List.of(Violation.deny("P1", "no"));
        case "audit" -> List.of(Violation.audit("P2", "hmm"));
        default -> List.of();
      },
      Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC));

  private static Inventory inv(ObjectNode... items) {
    return new Inventory(List.of(items), List.of(), 0);
  }

  @Test
  void update_sequenceOfInventories_reportsOnlyChanges() {
    assertThat(tracker.update(inv(item("a", "ok"), item("b", "deny"))))
        .extracting(ComplianceFinding::itemId, ComplianceFinding::previousState, ComplianceFinding::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", "absent", "compliant"),
            org.assertj.core.groups.Tuple.tuple("b", "absent", "non-compliant"));

    assertThat(tracker.update(inv(item("a", "ok"), item("b", "deny")))).isEmpty();

    assertThat(tracker.update(inv(item("b", "audit"))))
        .extracting(ComplianceFinding::itemId, ComplianceFinding::previousState, ComplianceFinding::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("b", "non-compliant", "warning"),
            org.assertj.core.groups.Tuple.tuple("a", "compliant", "absent"));
    assertThat(tracker.states()).containsExactly(java.util.Map.entry("b", "warning"));
  }

  @Test
  void toJson_finding_hasTypeTimeStatesAndViolations() {
    ComplianceFinding f = tracker.update(inv(item("b", "deny"))).getFirst();

    assertThat(f.toJson().toString()).isEqualTo(
        "{\"type\":\"policy.compliance_change\",\"time\":\"2026-11-24T12:00:00Z\",\"itemId\":\"b\","
            + "\"previousState\":\"absent\",\"state\":\"non-compliant\","
            + "\"violations\":[{\"policyId\":\"P1\",\"effect\":\"deny\",\"message\":\"no\"}]}");
  }
}
