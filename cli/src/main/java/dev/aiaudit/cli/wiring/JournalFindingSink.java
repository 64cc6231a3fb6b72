package dev.aiaudit.cli.wiring;

import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.policy.watch.ComplianceFinding;
import dev.aiaudit.policy.watch.FindingSink;
import dev.aiaudit.store.EventStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes compliance findings into the journal (hash-chained, signed, like every event) and then the
 * store, so {@code query --class finding} and {@code verify} cover verdict history too. The journal
 * allows one writer: while {@code ai-audit watch} holds it, opening fails with a clear message.
 */
public final class JournalFindingSink implements FindingSink, AutoCloseable {
  private final Journal journal;
  private final EventStore store;
  private final String host;

  private JournalFindingSink(Journal journal, EventStore store, String host) {
    this.journal = journal;
    this.store = store;
    this.host = host;
  }

  /** Opens the journal and store under {@code dataDir}; the message of a failure names the path. */
  public static JournalFindingSink open(Path dataDir, String host) {
    Journal j = Journal.open(dataDir.resolve("journal"), JournalOptions.defaults());
    try {
      EventStore s = EventStore.openDuckDb(dataDir.resolve("events.duckdb"));
      long from = s.lastSeq() + 1;
      if (from <= j.lastSeq()) {
        StoreCatchUp.replay(dataDir.resolve("journal"), s, from);
      }
      return new JournalFindingSink(j, s, host);
    } catch (RuntimeException e) {
      j.close();
      throw e;
    }
  }

  static FindingEvent toEvent(ComplianceFinding f, String host) {
    String why = f.violations().isEmpty() ? "no violations"
        : f.violations().stream().map(v -> v.describe()).collect(Collectors.joining("; "));
    return new FindingEvent(f.time().getEpochSecond() * 1_000_000_000L + f.time().getNano(), host, f.itemId(),
        f.previousState(), f.state(), why, "policy-watch");
  }

  @Override
  public void accept(List<ComplianceFinding> batch) {
    List<FindingEvent> events = new ArrayList<>(batch.size());
    batch.forEach(f -> events.add(toEvent(f, host)));
    append(events);
  }

  /** Journals {@code findings} (durable when it returns) and indexes them; returns the records with seq + hash. */
  public List<RecordedEvent> append(List<FindingEvent> findings) {
    if (findings.isEmpty()) {
      return List.of();
    }
    List<RecordedEvent> recorded = journal.append(List.<Event>copyOf(findings)); // durable when it returns (group commit)
    store.insert(recorded);
    store.flush();
    return recorded;
  }

  /** The index, caught up with the journal when this sink was opened. */
  public EventStore store() {
    return store;
  }

  public String host() {
    return host;
  }

  public long lastSeq() {
    return journal.lastSeq();
  }

  @Override
  public void close() {
    store.close();
    journal.close();
  }
}
