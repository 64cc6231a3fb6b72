package dev.aiaudit.store.sql;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.store.EventQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Translates an {@link EventQuery} into one SQL statement for either store (the DuckDB index of one host, the
 * PostgreSQL store of a fleet): the same filters, the same column names, and every user-supplied value a {@code ?}
 * parameter (no value is ever spliced into the SQL text). What differs between the two databases (the time column,
 * the glob operator, the order) comes from the {@link Dialect}.
 *
 * @param sql the statement
 * @param params its parameters in order ({@link Long}, {@link Integer} or {@link String})
 */
public record FilterSql(String sql, List<Object> params) {

  public FilterSql {
    params = List.copyOf(params);
  }

  /** What one database spells differently. Column names are shared: class_uid, asset_kind, activity, path, pid, ... */
  public interface Dialect {
    /** {@code SELECT <columns> FROM <table>}. */
    String select();

    /** The condition "event time at or after the ns parameter" ({@code >=}) or "before" ({@code <}). */
    String time(String op);

    /** The condition "{@code column} matches the glob parameter"; see {@link #globParam}. */
    String glob(String column);

    /** The parameter for {@link #glob}: the glob itself, or its translation. */
    Object globParam(String glob);

    /** {@code ORDER BY ...} oldest or newest first. */
    String order(boolean newestFirst);

    /** The event time as a bigint of nanoseconds since the epoch (for {@link #histogram}). */
    String timeNanos();

    /** The truncating division of two bigint expressions ({@code a / b} in PostgreSQL, {@code a // b} in DuckDB). */
    String intDiv(String a, String b);

    /** The table {@link #select} reads: the text after its last {@code FROM}. */
    default String table() {
      String s = select();
      return s.substring(s.lastIndexOf(" FROM ") + " FROM ".length());
    }
  }

