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

  /** The journal record with this seq, read from the system of record (the journal), or empty. */
  Optional<EventRow> record(long seq);

  /** Queries and counts on {@code store}; {@code record} reads one record by seq (the journal, where there is one). */
  static RecordSource over(EventStore store, LongFunction<Optional<EventRow>> record) {
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
      public Optional<EventRow> record(long seq) {
        return record.apply(seq);
      }
    };
  }
}
