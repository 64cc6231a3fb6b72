package dev.aiaudit.export;

import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.testing.Events;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A real journal in a temp directory, read as the cli reads it for the exporters. */
public final class JournalSource implements RecordSource, AutoCloseable {
  private final Path dir;
  private final Journal journal;

  public JournalSource(Path dir) {
    this.dir = dir;
    this.journal = Journal.open(dir, JournalOptions.defaults().withSegmentBytes(256 * 1024));
  }

  /** Appends {@code n} sample events (in batches of 100) and returns what the journal recorded. */
  public List<RecordedEvent> append(int n) {
    List<RecordedEvent> out = new ArrayList<>(n);
    long base = journal.lastSeq();
    for (int i = 0; i < n; i += 100) {
      List<Event> batch = new ArrayList<>();
      for (int k = i; k < Math.min(n, i + 100); k++) {
        batch.add(Events.sample(base + k, 1_767_225_600_000_000_000L + (base + k) * 1000));
      }
      out.addAll(journal.append(batch));
    }
    return out;
  }

  public List<RecordedEvent> append(List<Event> events) {
    return journal.append(events);
  }

  /** seq -> hash of every record in the journal. */
  public Map<Long, String> hashes() {
    Map<Long, String> m = new TreeMap<>();
    try (Stream<RecordedEvent> s = Journal.read(dir, 1)) {
      s.forEach(r -> m.put(r.seq(), r.hash()));
    }
    return m;
  }

  public Journal journal() {
    return journal;
  }

  @Override
  public Stream<RecordedEvent> read(long fromSeq) {
    return Journal.read(dir, fromSeq);
  }

  @Override
  public long durableSeq() {
    return journal.durableSeq();
  }

  @Override
  public void close() {
    journal.close();
  }
}
