package dev.aiaudit.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Attribution;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import dev.aiaudit.store.EventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Newest-first pages asked by widening time windows give exactly the rows the plain query gives, over a real DuckDB
 * index with records from years back to the future, ties on one nanosecond, and filters that match little or nothing.
 */
class NewestWindowsTest {
  @TempDir Path dir;

  @Test
  void windows_giveThePlainAnswer_andFewProbesForRecentRows() {
    Instant now = Instant.parse("2026-12-02T12:00:00Z");
    long nowNs = now.getEpochSecond() * 1_000_000_000L;
    Random r = new Random(11);
    List<RecordedEvent> recs = new ArrayList<>();
    long[] offsetsS = {-3 * 365 * 86_400L, -40 * 86_400L, -3_600, -600, -59, -30, -1, 0, 0, 0, 5, 3_600};
    for (int i = 1; i <= 3000; i++) {
      long off = offsetsS[r.nextInt(offsetsS.length)] * 1_000_000_000L + (i % 7 == 0 ? 0 : r.nextInt(1_000_000));
      ProcessInfo p = new ProcessInfo(100 + i % 9, 1, 1000, "u", i % 3 == 0 ? "/usr/bin/python3" : "/usr/bin/cat", "x", 0,
          null, null, null, Attribution.EXACT, null);
      recs.add(RecordedEvent.of(i, DashboardFixture.sha256("r" + i), FileEvent.of(nowNs + off, i % 5 == 0 ? "node-2" : "node-1",
          FileActivity.READ, p, "/models/m" + (i % 50) + ".bin", i % 2 == 0 ? AssetKind.MODEL_WEIGHTS : AssetKind.TRAINING_DATA,
          "fanotify")));
    }
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      store.insert(recs);
      store.flush();
      RecordSource plain = RecordSource.over("node-1", store, s -> java.util.Optional.empty());
      NewestWindows windows = new NewestWindows(plain, () -> now);
      List<EventQuery> qs = new ArrayList<>();
      for (int limit : new int[] {1, 3, 50, 165, 2999, 3000, 5000}) {
        qs.add(EventQuery.builder().newestFirst(true).limit(limit).build());
        qs.add(EventQuery.builder().newestFirst(true).process("python3").limit(limit).build());
        qs.add(EventQuery.builder().newestFirst(true).host("node-2").assetKinds(List.of(AssetKind.MODEL_WEIGHTS)).limit(limit).build());
        qs.add(EventQuery.builder().newestFirst(true).to(now.minusSeconds(30)).limit(limit).build());
        qs.add(EventQuery.builder().newestFirst(true).from(now.minus(Duration.ofDays(50))).to(now.minusSeconds(59)).limit(limit).build());
        qs.add(EventQuery.builder().newestFirst(true).pathGlob("/nothing/*").limit(limit).build());
      }
      qs.add(EventQuery.builder().newestFirst(true).limit(0).build());
      qs.add(EventQuery.builder().limit(10).build());
      for (EventQuery q : qs) {
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        plain.query(q, (EventRow row) -> a.add(row.seq()));
        windows.query(q, (EventRow row) -> b.add(row.seq()));
        assertThat(b).as(q.toString()).isEqualTo(a);
      }
      long before = windows.probes.get();
      windows.query(EventQuery.builder().newestFirst(true).limit(10).build(), row -> { });
      assertThat(windows.probes.get() - before).as("the first window (a minute) holds ten rows").isEqualTo(1);
    }
  }
}
