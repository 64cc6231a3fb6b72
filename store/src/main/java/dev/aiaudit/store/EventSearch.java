package dev.aiaudit.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What {@code ai-audit query} and {@code policy eval --data-dir} need from a store: run an {@link EventQuery}. Both
 * the DuckDB index of one host ({@link EventStore}) and the PostgreSQL store of a fleet ({@link #openPostgres}) answer
 * it, with the same filters (one SQL builder, {@link dev.aiaudit.store.sql.FilterSql}) and the same rows.
 */
public interface EventSearch extends AutoCloseable {

  /**
   * Opens the fleet store that {@code ai-audit serve} fills, read-only for queries.
   *
   * @param url {@code postgresql://user[:password]@host[:port]/db} or a {@code jdbc:postgresql:} URL
   * @throws StoreException when the server cannot be reached or holds no fleet store
   * @throws IllegalArgumentException when the URL is not a PostgreSQL URL
   */
  static EventSearch openPostgres(String url) {
    return dev.aiaudit.store.pg.PgEventSearch.open(url);
  }

  /**
   * Streams the events matching {@code q} to {@code sink} in the query's order, without holding them all in memory.
   * In a fleet store, rows of the same time are ordered by host, then seq.
   *
   * @return the number of rows delivered
   */
  long query(EventQuery q, Consumer<? super EventRow> sink);

  /** The events matching {@code q}, in the query's order (bounded by {@link EventQuery#limit()}). */
  default List<EventRow> query(EventQuery q) {
    List<EventRow> rows = new ArrayList<>();
    query(q, rows::add);
    return rows;
  }

  /**
   * Records per time bucket of the rows {@code q} selects (its limit ignored): element {@code i} counts the times in
   * {@code [from + i * bucketNs, from + (i + 1) * bucketNs)}, the last bucket ending at {@code q}'s end. Both stores
   * count in SQL ({@link dev.aiaudit.store.sql.FilterSql#histogram}); this default reads the rows.
   *
   * @throws IllegalArgumentException for an open range, a bucket below 1 ns, or more than
   *     {@link dev.aiaudit.store.sql.FilterSql#MAX_BUCKETS} buckets
   */
  default long[] histogram(EventQuery q, long bucketNs) {
    long[] out = new long[dev.aiaudit.store.sql.FilterSql.buckets(q, bucketNs)];
    long from = dev.aiaudit.store.sql.FilterSql.epochNanos(q.from());
    EventQuery all = new EventQuery(q.from(), q.to(), q.classUids(), q.assetKinds(), q.pathGlob(), q.process(), q.user(),
        q.container(), q.activities(), 0, false, q.host());
    query(all, r -> out[(int) ((r.event().timeNs() - from) / bucketNs)]++);
    return out;
  }

  @Override
  void close();
}
