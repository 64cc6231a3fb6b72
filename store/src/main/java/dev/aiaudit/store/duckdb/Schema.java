package dev.aiaudit.store.duckdb;

import dev.aiaudit.store.StoreException;
import dev.aiaudit.store.StoreException.Reason;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;

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

  /** Column order is {@link RowWriter#append}'s and {@link RowFeed}'s order: keep them in step. */
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
        message           VARCHAR,
        attribution       VARCHAR,
        attribution_reason VARCHAR,
        parent_exe        VARCHAR,
        parent_cmdline    VARCHAR,
        cwd               VARCHAR,
        mount_ns          VARCHAR,
        ns_path           VARCHAR,
        file_container_id VARCHAR,
        file_container_runtime VARCHAR,
        container_path    VARCHAR
      )""";

  /**
   * Columns added after schema version 1 was first released: process launches and attribution, then a
   * file event's {@link dev.aiaudit.model.FileOrigin}. A writable open adds them to an older store, at the
   * end, in this order (all VARCHAR); older rows read them as NULL.
   */
  static final java.util.List<String> ADDED_COLUMNS = java.util.List.of(
      "attribution", "attribution_reason", "parent_exe", "parent_cmdline", "cwd",
      "mount_ns", "ns_path", "file_container_id", "file_container_runtime", "container_path");

  /** The columns a query reads back, in the order {@link RowReader} expects. */
  static final String SELECT_COLUMNS =
      "seq, hash, epoch_ns(time), epoch_ns(end_time), host, class_uid, activity, asset_kind, path, pid, ppid, uid,"
          + " user_name, exe, cmdline, epoch_ns(process_start), container_id, container_runtime, pod_uid, count,"
          + " source, message, attribution, attribution_reason, parent_exe, parent_cmdline, cwd,"
          + " mount_ns, ns_path, file_container_id, file_container_runtime, container_path";

  private Schema() {}

  /** Creates the tables when missing; refuses a store of another schema version. */
  static void create(DuckDBConnection c, Path abs) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(CREATE_META);
      String version = null;
      try (ResultSet rs = s.executeQuery("SELECT value FROM store_meta WHERE key = 'schema_version'")) {
        if (rs.next()) {
          version = rs.getString(1);
        }
      }
      if (version == null) {
        s.execute("INSERT INTO store_meta VALUES ('schema_version', '" + VERSION + "')");
      } else if (!version.equals(Integer.toString(VERSION))) {
        throw wrongVersion(abs, version);
      }
      s.execute(CREATE_EVENTS);
      for (String col : ADDED_COLUMNS) {
        s.execute("ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS " + col + " VARCHAR");
      }
    }
  }

  /** Checks that a read-only store is an event store of this schema version. */
  static void check(DuckDBConnection c, Path abs) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables"
            + " WHERE table_name IN ('store_meta', 'events')")) {
      rs.next();
      if (rs.getInt(1) != 2) {
        throw new StoreException(Reason.CORRUPT, abs, "event store " + abs
            + " is a DuckDB database but not an ai-audit event store (no events table)");
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT value FROM store_meta WHERE key = 'schema_version'")) {
      String v = rs.next() ? rs.getString(1) : "none";
      if (!v.equals(Integer.toString(VERSION))) {
        throw wrongVersion(abs, v);
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.columns WHERE table_name = 'events'"
            + " AND column_name IN ('" + String.join("', '", ADDED_COLUMNS) + "')")) {
      rs.next();
      if (rs.getInt(1) != ADDED_COLUMNS.size()) {
        throw new StoreException(Reason.CORRUPT, abs, "event store " + abs + " lacks the columns "
            + String.join(", ", ADDED_COLUMNS) + " of this ai-audit; open it once for writing (ai-audit watch) or run"
            + " 'ai-audit reindex' to rebuild it from the journal");
      }
    }
  }

  private static StoreException wrongVersion(Path abs, String version) {
    return new StoreException(Reason.CORRUPT, abs, "event store " + abs + " has schema version " + version
        + ", this ai-audit expects " + VERSION + "; run 'ai-audit reindex' to rebuild it from the journal");
  }
}
