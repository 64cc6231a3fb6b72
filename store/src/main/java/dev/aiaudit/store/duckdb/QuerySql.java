package dev.aiaudit.store.duckdb;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.store.EventQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Translates an {@link EventQuery} into one SQL statement whose every user-supplied value is a
 * {@code ?} parameter (no value is ever spliced into the SQL text). Globs go to DuckDB's {@code
 * GLOB} operator, which treats {@code *}, {@code ?} and {@code [...]} as wildcards and everything
 * else literally (so {@code %} and {@code _} are plain characters, unlike in {@code LIKE}).
 *
 * @param sql the statement
 * @param params its parameters in order ({@link Long}, {@link Integer} or {@link String})
 */
record QuerySql(String sql, List<Object> params) {

  QuerySql {
    params = List.copyOf(params);
  }

  static QuerySql of(EventQuery q) {
    List<String> where = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    if (q.from() != null) {
      where.add("time >= make_timestamp_ns(?)");
      params.add(epochNanos(q.from()));
    }
    if (q.to() != null) {
      where.add("time < make_timestamp_ns(?)");
      params.add(epochNanos(q.to()));
    }
    if (!q.classUids().isEmpty()) {
      where.add("class_uid IN " + placeholders(q.classUids().size()));
      params.addAll(q.classUids().stream().sorted().toList());
    }
    if (!q.assetKinds().isEmpty()) {
      where.add("asset_kind IN " + placeholders(q.assetKinds().size()));
      q.assetKinds().stream().sorted().map(AssetKind::id).forEach(params::add);
    }
    if (!q.activities().isEmpty()) {
      where.add("class_uid = 1001 AND activity IN " + placeholders(q.activities().size()));
      q.activities().stream().sorted().map(FileActivity::id).forEach(params::add);
    }
    if (q.pathGlob() != null) {
      where.add("path GLOB ?");
      params.add(q.pathGlob());
    }
    if (q.process() != null) {
      String p = q.process();
      if (isDigits(p)) {
        where.add("pid = ?");
        params.add(parseIntOrMinus(p));
      } else if (p.indexOf('/') >= 0) {
        where.add("exe GLOB ?");
        params.add(p);
      } else {
        // The base name: the part of exe after the last '/'. Wildcards are allowed (python*).
        where.add("(exe GLOB ? OR exe GLOB ?)");
        params.add(p);
        params.add("*/" + p);
      }
    }
    if (q.user() != null) {
      if (isDigits(q.user())) {
        where.add("uid = ?");
        params.add(parseIntOrMinus(q.user()));
      } else {
        where.add("user_name = ?");
        params.add(q.user());
      }
    }
    if (q.container() != null) {
      where.add("(starts_with(container_id, ?) OR starts_with(pod_uid, ?) OR starts_with(file_container_id, ?))");
      params.add(q.container());
      params.add(q.container());
      params.add(q.container());
    }
    StringBuilder sql = new StringBuilder("SELECT ").append(Schema.SELECT_COLUMNS).append(" FROM ").append(Schema.TABLE);
    if (!where.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", where));
    }
    sql.append(q.newestFirst() ? " ORDER BY time DESC, seq DESC" : " ORDER BY time, seq");
    if (q.limit() > 0) {
      sql.append(" LIMIT ?");
      params.add((long) q.limit());
    }
    return new QuerySql(sql.toString(), params);
  }

  /** {@code SELECT count(*)} over the rows {@link #of} selects (its order and limit kept). */
  static QuerySql count(EventQuery q) {
    QuerySql rows = of(q);
    return new QuerySql("SELECT count(*) FROM (" + rows.sql() + ")", rows.params());
  }

  static long epochNanos(Instant t) {
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    } catch (ArithmeticException e) {
      return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static String placeholders(int n) {
    StringJoiner j = new StringJoiner(", ", "(", ")");
    for (int i = 0; i < n; i++) {
      j.add("?");
    }
    return j.toString();
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** A pid/uid too large for an int matches nothing (-1 is never stored: unknown is NULL). */
  private static int parseIntOrMinus(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
