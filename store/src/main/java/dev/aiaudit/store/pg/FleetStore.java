package dev.aiaudit.store.pg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL behind {@code ai-audit serve}. Each {@link #write} is one transaction: records (multi-row
 * {@code INSERT ... ON CONFLICT (host, seq) DO NOTHING}, so a replayed Kafka batch changes nothing), chain findings,
 * rejected records and the hosts' chain heads. A broken connection (a server restart) is reopened on the next call.
 * Migrations are SQL resources {@code V<n>__<name>.sql}, applied once each under an advisory lock and recorded in
 * {@code schema_migrations}.
 */
public final class FleetStore implements AutoCloseable {
  static final List<String> MIGRATIONS = List.of("V1__fleet.sql", "V2__checkpoints_and_query_columns.sql");
  private static final long MIGRATION_LOCK = 0x61692d6175646974L;

  private final String jdbcUrl;
  private Connection conn;

  private FleetStore(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  /**
   * Connects and migrates. {@code url} is {@code jdbc:postgresql://...} or {@code postgresql://user@host:port/db}.
   *
   * @throws SQLException when the server cannot be reached or a migration fails
   */
  public static FleetStore open(String url) throws SQLException {
    FleetStore s = new FleetStore(toJdbc(url));
    s.connection();
    s.migrate();
    return s;
  }

  /** {@code postgresql://user[:password]@host[:port]/db[?params]} to a JDBC URL; JDBC URLs pass through. */
  public static String toJdbc(String url) {
    if (url.startsWith("jdbc:postgresql:")) {
      return url;
    }
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      throw new IllegalArgumentException("'" + url + "' is not a postgresql:// URL");
    }
    java.net.URI u = java.net.URI.create(url);
    if (u.getHost() == null) {
      throw new IllegalArgumentException("'" + url + "' has no host");
    }
    StringBuilder b = new StringBuilder("jdbc:postgresql://").append(u.getHost());
    if (u.getPort() > 0) {
      b.append(':').append(u.getPort());
    }
    b.append(u.getPath() == null || u.getPath().isEmpty() ? "/postgres" : u.getPath());
    List<String> params = new ArrayList<>();
    if (u.getQuery() != null) {
      params.add(u.getQuery());
    }
    if (u.getUserInfo() != null) {
      String[] ui = u.getUserInfo().split(":", 2);
      params.add("user=" + ui[0]);
      if (ui.length == 2) {
        params.add("password=" + ui[1]);
      }
    }
    if (!params.isEmpty()) {
      b.append('?').append(String.join("&", params));
    }
    return b.toString();
  }

  private Connection connection() throws SQLException {
    if (conn != null && !conn.isClosed() && conn.isValid(2)) {
      return conn;
    }
    if (conn != null) {
      try {
        conn.close();
      } catch (SQLException e) {
        // the old connection is gone either way
      }
    }
    conn = DriverManager.getConnection(jdbcUrl);
    conn.setAutoCommit(false);
    return conn;
  }

  private void migrate() throws SQLException {
    Connection c = connection();
    try (Statement st = c.createStatement()) {
      st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
      st.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL,"
          + " applied_at timestamptz NOT NULL DEFAULT now())");
      int have = 0;
      try (ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM schema_migrations")) {
        rs.next();
        have = rs.getInt(1);
      }
      for (String m : MIGRATIONS) {
        int v = Integer.parseInt(m.substring(1, m.indexOf("__")));
        if (v <= have) {
          continue;
        }
        for (String sql : resource(m).split(";")) {
          if (!sql.isBlank()) {
            st.execute(sql);
          }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_migrations (version, name) VALUES (?, ?)")) {
          ps.setInt(1, v);
          ps.setString(2, m);
          ps.executeUpdate();
        }
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    }
    FleetBackfill.run(c);
  }

