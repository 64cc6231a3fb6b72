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
  static final List<String> MIGRATIONS = List.of("V1__fleet.sql");
  private static final long MIGRATION_LOCK = 0x61692d6175646974L;
  private static final int ROWS_PER_STATEMENT = 500;

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
   * insert none).
   */
  public int write(List<FleetRow> rows, List<ChainFinding> findings, List<Rejected> rejected, Map<String, HostHead> heads)
      throws SQLException {
    Connection c = connection();
    try {
      Map<String, Long> added = new HashMap<>();
      for (int i = 0; i < rows.size(); i += ROWS_PER_STATEMENT) {
        insertRows(c, rows.subList(i, Math.min(rows.size(), i + ROWS_PER_STATEMENT)), added);
      }
      if (!findings.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_chain_findings (host, seq, kind, detail, kafka_partition,"
            + " kafka_offset) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
          for (ChainFinding f : findings) {
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
      if (!rejected.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_rejected (topic, kafka_partition, kafka_offset, problem)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
          for (Rejected r : rejected) {
            ps.setString(1, r.topic());
            ps.setInt(2, r.partition());
            ps.setLong(3, r.offset());
            ps.setString(4, r.problem());
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      if (!heads.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fleet_hosts (host, head_seq, head_hash, records) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (host) DO UPDATE SET head_seq = excluded.head_seq, head_hash = excluded.head_hash,"
            + " records = fleet_hosts.records + excluded.records, updated_at = now()")) {
          for (var e : heads.entrySet()) {
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

  private static void insertRows(Connection c, List<FleetRow> rows, Map<String, Long> added) throws SQLException {
    StringBuilder sql = new StringBuilder("INSERT INTO fleet_events (host, seq, time_ns, class_uid, hash, prev_hash, hash_ok, record,"
        + " kafka_partition, kafka_offset) VALUES ");
    for (int i = 0; i < rows.size(); i++) {
      sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?::jsonb,?,?)");
    }
    sql.append(" ON CONFLICT (host, seq) DO NOTHING RETURNING host");
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int k = 1;
      for (FleetRow r : rows) {
        ps.setString(k++, r.host());
        ps.setLong(k++, r.seq());
        ps.setLong(k++, r.timeNs());
        ps.setInt(k++, r.classUid());
        ps.setString(k++, r.hash());
        ps.setString(k++, r.prevHash());
        ps.setBoolean(k++, r.hashOk());
        ps.setString(k++, r.json());
        ps.setInt(k++, r.partition());
        ps.setLong(k++, r.offset());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          added.merge(rs.getString(1), 1L, Long::sum);
        }
      }
    }
  }

  /** Stored seqs of one host, ascending. */
  public List<Long> seqs(String host) throws SQLException {
    return list("SELECT seq FROM fleet_events WHERE host = '" + host.replace("'", "''") + "' ORDER BY seq", rs -> rs.getLong(1));
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