  public static FilterSql of(EventQuery q, Dialect d) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder(d.select()).append(where(q, d, params));
    sql.append(' ').append(d.order(q.newestFirst()));
    if (q.limit() > 0) {
      sql.append(" LIMIT ?");
      params.add((long) q.limit());
    }
    return new FilterSql(sql.toString(), params);
  }

  /**
   * {@code SELECT count(*)} of the rows {@link #of} selects (its limit kept): without the order and the columns, so
   * the database reads only the filters' columns and sorts nothing (the count of a limited query is the same in any
   * order).
   */
  public static FilterSql count(EventQuery q, Dialect d) {
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT count(*) FROM (SELECT 1 FROM ").append(d.table()).append(where(q, d, params));
    if (q.limit() > 0) {
      sql.append(" LIMIT ?");
      params.add((long) q.limit());
    }
    return new FilterSql(sql.append(") counted").toString(), params);
  }

  /** Most buckets one {@link #histogram} may ask for (bounded work and answer for any range and bucket size). */
  public static final int MAX_BUCKETS = 10_000;

  /**
   * Records per time bucket of the rows {@link #of} selects (its limit and order ignored): rows {@code (bucket,
   * count)} ordered by bucket, bucket {@code i} holding the times {@code [from + i * bucketNs, from + (i + 1) *
   * bucketNs)}; empty buckets have no row. {@code q} needs both ends of its range, and the range may hold at most
   * {@link #MAX_BUCKETS} buckets.
   *
   * @throws IllegalArgumentException for an open range, a bucket below 1 ns, or too many buckets
   */
  public static FilterSql histogram(EventQuery q, long bucketNs, Dialect d) {
    buckets(q, bucketNs);
    List<Object> params = new ArrayList<>();
    params.add(epochNanos(q.from()));
    params.add(bucketNs);
    String bucket = d.intDiv("(" + d.timeNanos() + " - ?)", "?");
    String sql = "SELECT " + bucket + " AS bucket, count(*) AS n FROM " + d.table() + where(q, d, params)
        + " GROUP BY bucket ORDER BY bucket";
    return new FilterSql(sql, params);
  }

  /**
   * How many buckets of {@code bucketNs} cover the range of {@code q} (the last may be partial).
   *
   * @throws IllegalArgumentException for an open, empty or too long range, a bucket below 1 ns, or more than {@link #MAX_BUCKETS}
   */
  public static int buckets(EventQuery q, long bucketNs) {
    if (q.from() == null || q.to() == null) {
      throw new IllegalArgumentException("a histogram needs both ends of the time range");
    }
    if (bucketNs < 1) {
      throw new IllegalArgumentException("bucket must be at least 1 ns, not " + bucketNs);
    }
    long from = epochNanos(q.from());
    long to = epochNanos(q.to());
    if (to <= from) {
      throw new IllegalArgumentException("the time range is empty (until is not after since)");
    }
    java.math.BigInteger span = java.math.BigInteger.valueOf(to).subtract(java.math.BigInteger.valueOf(from));
    if (span.bitLength() > 63) {
      // time - from stays within a bigint for every row in the range, so the database's bucket arithmetic cannot overflow
      throw new IllegalArgumentException("the time range is too long for a histogram (at most about 292 years)");
    }
    java.math.BigInteger n = span.add(java.math.BigInteger.valueOf(bucketNs - 1)).divide(java.math.BigInteger.valueOf(bucketNs));
    if (n.compareTo(java.math.BigInteger.valueOf(MAX_BUCKETS)) > 0) {
      throw new IllegalArgumentException("the range holds more than " + MAX_BUCKETS + " buckets of " + bucketNs + " ns");
    }
    return n.intValue();
  }

  /** {@code " WHERE ..."} (or nothing) for the filters of {@code q}; their values are added to {@code params}. */
  private static String where(EventQuery q, Dialect d, List<Object> params) {
    List<String> where = new ArrayList<>();
    if (q.from() != null) {
      where.add(d.time(">="));
      params.add(epochNanos(q.from()));
    }
    if (q.to() != null) {
      where.add(d.time("<"));
      params.add(epochNanos(q.to()));
    }
    if (q.host() != null) {
      where.add("host = ?");
      params.add(q.host());
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
      where.add(d.glob("path"));
      params.add(d.globParam(q.pathGlob()));
    }
    if (q.process() != null) {
      String p = q.process();
      if (isDigits(p)) {
        where.add("pid = ?");
        params.add(parseIntOrMinus(p));
      } else if (p.indexOf('/') >= 0) {
        where.add(d.glob("exe"));
        params.add(d.globParam(p));
      } else {
        // The base name: the part of exe after the last '/'. Wildcards are allowed (python*).
        where.add("(" + d.glob("exe") + " OR " + d.glob("exe") + ")");
        params.add(d.globParam(p));
        params.add(d.globParam("*/" + p));
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
    return where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
  }

  /** Binds {@link #params} to {@code ps} from parameter 1 on. */
  public void bind(java.sql.PreparedStatement ps) throws java.sql.SQLException {
    bind(ps, params);
  }

  /** Binds {@link Long}, {@link Integer} and {@link String} parameters in order. */
  public static void bind(java.sql.PreparedStatement ps, List<Object> params) throws java.sql.SQLException {
    for (int i = 0; i < params.size(); i++) {
      switch (params.get(i)) {
        case Long l -> ps.setLong(i + 1, l);
        case Integer n -> ps.setInt(i + 1, n);
        case String s -> ps.setString(i + 1, s);
        default -> throw new IllegalStateException("unexpected parameter " + params.get(i));
      }
    }
  }

  /** Nanoseconds since the epoch, clamped to the long range. */
  public static long epochNanos(Instant t) {
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    } catch (ArithmeticException e) {
      return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** A regular expression that matches no string (the end, then one more character). */
  static final String NEVER = "^$.";

  /**
   * A glob in DuckDB's {@code GLOB} syntax as an anchored POSIX regular expression for PostgreSQL's {@code ~}:
   * {@code *} any run of characters (including {@code /} and newlines), {@code ?} one character, {@code [abc]},
   * {@code [a-z]} and {@code [!abc]} (or {@code [^abc]}) sets; every other character, {@code %}, {@code _}, {@code .}
   * included, is literal; {@code \} makes the next character literal ({@code \*}, {@code \\}). As in DuckDB, a glob with an
   * unclosed {@code [} or a trailing {@code \} matches nothing.
   */
  public static String globToRegex(String glob) {
    StringBuilder r = new StringBuilder(glob.length() + 8).append('^');
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> r.append(".*");
        case '?' -> r.append('.');
        case '\\' -> {
          if (i + 1 == glob.length()) {
            return NEVER; // as in DuckDB: a trailing escape matches nothing
          }
          char next = glob.charAt(++i);
          if ("\\.^$|()+{}[]*?".indexOf(next) >= 0) {
            r.append('\\');
          }
          r.append(next);
        }
        case '[' -> {
          int close = setEnd(glob, i);
          if (close < 0) {
            return NEVER; // DuckDB's GLOB matches nothing when a set is not closed
          } else {
            r.append('[');
            int j = i + 1;
            if (glob.charAt(j) == '!' || glob.charAt(j) == '^') {
              r.append('^');
              j++;
            }
            for (; j < close; j++) {
              char s = glob.charAt(j);
              if (s == '\\' || s == '[' || s == ']' || s == '^') {
                r.append('\\');
              }
              r.append(s);
            }
            r.append(']');
            i = close;
          }
        }
        default -> {
          if ("\\.^$|()+{}]".indexOf(c) >= 0) {
            r.append('\\');
          }
          r.append(c);
        }
      }
    }
    return r.append('$').toString();
  }

  /** Index of the {@code ]} closing the set that opens at {@code open}, or -1 (a set holds at least one character). */
  private static int setEnd(String g, int open) {
    int j = open + 1;
    if (j < g.length() && (g.charAt(j) == '!' || g.charAt(j) == '^')) {
      j++;
    }
    if (j < g.length() && g.charAt(j) == ']') {
      j++; // a ']' first in the set is a member
    }
    int close = g.indexOf(']', j);
    return close < 0 || close == open + 1 ? -1 : close;
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
