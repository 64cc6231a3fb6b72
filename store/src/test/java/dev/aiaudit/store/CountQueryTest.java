package dev.aiaudit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.testing.Events;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link EventStore#count} in SQL agrees with reading the rows, for filters, time ranges and limits. */
class CountQueryTest {
  @TempDir Path dir;

  @Test
  void count_matchesTheRowsAQueryReturns() {
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      List<RecordedEvent> batch = new ArrayList<>();
      long t0 = 1_700_000_000_000_000_000L;
      for (int i = 1; i <= 500; i++) {
        batch.add(new RecordedEvent(i, "%064x".formatted(i), Events.sample(i, t0 + i * 1_000_000_000L)));
      }
      store.insert(batch);
      for (EventQuery q : List.of(EventQuery.all(),
          EventQuery.builder().classUids(List.of(FileEvent.CLASS_UID)).assetKinds(List.of(AssetKind.MODEL_WEIGHTS)).limit(0).build(),
          EventQuery.builder().from(Instant.ofEpochSecond(0, t0 + 100_000_000_000L)).limit(0).build(),
          EventQuery.builder().pathGlob("/models/*").limit(7).build(),
          EventQuery.builder().process("nobody-runs-this").limit(0).build())) {
        assertThat(store.count(q)).as(q.toString()).isEqualTo(store.query(q).size());
      }
      assertThat(store.count(EventQuery.all())).isEqualTo(500);
    }
  }
}
