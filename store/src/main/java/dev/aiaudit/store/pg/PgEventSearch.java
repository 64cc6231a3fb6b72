package dev.aiaudit.store.pg;

import dev.aiaudit.model.EventCodec;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import dev.aiaudit.store.EventSearch;
import dev.aiaudit.store.StoreException;
import dev.aiaudit.store.sql.FilterSql;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code ai-audit query} and {@code policy eval} over the fleet store: the same {@link FilterSql} as the DuckDB index,
 * over the query columns {@code serve} derives from each record ({@link FleetColumns}); each row comes back as the
 * record's own OCSF JSON, decoded. Read-only: the session is {@code READ ONLY} and schema changes are left to
 * {@code serve}.
 */
public final class PgEventSearch implements EventSearch {

  /** PostgreSQL's spelling: ns time as bigint, globs as anchored regular expressions ({@code ~}), host in the order. */
  static final FilterSql.Dialect POSTGRESQL = new FilterSql.Dialect() {
    @Override
    public String select() {
      return "SELECT seq, hash, record::text FROM fleet_events";
    }

    @Override
    public String time(String op) {
      return "time_ns " + op + " ?";
    }

    @Override
    public String glob(String column) {
      return column + " ~ ?";
    }

    @Override
    public Object globParam(String glob) {
      return FilterSql.globToRegex(glob);
    }

    @Override
    public String order(boolean newestFirst) {
      return newestFirst ? "ORDER BY time_ns DESC, host DESC, seq DESC" : "ORDER BY time_ns, host, seq";
    }

    @Override
    public String timeNanos() {
      return "time_ns";
    }

    @Override
    public String intDiv(String a, String b) {
      return a + " / " + b;
    }
  };

  private final String url;
  private final Connection conn;

  private PgEventSearch(String url, Connection conn) {
    this.url = url;
    this.conn = conn;
  }

  /** Connects read-only and checks that the fleet store has the query columns (migration 2). */
  public static PgEventSearch open(String url) {
    String jdbc = FleetStore.toJdbc(url);
    String shown = redact(url);
    Connection c;
    try {
      c = DriverManager.getConnection(jdbc);
      c.setReadOnly(true);
      c.setAutoCommit(false);
    } catch (SQLException e) {
      throw new StoreException(StoreException.Reason.FAILED, null, "cannot reach the fleet store " + shown + ": " + e.getMessage(), e);
    }
    try (var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM schema_migrations")) {
      rs.next();
      if (rs.getInt(1) < FleetStore.MIGRATIONS.size()) {
        throw new SQLException("schema version " + rs.getInt(1) + ", this ai-audit needs " + FleetStore.MIGRATIONS.size()
            + "; run this version's 'ai-audit serve' against it once (it migrates)");
      }
      c.commit();
    } catch (SQLException e) {
      close(c);
      throw new StoreException(StoreException.Reason.CORRUPT, null, shown + " is not an ai-audit fleet store of this version: "
          + e.getMessage().lines().findFirst().orElse(""), e);
    }
    return new PgEventSearch(shown, c);
  }

  /** The URL without its password, for messages. */
  public static String redact(String url) {
    return url.replaceAll("(://[^:@/]+:)[^@/]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  @Override
  public long query(EventQuery q, Consumer<? super EventRow> sink) {
    FilterSql sql = FilterSql.of(q, POSTGRESQL);
    long n = 0;
    try (PreparedStatement ps = conn.prepareStatement(sql.sql())) {
      ps.setFetchSize(1000);
      sql.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sink.accept(new EventRow(rs.getLong(1), rs.getString(2), EventCodec.decode(rs.getString(3).getBytes(StandardCharsets.UTF_8))));
          n++;
        }
      }
      conn.commit();
    } catch (SQLException e) {
      try {
        conn.rollback();
      } catch (SQLException ignored) {
        // reported below
      }
      throw new StoreException(StoreException.Reason.FAILED, null, "query on the fleet store " + url + " failed: " + e.getMessage(), e);
    }
    return n;
  }

  /** How many rows {@code q} selects (its limit kept), counted by the server. */
  public long count(EventQuery q) {
    FilterSql sql = FilterSql.count(q, POSTGRESQL);
    return read(sql.sql(), sql.params(), rs -> rs.next() ? rs.getLong(1) : 0L);
  }

  @Override
  public long[] histogram(EventQuery q, long bucketNs) {
    long[] out = new long[FilterSql.buckets(q, bucketNs)];
    FilterSql sql = FilterSql.histogram(q, bucketNs, POSTGRESQL);
    return read(sql.sql(), sql.params(), rs -> {
      while (rs.next()) {
        out[(int) rs.getLong(1)] = rs.getLong(2);
      }
      return out;
    });
  }

  /** Every host with records or checkpoints in the fleet store (as {@code serve} recorded them), sorted. */
  public List<String> hosts() {
    return read("SELECT host FROM fleet_hosts UNION SELECT host FROM fleet_checkpoints ORDER BY 1", List.of(), rs -> {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    });
  }

  /** The stored record of {@code host} with this seq (seqs are per host), or empty. */
  public java.util.Optional<EventRow> record(String host, long seq) {
    return read(POSTGRESQL.select() + " WHERE host = ? AND seq = ?", List.of(host, seq), rs -> rs.next()
        ? java.util.Optional.of(new EventRow(rs.getLong(1), rs.getString(2), EventCodec.decode(rs.getString(3).getBytes(StandardCharsets.UTF_8))))
        : java.util.Optional.<EventRow>empty());
  }

  private interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> T read(String sql, List<Object> params, Reader<T> reader) {
    try (PreparedStatement ps = conn.prepareStatement(sql)) {
      FilterSql.bind(ps, params);
      T out;
      try (ResultSet rs = ps.executeQuery()) {
        out = reader.read(rs);
      }
      conn.commit();
      return out;
    } catch (SQLException e) {
      try {
        conn.rollback();
      } catch (SQLException ignored) {
        // reported below
      }
      throw new StoreException(StoreException.Reason.FAILED, null, "query on the fleet store " + url + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    close(conn);
  }

  private static void close(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // closing
    }
  }
}