  private static String resource(String name) throws SQLException {
    try (InputStream in = FleetStore.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new SQLException("migration " + name + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SQLException("cannot read migration " + name, e);
    }
  }

  /** Applied migration versions, ascending. */
  public List<Integer> migrations() throws SQLException {
    return list("SELECT version FROM schema_migrations ORDER BY version", rs -> rs.getInt(1));
  }

  /** The stored chain heads of these hosts (absent: none stored yet). */
  public Map<String, HostHead> heads(Collection<String> hosts) throws SQLException {
    Map<String, HostHead> out = new HashMap<>();
    Connection c = connection();
    try (PreparedStatement ps = c.prepareStatement("SELECT host, head_seq, head_hash, records FROM fleet_hosts WHERE host = ANY (?)")) {
      Array a = c.createArrayOf("text", hosts.toArray());
      ps.setArray(1, a);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new HostHead(rs.getLong(2), rs.getString(3), rs.getLong(4)));
        }
      }
      c.commit();
    }
    return out;
  }

  /** The stored hashes of {@code host} at these seqs. */
  public Map<Long, String> hashesAt(String host, Collection<Long> seqs) throws SQLException {
    Map<Long, String> out = new HashMap<>();
    if (seqs.isEmpty()) {
      return out;
    }
    Connection c = connection();
    try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM fleet_events WHERE host = ? AND seq = ANY (?)")) {
      ps.setString(1, host);
      ps.setArray(2, c.createArrayOf("bigint", seqs.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getLong(1), rs.getString(2));
        }
      }
      c.commit();
    }
    return out;
  }

  /**
   * Writes everything of one Kafka poll in one transaction; returns the number of records newly inserted (replays
   * insert none). The records go through {@code COPY} into a temporary table and from there into {@code fleet_events}
   * with {@code ON CONFLICT (host, seq) DO NOTHING}: one round trip for the rows instead of one statement per 500.
   */
  public int write(FleetBatch batch) throws SQLException {
    Connection c = connection();
    try {
      Map<String, Long> added = batch.rows().isEmpty() ? Map.of() : copyRows(c, batch.rows());
      if (!batch.findings().isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_chain_findings (host, seq, kind, detail, kafka_partition,"
            + " kafka_offset) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
          for (ChainFinding f : batch.findings()) {
            ps.setString(1, f.host());
            ps.setLong(2, f.seq());
            ps.setString(3, f.kind());
            ps.setString(4, f.detail());
            ps.setInt(5, f.partition());
            ps.setLong(6, f.offset());
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      if (!batch.rejected().isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_rejected (topic, kafka_partition, kafka_offset, problem)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
          for (Rejected r : batch.rejected()) {
            ps.setString(1, r.topic());
            ps.setInt(2, r.partition());
            ps.setLong(3, r.offset());
            ps.setString(4, r.problem());
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      if (!batch.checkpoints().isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_checkpoints (host, seq, time_ns, hash, signature, public_key,"
            + " kafka_partition, kafka_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
          for (FleetCheckpoint k : batch.checkpoints()) {
            ps.setString(1, k.host());
            ps.setLong(2, k.seq());
            ps.setLong(3, k.timeNs());
            ps.setString(4, k.hash());
            ps.setBytes(5, k.signature());
            ps.setBytes(6, k.publicKey());
            ps.setInt(7, k.partition());
            ps.setLong(8, k.offset());
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      if (!batch.heads().isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_hosts (host, head_seq, head_hash, records) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (host) DO UPDATE SET head_seq = excluded.head_seq, head_hash = excluded.head_hash,"
            + " records = fleet_hosts.records + excluded.records, updated_at = now()")) {
          for (var e : batch.heads().entrySet()) {
            ps.setString(1, e.getKey());
            ps.setLong(2, e.getValue().seq());
            ps.setString(3, e.getValue().hash());
            ps.setLong(4, added.getOrDefault(e.getKey(), 0L));
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      c.commit();
      return (int) added.values().stream().mapToLong(Long::longValue).sum();
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection is broken; it is reopened on the next call
      }
      throw e;
    }
  }

  private static final String ROW_COLUMNS = "host, seq, time_ns, class_uid, hash, prev_hash, hash_ok, record, kafka_partition,"
      + " kafka_offset, " + FleetColumns.NAMES;

  /** COPY into a per-session temporary table, then one idempotent INSERT ... SELECT; newly added rows per host. */
  private static Map<String, Long> copyRows(Connection c, List<FleetRow> rows) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TEMP TABLE IF NOT EXISTS fleet_in AS SELECT " + ROW_COLUMNS + " FROM fleet_events WITH NO DATA");
      st.execute("TRUNCATE fleet_in");
    }
    CopyText t = new CopyText();
    for (FleetRow r : rows) {
      t.field(r.host());
      t.field(r.seq());
      t.field(r.timeNs());
      t.field(r.classUid());
      t.field(r.hash());
      t.field(r.prevHash());
      t.field(r.hashOk());
      t.field(r.json());
      t.field(r.partition());
      t.field(r.offset());
      for (Object v : FleetColumns.of(r.event())) {
        t.field(v);
      }
      t.endRow();
    }
    try {
      c.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
          .copyIn("COPY fleet_in (" + ROW_COLUMNS + ") FROM STDIN", new java.io.ByteArrayInputStream(t.bytes()));
    } catch (IOException e) {
      throw new SQLException("COPY into fleet_in failed: " + e.getMessage(), e);
    }
    Map<String, Long> added = new HashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("WITH ins AS (INSERT INTO fleet_events (" + ROW_COLUMNS + ") SELECT " + ROW_COLUMNS
            + " FROM fleet_in ON CONFLICT (host, seq) DO NOTHING RETURNING host) SELECT host, count(*) FROM ins GROUP BY host")) {
      while (rs.next()) {
        added.put(rs.getString(1), rs.getLong(2));
      }
    }
    return added;
  }

  /** Every host with records or checkpoints, sorted. */
  public List<String> hosts() throws SQLException {
    return list("SELECT host FROM fleet_hosts UNION SELECT host FROM fleet_checkpoints ORDER BY 1", rs -> rs.getString(1));
  }

  /** One stored record as {@code verify --store} reads it. */
  public record ChainRow(long seq, long timeNs, String hash, String prevHash, boolean hashOk, String json) {}

  /** Receives {@link ChainRow}s. */
  public interface ChainSink {
    void accept(ChainRow row);
  }

  /** Streams the stored records of {@code host} in seq order (2000 rows per fetch, never all in memory). */
  public void chain(String host, ChainSink sink) throws SQLException {
    Connection c = connection();
    try (PreparedStatement ps = c.prepareStatement("SELECT seq, time_ns, hash, prev_hash, hash_ok, record::text FROM fleet_events"
        + " WHERE host = ? ORDER BY seq")) {
      ps.setFetchSize(2000);
      ps.setString(1, host);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sink.accept(new ChainRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getBoolean(5), rs.getString(6)));
        }
      }
    } finally {
      c.commit();
    }
  }

  /** The stored checkpoints of {@code host}, by seq then time. */
  public List<FleetCheckpoint> checkpoints(String host) throws SQLException {
    Connection c = connection();
    List<FleetCheckpoint> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT seq, time_ns, hash, signature, public_key, kafka_partition, kafka_offset"
        + " FROM fleet_checkpoints WHERE host = ? ORDER BY seq, time_ns")) {
      ps.setString(1, host);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new FleetCheckpoint(host, rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBytes(4), rs.getBytes(5), rs.getInt(6),
              rs.getLong(7)));
        }
      }
    } finally {
      c.commit();
    }
    return out;
  }

  /** Stored seqs of one host, ascending. */
  public List<Long> seqs(String host) throws SQLException {
    Connection c = connection();
    List<Long> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM fleet_events WHERE host = ? ORDER BY seq")) {
      ps.setString(1, host);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    } finally {
      c.commit();
    }
    return out;
  }

  /** Every chain finding, oldest first, as {@code kind host seq: detail}. */
  public List<String> findings() throws SQLException {
    return list("SELECT kind, host, seq, detail FROM fleet_chain_findings ORDER BY id",
        rs -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3) + ": " + rs.getString(4));
  }

  /** Every rejected Kafka record as {@code topic/partition/offset: problem}. */
  public List<String> rejected() throws SQLException {
    return list("SELECT topic, kafka_partition, kafka_offset, problem FROM fleet_rejected ORDER BY kafka_partition, kafka_offset",
        rs -> rs.getString(1) + "/" + rs.getInt(2) + "/" + rs.getLong(3) + ": " + rs.getString(4));
  }

  private interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> List<T> list(String sql, Row<T> row) throws SQLException {
    Connection c = connection();
    List<T> out = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(row.map(rs));
      }
    } finally {
      c.commit();
    }
    return out;
  }

  @Override
  public void close() {
    if (conn != null) {
      try {
        conn.close();
      } catch (SQLException e) {
        // closing
      }
    }
  }
}
