package dev.aiaudit.cli.wiring;

import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalException;
import dev.aiaudit.journal.JournalVerifier;
import dev.aiaudit.journal.VerifyResult;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.server.dashboard.VerifyStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The dashboard's {@code GET /api/v1/verify} without re-reading the whole journal on every call: one cached result,
 * keyed by the journal's last seq. Nothing appended since (or a problem found): the cached answer. Records appended: only those are read
 * ({@link Journal#read} checks their chain hashes), and the first one read must be the last verified record with
 * the verified hash, so the new records chain onto the verified prefix. A full verification (every record, every
 * signed checkpoint, the high-water mark) runs at the first call, after a problem, and when the last full one is
 * older than {@code fullEvery}, which bounds how long a change to already verified records can go unseen.
 */
final class CachedVerify implements Supplier<VerifyStatus> {
  private final Path dir;
  private final LongSupplier head;
  private final Duration fullEvery;
  private final Supplier<Instant> now;
  private VerifyStatus last;
  private Instant lastFull;
  private long fullRuns;
  private long incrementalRecords;

  /**
   * @param dir the journal directory
   * @param head the journal's last seq now (the writer's)
   * @param fullEvery the longest time between two full verifications
   */
  CachedVerify(Path dir, LongSupplier head, Duration fullEvery, Supplier<Instant> now) {
    this.dir = dir;
    this.head = head;
    this.fullEvery = fullEvery;
    this.now = now;
  }

  @Override
  public synchronized VerifyStatus get() {
    long seq = head.getAsLong();
    Instant t = now.get();
    boolean stale = lastFull == null || !t.isBefore(lastFull.plus(fullEvery));
    if (last == null || stale) {
      return full(t);
    }
    if (!last.ok() || seq <= last.lastSeq()) {
      return withMode(last, "cached"); // a broken chain stays broken until the next full run says otherwise
    }
    VerifyStatus next = incremental();
    return next != null ? next : full(t);
  }

  /** Full verifications run so far. */
  synchronized long fullRuns() {
    return fullRuns;
  }

  /** Records read by incremental verifications so far. */
  synchronized long incrementalRecords() {
    return incrementalRecords;
  }

  private VerifyStatus full(Instant t) {
    VerifyResult v = JournalVerifier.verify(dir, null);
    fullRuns++;
    lastFull = t;
    last = new VerifyStatus(v.ok(), v.records(), v.checkpoints(), v.lastSeq(), v.lastHash(), v.problem(), "full", t.toString());
    return last;
  }

  /** The records after the verified one, chained to it; {@code null} when they do not chain or cannot be read. */
  private VerifyStatus incremental() {
    long from = last.lastSeq();
    long n = 0;
    RecordedEvent r = null;
    try (Stream<RecordedEvent> s = Journal.read(dir, Math.max(1, from))) {
      Iterator<RecordedEvent> it = s.iterator();
      if (from > 0) {
        if (!it.hasNext()) {
          return null;
        }
        RecordedEvent first = it.next();
        if (first.seq() != from || !first.hash().equals(last.lastHash())) {
          return null; // the verified record changed: the full run names the problem
        }
        r = first;
      }
      while (it.hasNext()) {
        r = it.next();
        n++;
      }
    } catch (JournalException | java.io.UncheckedIOException e) {
      return null;
    }
    if (r == null) {
      return withMode(last, "cached");
    }
    incrementalRecords += n;
    last = new VerifyStatus(true, last.records() + n, last.checkpoints(), r.seq(), r.hash(), "", "incremental", last.fullAt());
    return last;
  }

  private static VerifyStatus withMode(VerifyStatus v, String mode) {
    return new VerifyStatus(v.ok(), v.records(), v.checkpoints(), v.lastSeq(), v.lastHash(), v.problem(), mode, v.fullAt());
  }
}
