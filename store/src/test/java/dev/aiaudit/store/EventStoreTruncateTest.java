package dev.aiaudit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.RecordedEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9 item 7: the index is cut back to the journal's end after a trimmed tail, so reused seqs are indexed. */
class EventStoreTruncateTest {
  @TempDir Path dir;

  @Test
  void truncateAfter_removesRowsPastTheSeq_andTheSeqIsIndexedAgain() {
    Path file = dir.resolve("events.duckdb");
    try (EventStore store = EventStore.openDuckDb(file)) {
      store.insert(StoreFixtures.records(1, 15));
      assertThat(store.lastSeq()).isEqualTo(15);

      assertThat(store.truncateAfter(14)).isEqualTo(1);
      assertThat(store.lastSeq()).isEqualTo(14);

      List<RecordedEvent> again = StoreFixtures.records(15, 3);
      assertThat(store.insert(again)).isEqualTo(3);
      assertThat(store.query(EventQuery.all())).hasSize(17);
    }
    try (EventStore ro = EventStore.openDuckDbReadOnly(file)) {
      assertThat(ro.lastSeq()).isEqualTo(17);
    }
  }

  @Test
  void writableSnapshot_takesNewerRows_originalUntouched() {
    Path file = dir.resolve("events.duckdb");
    try (EventStore store = EventStore.openDuckDb(file)) {
      store.insert(StoreFixtures.records(1, 10));
      store.checkpoint();
    }
    Path copy;
    try (EventStore snap = EventStore.openDuckDbWritableSnapshot(file)) {
      assertThat(snap.lastSeq()).isEqualTo(10);
      snap.insert(StoreFixtures.records(11, 5));
      assertThat(snap.query(EventQuery.all())).hasSize(15);
      copy = snap.file();
    }
    assertThat(copy).doesNotExist();
    try (EventStore ro = EventStore.openDuckDbReadOnly(file)) {
      assertThat(ro.lastSeq()).isEqualTo(10);
    }
  }
}
