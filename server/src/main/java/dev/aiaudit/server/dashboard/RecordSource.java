package dev.aiaudit.server.dashboard;

import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import dev.aiaudit.store.EventStore;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Where the dashboard reads records: the agent's DuckDB index (the embedded default) or, later, the fleet's
 * PostgreSQL store. Two questions only, so any store can answer them.
 */
public interface RecordSource {

  /** Streams the rows matching {@code q} in the query's order; returns how many were delivered. */
  long query(EventQuery q, Consumer<? super EventRow> sink);

  /** How many rows match {@code q}; a store that can count without reading them overrides this. */
  default long count(EventQuery q) {
    return query(q, r -> { });
  }

  /**
   * Records per time bucket of the rows {@code q} selects ({@link dev.aiaudit.store.EventSearch#histogram}); a store
   * that counts in SQL overrides this default, which reads the rows.
   */
  default long[] histogram(EventQuery q, long bucketNs) {
    long[] out = new long[dev.aiaudit.store.sql.FilterSql.buckets(q, bucketNs)];
    long from = dev.aiaudit.store.sql.FilterSql.epochNanos(q.from());
    EventQuery all = new EventQuery(q.from(), q.to(), q.classUids(), q.assetKinds(), q.pathGlob(), q.process(), q.user(),
        q.container(), q.activities(), 0, false, q.host());
    query(all, r -> out[(int) ((r.event().timeNs() - from) / bucketNs)]++);
    return out;
  }

  /**
   * The hosts with records here, where the source can list them without reading records (a fleet store keeps a
   * table of its hosts); empty when it cannot (one host's index: the caller looks at the newest records).
   */
  default java.util.List<String> hosts() {
    return java.util.List.of();
  }

  /**
   * Whether the batches this process indexes (the live feed's) are records of this source: true for the agent's own
   * index; false for a fleet store, which {@code serve} fills on its own time.
   */
  default boolean indexedHere() {
    return true;
  }

  /**
   * The journal record of {@code host} with this seq, read from the system of record (this host's journal, or the
   * fleet store that holds every host's chain), or empty.
   */
  Optional<EventRow> record(String host, long seq);

  /**
   * Queries and counts on one host's {@code store}; {@code record} reads one of {@code host}'s records by seq (the
   * journal, where there is one); another host's record is not here.
   */
  static RecordSource over(String host, EventStore store, LongFunction<Optional<EventRow>> record) {
    return new RecordSource() {
      @Override
      public long query(EventQuery q, Consumer<? super EventRow> sink) {
        return store.query(q, sink);
      }

      @Override
      public long count(EventQuery q) {
        return store.count(q);
      }

      @Override
      public long[] histogram(EventQuery q, long bucketNs) {
        return store.histogram(q, bucketNs);
      }

      @Override
      public Optional<EventRow> record(String h, long seq) {
        return h.equals(host) ? record.apply(seq) : Optional.empty();
      }
    };
  }
}
