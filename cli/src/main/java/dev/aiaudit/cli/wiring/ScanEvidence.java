package dev.aiaudit.cli.wiring;

import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.scan.VerdictChanges;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import dev.aiaudit.store.EventStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last recorded scan verdict of every subject, read back from the index (which mirrors the journal), so a
 * scan journals only the verdicts that changed since the previous one, in this process or an earlier one.
 */
public final class ScanEvidence {
  private ScanEvidence() {}

  /** Subject ({@code scan:profile/check[@scope]}) to the state of its newest recorded finding (highest seq). */
  public static Map<String, String> lastStates(EventStore store) {
    EventQuery q = EventQuery.builder().classUids(List.of(FindingEvent.CLASS_UID))
        .pathGlob(VerdictChanges.SUBJECT_PREFIX + "*").limit(0).build();
    Map<String, String> states = new HashMap<>();
    Map<String, Long> seqs = new HashMap<>();
    store.query(q, (EventRow row) -> {
      if (row.event() instanceof FindingEvent f && f.source().equals(VerdictChanges.SOURCE)
          && row.seq() > seqs.getOrDefault(f.subject(), Long.MIN_VALUE)) {
        seqs.put(f.subject(), row.seq());
        states.put(f.subject(), f.state());
      }
    });
    return states;
  }
}
