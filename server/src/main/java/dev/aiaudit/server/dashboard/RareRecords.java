package dev.aiaudit.server.dashboard;

import dev.aiaudit.model.AlertEvent;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Alerts and compliance findings (rare among millions of file records) held in memory, so the overview, alerts,
 * deployments and hosts do not scan the whole index for them on every request: in a columnar store, a few rows spread
 * over every row group cost a read of every row group. The set is checked against the store by a count of those
 * classes (it reads only the class column; at most every {@link #CHECK_EVERY_NS} ns) and read again when the count
 * differs; batches the agent publishes are added as they are indexed, so in {@code up} the count matches, nothing
 * is re-read, and a new alert shows at once. Records that reach the store without the feed (a fleet store that
 * {@code serve} fills) show within that interval. Past
 * {@link #MAX} rows it stops holding them and every query goes to the store. Only queries it can answer exactly are
 * answered here (these classes; host, time range, and a subject-prefix glob on findings); any other goes to the store.
 */
final class RareRecords extends ForwardingRecordSource {
  static final Set<Integer> CLASSES = Set.of(FindingEvent.CLASS_UID, AlertEvent.CLASS_UID);
  static final int MAX = 200_000;
  /** The store is counted at most this often; between counts only fed batches change the set. */
  static final long CHECK_EVERY_NS = 250_000_000L;
  /** The index's order: time, then seq. */
  static final Comparator<EventRow> BY_SEQ = Comparator.<EventRow>comparingLong(r -> r.event().timeNs())
      .thenComparingLong(EventRow::seq);
  /** A fleet store's order: time, host, then seq (seqs are per host). */
  static final Comparator<EventRow> BY_HOST = Comparator.<EventRow>comparingLong(r -> r.event().timeNs())
      .thenComparing(r -> r.event().host()).thenComparingLong(EventRow::seq);

  private final Comparator<EventRow> order;
  private final ConcurrentLinkedQueue<EventRow> pending = new ConcurrentLinkedQueue<>();
  private NavigableSet<EventRow> rows;
  private boolean tooMany;
  private long checkedAt;
  final AtomicLong reloads = new AtomicLong();

  /** @param order the order {@code inner} returns rows in ({@link #BY_SEQ} or {@link #BY_HOST}) */
  RareRecords(RecordSource inner, Comparator<EventRow> order) {
    super(inner);
    this.order = order;
  }

  /** An indexed batch (the live feed's): its alerts and findings join the set. */
  void published(List<RecordedEvent> batch) {
    for (RecordedEvent r : batch) {
      if (CLASSES.contains(r.event().classUid())) {
        pending.add(new EventRow(r.seq(), r.hash(), r.event()));
      }
    }
  }

  private synchronized NavigableSet<EventRow> current() {
    if (tooMany) {
      return null;
    }
    for (EventRow r; (r = pending.poll()) != null; ) {
      if (rows != null) {
        rows.add(r);
      }
    }
    long t = System.nanoTime();
    if (rows != null && t - checkedAt < CHECK_EVERY_NS) {
      return rows;
    }
    checkedAt = t;
    EventQuery all = EventQuery.builder().classUids(CLASSES).limit(0).build();
    long n = inner.count(all);
    if (rows == null || n != rows.size()) {
      if (n > MAX) {
        tooMany = true;
        rows = null;
        return null;
      }
      reloads.incrementAndGet();
      NavigableSet<EventRow> fresh = new TreeSet<>(order);
      inner.query(all, fresh::add);
      rows = fresh;
    }
    return rows;
  }

  /** The literal prefix of a glob {@code prefix*}, or null when the glob is anything else. */
  static String prefix(String glob) {
    if (glob == null || !glob.endsWith("*")) {
      return null;
    }
    String p = glob.substring(0, glob.length() - 1);
    return p.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '\\') ? null : p;
  }

  private static boolean answerable(EventQuery q) {
    return !q.classUids().isEmpty() && CLASSES.containsAll(q.classUids()) && q.assetKinds().isEmpty()
        && q.activities().isEmpty() && q.process() == null && q.user() == null && q.container() == null
        && (q.pathGlob() == null || q.classUids().equals(Set.of(FindingEvent.CLASS_UID)) && prefix(q.pathGlob()) != null);
  }

  @Override
  public long query(EventQuery q, Consumer<? super EventRow> sink) {
    NavigableSet<EventRow> set = answerable(q) ? current() : null;
    if (set == null) {
      return inner.query(q, sink);
    }
    List<EventRow> out = new ArrayList<>();
    synchronized (this) {
      String prefix = prefix(q.pathGlob());
      long from = q.from() == null ? Long.MIN_VALUE : nanos(q.from());
      long to = q.to() == null ? Long.MAX_VALUE : nanos(q.to());
      for (EventRow r : q.newestFirst() ? set.descendingSet() : set) {
        var e = r.event();
        if (q.classUids().contains(e.classUid()) && e.timeNs() >= from && e.timeNs() < to
            && (q.host() == null || q.host().equals(e.host()))
            && (prefix == null || e instanceof FindingEvent f && f.subject().startsWith(prefix))) {
          out.add(r);
          if (q.limit() > 0 && out.size() >= q.limit()) {
            break;
          }
        }
      }
    }
    out.forEach(sink);
    return out.size();
  }

  private static long nanos(Instant t) {
    return dev.aiaudit.store.sql.FilterSql.epochNanos(t);
  }
}
