package dev.aiaudit.cli.wiring;

import dev.aiaudit.journal.Journal;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.store.EventStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Replays the journal into the store: at start (records the store missed) and for {@code reindex}. */
public final class StoreCatchUp {
  private static final int BATCH = 8_192;

  private StoreCatchUp() {}

  /** Inserts every journal record from {@code fromSeq} on; returns how many. */
  public static long replay(Path journalDir, EventStore store, long fromSeq) {
    long n = 0;
    List<RecordedEvent> batch = new ArrayList<>(BATCH);
    try (Stream<RecordedEvent> s = Journal.read(journalDir, fromSeq)) {
      var it = s.iterator();
      while (it.hasNext()) {
        batch.add(it.next());
        if (batch.size() == BATCH) {
          store.insert(List.copyOf(batch));
          n += batch.size();
          batch.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      store.insert(List.copyOf(batch));
      n += batch.size();
    }
    return n;
  }
}
