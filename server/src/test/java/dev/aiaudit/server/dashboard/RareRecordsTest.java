package dev.aiaudit.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.AlertSeverity;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import dev.aiaudit.store.EventStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts and findings answered from memory give the store's rows for every query the dashboard asks of them, stay
 * right when records reach the store without the feed (read again on a count mismatch), and take fed batches
 * without reading the store again.
 */
class RareRecordsTest {
  @TempDir Path dir;

  @Test
  void sameRowsAsTheStore_rereadOnMismatch_fedWithoutReread() throws Exception {
    long t0 = 1_767_225_600_000_000_000L;
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      RecordSource plain = RecordSource.over("node-1", store, s -> java.util.Optional.empty());
      RareRecords rare = new RareRecords(plain, RareRecords.BY_SEQ);
      List<RecordedEvent> recs = new ArrayList<>();
      for (int i = 1; i <= 400; i++) {
        long t = t0 + (i % 37) * 1_000_000_000L; // ties and out-of-seq times
        String host = i % 3 == 0 ? "node-2" : "node-1";
        Event e = switch (i % 4) {
          case 0 -> new FindingEvent(t, host, "scan:ai-host/c" + i % 11, "absent", "fail", "m", "scan");
          case 1 -> new FindingEvent(t, host, "alert:" + i, "open", "acknowledged", "ok", "dashboard:admin");
          case 2 -> new AlertEvent(t, host, "r" + i % 5, "t", "d", AlertSeverity.LOW, List.of(), List.of(), "g", 0, "m", "rules", null);
          default -> dev.aiaudit.model.FileEvent.of(t, host, dev.aiaudit.model.FileActivity.READ, dev.aiaudit.model.ProcessInfo.unknown(1),
              "/models/x", dev.aiaudit.model.AssetKind.MODEL_WEIGHTS, "fanotify");
        };
        recs.add(RecordedEvent.of(i, DashboardFixture.sha256("r" + i), e));
      }
      store.insert(recs.subList(0, 300));
      store.flush();
      List<EventQuery> qs = List.of(
          EventQuery.builder().classUids(List.of(2003)).limit(0).build(),
          EventQuery.builder().classUids(List.of(2003)).pathGlob("scan:*").limit(0).build(),
          EventQuery.builder().classUids(List.of(2003)).pathGlob("alert:*").host("node-2").limit(0).build(),
          EventQuery.builder().classUids(List.of(2004)).newestFirst(true).limit(7).build(),
          EventQuery.builder().classUids(List.of(2004, 2003)).newestFirst(true).limit(0).build(),
          EventQuery.builder().classUids(List.of(2004)).from(Instant.ofEpochSecond(0, t0 + 5_000_000_000L))
              .to(Instant.ofEpochSecond(0, t0 + 9_000_000_000L)).limit(0).build(),
          EventQuery.builder().classUids(List.of(2003)).pathGlob("scan:ai-host/c1?").limit(0).build(), // not a prefix: the store
          EventQuery.builder().classUids(List.of(1001)).limit(5).build());
      check(plain, rare, qs);
      assertThat(rare.reloads.get()).isEqualTo(1);
      // records reach the store without the feed: the count differs, the set is read again
      store.insert(recs.subList(300, 350));
      store.flush();
      Thread.sleep(RareRecords.CHECK_EVERY_NS / 1_000_000 + 50);
      check(plain, rare, qs);
      assertThat(rare.reloads.get()).isEqualTo(2);
      // a fed batch (indexed, then published) joins without a read
      store.insert(recs.subList(350, 400));
      store.flush();
      rare.published(recs.subList(350, 400));
      check(plain, rare, qs);
      assertThat(rare.reloads.get()).isEqualTo(2);
    }
  }

  private static void check(RecordSource plain, RecordSource rare, List<EventQuery> qs) {
    for (EventQuery q : qs) {
      List<Long> a = new ArrayList<>();
      List<Long> b = new ArrayList<>();
      plain.query(q, (EventRow r) -> a.add(r.seq()));
      rare.query(q, (EventRow r) -> b.add(r.seq()));
      assertThat(b).as(q.toString()).isEqualTo(a);
    }
  }
}
