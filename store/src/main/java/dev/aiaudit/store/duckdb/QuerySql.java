package dev.aiaudit.store.duckdb;

import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.sql.FilterSql;
import java.util.List;

/**
 * An {@link EventQuery} as one DuckDB statement, built by the shared {@link FilterSql} (every user-supplied value
 * is a {@code ?} parameter). Globs go to DuckDB's {@code GLOB} operator, which treats {@code *}, {@code ?} and
 * {@code [...]} as wildcards and everything else literally (so {@code %} and {@code _} are plain characters, unlike
 * in {@code LIKE}).
 *
 * @param sql the statement
 * @param params its parameters in order ({@link Long}, {@link Integer} or {@link String})
 */
record QuerySql(String sql, List<Object> params) {

  /** DuckDB's spelling: {@code TIMESTAMP_NS} time, {@code GLOB}. */
  static final FilterSql.Dialect DUCKDB = new FilterSql.Dialect() {
    @Override
    public String select() {
      return "SELECT " + Schema.SELECT_COLUMNS + " FROM " + Schema.TABLE;
    }

    @Override
    public String time(String op) {
      return "time " + op + " make_timestamp_ns(?)";
    }

    @Override
    public String glob(String column) {
      return column + " GLOB ?";
    }

    @Override
    public Object globParam(String glob) {
      return glob;
    }

    @Override
    public String order(boolean newestFirst) {
      return newestFirst ? "ORDER BY time DESC, seq DESC" : "ORDER BY time, seq";
    }

    @Override
    public String timeNanos() {
      return "epoch_ns(time)";
    }

    @Override
    public String intDiv(String a, String b) {
      return a + " // " + b;
    }
  };

  QuerySql {
    params = List.copyOf(params);
  }

  static QuerySql of(EventQuery q) {
    FilterSql f = FilterSql.of(q, DUCKDB);
    return new QuerySql(f.sql(), f.params());
  }

  /** Records per time bucket of the rows {@link #of} selects ({@link FilterSql#histogram}). */
  static QuerySql histogram(EventQuery q, long bucketNs) {
    FilterSql f = FilterSql.histogram(q, bucketNs, DUCKDB);
    return new QuerySql(f.sql(), f.params());
  }

  /** {@code SELECT count(*)} over the rows {@link #of} selects (its limit kept; no order, no columns read back). */
  static QuerySql count(EventQuery q) {
    FilterSql f = FilterSql.count(q, DUCKDB);
    return new QuerySql(f.sql(), f.params());
  }
}
