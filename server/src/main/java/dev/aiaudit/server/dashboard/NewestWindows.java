package dev.aiaudit.server.dashboard;

import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Newest-first queries with a limit (a page of events, the newest alerts) without sorting the whole store: the
 * index has no ordering index (DuckDB keeps min/max per row group instead, and rows arrive in time order), so
 * {@code ORDER BY time DESC LIMIT n} over 10 million rows reads and sorts them all. This asks a window of recent time
 * first ({@code time >= anchor - w}, where zone maps skip every older row group) and widens it eightfold until it
 * holds {@code limit} rows, no row is older than it (a count that stops at the first row), or it covers the query's
 * own range. The answer is the same: every row outside a window is
 * older than every row in it, so a window holding {@code limit} rows holds the newest {@code limit}.
 */
final class NewestWindows extends ForwardingRecordSource {
  static final Duration FIRST = Duration.ofMinutes(1);
  static final int GROWTH = 8;
  /** Past this the next step asks the query's whole range. */
  static final Duration WIDEST = Duration.ofDays(366);

  private final Supplier<Instant> now;
  final AtomicLong probes = new AtomicLong();

  NewestWindows(RecordSource inner, Supplier<Instant> now) {
    super(inner);
    this.now = now;
  }

  @Override
  public long query(EventQuery q, Consumer<? super EventRow> sink) {
    if (!q.newestFirst() || q.limit() == 0) {
      return inner.query(q, sink);
    }
    Instant anchor = q.to() != null ? q.to() : now.get();
    Duration w = FIRST;
    while (w.compareTo(WIDEST) <= 0) {
      Instant from = anchor.minus(w);
      if (q.from() != null && !from.isAfter(q.from())) {
        break; // the window reaches the query's own start: ask that
      }
      List<EventRow> rows = new ArrayList<>(Math.min(q.limit(), 4096));
      probes.incrementAndGet();
      inner.query(with(q, from, q.to(), q.limit(), true), rows::add);
      // enough rows, or none older than the window (a count that stops at the first row): the window's rows are all
      if (rows.size() >= q.limit() || inner.count(with(q, q.from(), from, 1, false)) == 0) {
        rows.forEach(sink);
        return rows.size();
      }
      // widen by what the window's density suggests (at least eightfold; eightfold when it held nothing)
      long factor = rows.isEmpty() ? GROWTH : Math.max(GROWTH, Math.min(4096, 2L * q.limit() / rows.size()));
      w = w.multipliedBy(factor);
    }
    probes.incrementAndGet();
    return inner.query(q, sink);
  }

  private static EventQuery with(EventQuery q, Instant from, Instant to, int limit, boolean newestFirst) {
    return new EventQuery(from, to, q.classUids(), q.assetKinds(), q.pathGlob(), q.process(), q.user(), q.container(),
        q.activities(), limit, newestFirst, q.host());
  }
}
