package dev.aiaudit.policy.eval;

import dev.aiaudit.policy.ComplianceState;
import dev.aiaudit.policy.EvidenceRecord;
import dev.aiaudit.policy.Reason;
import java.util.List;

/**
 * The machine verdict of one policy on one item, before attestations and exemptions.
 *
 * @param state the state
 * @param applicable false when the policy's {@code if} did not select the item
 * @param reasons why
 * @param evidence the journal records the verdict rests on
 */
public record Verdict(ComplianceState state, boolean applicable, List<Reason> reasons, List<EvidenceRecord> evidence) {
  public Verdict {
    reasons = List.copyOf(reasons);
    evidence = List.copyOf(evidence);
  }
}
