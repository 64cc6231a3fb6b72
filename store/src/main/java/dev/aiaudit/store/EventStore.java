package dev.aiaudit.store;

import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.store.duckdb.DuckDbEventStore;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The queryable index of journal records. The journal is the system of record; the index can be
 * dropped ({@link #clear()}) and rebuilt from it at any time, and {@link #insert} is idempotent on
 * {@link RecordedEvent#seq()} so that a journal catch-up may overlap what is already indexed.
 *
 * <p>Thread-safety: implementations accept inserts from one thread at a time (they serialise
 * writers) and queries from any thread.
 */
public interface EventStore extends EventSearch {

  /**
   * Opens (creating it and its directory when missing) the DuckDB index at {@code file} for reading
   * and writing. Only one process may hold it open this way.
   *
   * @throws StoreException naming the path when the location is not writable, the disk is full, the
   *     file is held by another process, or is not a DuckDB database of this schema
   */
  static EventStore openDuckDb(Path file) throws StoreException {
    return DuckDbEventStore.open(file, false);
  }

  /**
   * Opens an existing DuckDB index read-only (for {@code ai-audit query}); {@link #insert} and
   * {@link #clear} then throw {@link UnsupportedOperationException}.
   *
   * @throws StoreException with reason {@link StoreException.Reason#NOT_FOUND} when there is no file,
   *     {@link StoreException.Reason#LOCKED} when a writer (the running agent) holds it
   */
  static EventStore openDuckDbReadOnly(Path file) throws StoreException {
    return DuckDbEventStore.open(file, true);
  }

  /**
   * Opens a read-only copy of the DuckDB index as of its writer's last checkpoint: the way to query
   * while another process (the running agent) holds the file, which DuckDB refuses to share. The
   * writer checkpoints at least once a minute while events flow, so the copy is about a minute
   * behind at most; it is deleted on {@link #close()}. Files over 2 GiB are not copied.
   *
   * @throws StoreException when there is no file, it is too large, or the copy cannot be made or read
   */
  static EventStore openDuckDbSnapshot(Path file) throws StoreException {
    return DuckDbEventStore.openSnapshot(file, false);
  }

  /**
   * As {@link #openDuckDbSnapshot(Path)}, but the private copy is opened for writing, so that the caller
   * can add the journal's records past the copy's {@link #lastSeq()} before querying it.
   */
  static EventStore openDuckDbWritableSnapshot(Path file) throws StoreException {
    return DuckDbEventStore.openSnapshot(file, true);
  }

  /**
   * Indexes a batch. Records whose seq is already indexed (or repeated within the batch) are skipped.
   *
   * @return the number of records actually added
   * @throws StoreException when the batch could not be written (the message names the file). Rows
   *     buffered but not yet committed are then dropped too and {@link #lastSeq()} falls back to the
   *     last committed seq: replay the journal from {@code lastSeq() + 1} before inserting newer
   *     batches, or the index keeps a gap (until a reindex)
   * @throws IllegalArgumentException when a record's hash is not hex (nothing of the batch is written)
   */
  int insert(List<RecordedEvent> batch);

  /**
   * Highest indexed seq, 0 when empty: a catch-up replays the journal from {@code lastSeq() + 1}.
   * Right after open it is the highest committed seq; afterwards it includes rows accepted by {@link
   * #insert} and not yet flushed.
   */
  long lastSeq();

  /**
   * Commits rows that {@link #insert} buffered (implementations batch commits for throughput), so
   * that other connections see them. Queries through this object flush first on their own.
   */
  void flush();

  /**
   * Commits and writes everything into the main database file, so that a copy of the file (a query
   * snapshot) holds it. A no-op for read-only stores.
   */
  void checkpoint();

  /** Drops every indexed event (before a reindex); the schema is recreated empty. */
  void clear();

  /**
   * Deletes the rows with a seq above {@code seq}: after the journal trimmed a torn tail at recovery, the
   * index must not keep records the journal no longer has (their seqs are reused by new records).
   *
   * @return the number of rows deleted
   */
  long truncateAfter(long seq);

  /**
   * Streams the events matching {@code q} to {@code sink} in the query's order, without holding
   * them all in memory.
   *
   * @return the number of rows delivered
   */
  @Override
  long query(EventQuery q, Consumer<? super EventRow> sink);

  /**
   * How many events match {@code q} (bounded by its limit, 0: none), without reading them: the dashboard's counts.
   * This default streams the rows; the DuckDB index counts in SQL.
   */
  default long count(EventQuery q) {
    return query(q, r -> { });
  }

  StoreStats stats();

  /** The file this store is backed by. */
  Path file();

  @Override
  void close();
}
