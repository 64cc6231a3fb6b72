package dev.aiaudit.store.duckdb;

/**
 * The DuckDB schema of the index. One row per journal record; file events fill the file and
 * process columns, sensor events (class 1008) leave them null and put their kind in {@code
 * activity} and their detail in {@code message}. Times are {@code TIMESTAMP_NS} (UTC). The chain
 * hash is stored as its 32 raw bytes ({@code BLOB}; {@code lower(hex(hash))} in SQL gives the hex):
 * random hex text does not compress and took 3/4 of the row.
 *
 * <p>No JSON column: every field of an event has its column, so the OCSF JSON is rebuilt exactly by
 * {@link dev.aiaudit.model.EventCodec} from the row (that is what {@code query --format jsonl}
 * prints). Storing the JSON as well cost 400 bytes and a tenfold slower insert per row (measured).
 *
 * <p>No index and no primary key: DuckDB's zone maps (min/max per row group) already prune time and
 * seq ranges because rows arrive in seq and roughly time order, an ART index would slow the
 * Appender and grow in memory, and uniqueness of {@code seq} is enforced by the single writer
 * ({@link DuckDbEventStore#insert}).
 */
final class Schema {

  /** Bumped on any incompatible change; a store of another version must be rebuilt (reindex). */
  static final int VERSION = 1;

  static final String TABLE = "events";

  static final String CREATE_META =
      "CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)";

  /** Column order is the Appender's order: keep {@link DuckDbEventStore#appendRow} in step. */
  static final String CREATE_EVENTS =
      """
      CREATE TABLE IF NOT EXISTS events (
        seq               BIGINT       NOT NULL,
        hash              BLOB         NOT NULL,
        time              TIMESTAMP_NS NOT NULL,
        end_time          TIMESTAMP_NS NOT NULL,
        host              VARCHAR      NOT NULL,
        class_uid         INTEGER      NOT NULL,
        activity          VARCHAR      NOT NULL,
        asset_kind        VARCHAR,
        path              VARCHAR,
        pid               INTEGER,
        ppid              INTEGER,
        uid               INTEGER,
        user_name         VARCHAR,
        exe               VARCHAR,
        cmdline           VARCHAR,
        process_start     TIMESTAMP_NS,
        container_id      VARCHAR,
        container_runtime VARCHAR,
        pod_uid           VARCHAR,
        count             BIGINT       NOT NULL,
        source            VARCHAR,
        message           VARCHAR
      )""";

  /** The columns a query reads back, in the order {@link RowReader} expects. */
  static final String SELECT_COLUMNS =
      "seq, hash, epoch_ns(time), epoch_ns(end_time), host, class_uid, activity, asset_kind, path, pid, ppid, uid,"
          + " user_name, exe, cmdline, epoch_ns(process_start), container_id, container_runtime, pod_uid, count,"
          + " source, message";

  private Schema() {}
}
