package dev.aiaudit.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overview's 24 h count kept by deltas equals a full count of the window as time slides and rows arrive, over a
 * real DuckDB index; a row indexed late inside the counted range shows at the next exact recount.
 */
class SlidingCountTest {
  @TempDir Path dir;

  @Test
  void deltasEqualTheFullCount_lateRowAtTheNextRecount() {
    Instant t0 = Instant.parse("2026-12-02T00:00:00Z");
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      long[] seq = {0};
      java.util.function.BiConsumer<Instant, AssetKind> add = (t, k) -> {
        seq[0]++;
        store.insert(List.of(RecordedEvent.of(seq[0], DashboardFixture.sha256("s" + seq[0]), FileEvent.of(
            t.getEpochSecond() * 1_000_000_000L + t.getNano(), "node-1", FileActivity.READ, ProcessInfo.unknown(1), "/m",
            k, "fanotify"))));
        store.flush();
      };
      SlidingCount c = new SlidingCount(store::count, b -> b.classUids(List.of(1001)).assetKinds(List.of(AssetKind.MODEL_WEIGHTS)));
      Duration w = Duration.ofHours(1);
      java.util.function.Function<Instant, Long> full = now -> store.count(EventQuery.builder().classUids(List.of(1001))
          .assetKinds(List.of(AssetKind.MODEL_WEIGHTS)).from(now.minus(w)).to(now).limit(0).build());
      Instant now = t0.plus(Duration.ofHours(2));
      for (int i = 0; i < 200; i++) {
        add.accept(t0.plusSeconds(i * 40L), i % 3 == 0 ? AssetKind.TRAINING_DATA : AssetKind.MODEL_WEIGHTS);
      }
      for (int step = 0; step < 40; step++) {
        now = now.plusSeconds(1 + step % 7);
        add.accept(now.minusMillis(500), AssetKind.MODEL_WEIGHTS);
        assertThat(c.over(w, now)).as("step " + step).isEqualTo(full.apply(now));
      }
      // a late row inside the range already counted: not in the deltas, in the next exact count
      add.accept(now.minus(Duration.ofMinutes(30)), AssetKind.MODEL_WEIGHTS);
      Instant soon = now.plusSeconds(1);
      assertThat(c.over(w, soon)).isEqualTo(full.apply(soon) - 1);
      Instant later = soon.plus(SlidingCount.EXACT_EVERY);
      assertThat(c.over(w, later)).isEqualTo(full.apply(later));
    }
  }
}
