package dev.aiaudit.server.dashboard;

import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import java.util.Optional;
import java.util.function.Consumer;

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
}
