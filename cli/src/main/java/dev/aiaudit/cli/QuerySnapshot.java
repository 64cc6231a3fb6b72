package dev.aiaudit.cli;

import dev.aiaudit.cli.wiring.StoreCatchUp;
import dev.aiaudit.journal.JournalException;
import dev.aiaudit.store.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What {@code query} searches while the agent holds the index: a private copy of the index file as of the
 * agent's last index checkpoint, brought up to date with every record the journal holds past the copy's
 * last seq. The journal is read-only and safe to read beside its writer; a batch still being written is
 * left out. If the journal cannot be read, the copy alone is queried and the message says how old it is.
 *
 * @param store the copy (deleted on close)
 * @param takenAt when the snapshot was made
 * @param indexCheckpoint when the index file was last checkpointed (its modification time)
 * @param fromJournal records added from the journal
 * @param upToSeq the last seq the snapshot holds
 * @param journalProblem why the journal could not be read past the copy, or null
 */
record QuerySnapshot(EventStore store, Instant takenAt, Instant indexCheckpoint, long fromJournal, long upToSeq,
    String journalProblem) {

  static final String NOTE = "querying a snapshot (the index's last checkpoint plus the journal's newer records)";
  private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  static QuerySnapshot take(Path file, Path journalDir, Clock clock) {
    Instant checkpoint;
    try {
      checkpoint = Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      checkpoint = clock.instant();
    }
    EventStore copy = EventStore.openDuckDbWritableSnapshot(file);
    long added = 0;
    String problem = null;
    try {
      if (Files.isDirectory(journalDir)) {
        added = StoreCatchUp.replay(journalDir, copy, copy.lastSeq() + 1);
        copy.flush();
      } else {
        problem = "no journal at " + journalDir;
      }
    } catch (JournalException | dev.aiaudit.store.StoreException e) {
      problem = e.getMessage();
    } catch (RuntimeException e) {
      copy.close();
      throw e;
    }
    return new QuerySnapshot(copy, clock.instant(), checkpoint, added, copy.lastSeq(), problem);
  }

  /** One line: {@code snapshot of 09:12:03 UTC, 0 s old, up to seq 118 (index checkpoint of 09:11:50 + 17 journal records)}. */
  String describe(Clock clock) {
    Instant now = clock.instant();
    if (journalProblem != null) {
      long age = Math.max(0, Duration.between(indexCheckpoint, now).toSeconds());
      return "snapshot of " + HMS.format(indexCheckpoint) + " UTC, " + age + " s old, up to seq " + upToSeq
          + " (the index's last checkpoint only: the journal could not be read past it: " + journalProblem + ")";
    }
    long age = Math.max(0, Duration.between(takenAt, now).toSeconds());
    return "snapshot of " + HMS.format(takenAt) + " UTC, " + age + " s old, up to seq " + upToSeq
        + " (index checkpoint of " + HMS.format(indexCheckpoint) + " UTC + " + fromJournal + " journal records)";
  }
}
