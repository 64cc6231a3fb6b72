package dev.aiaudit.server.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import dev.aiaudit.store.sql.FilterSql;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records per time bucket over the whole searched range (not only one page of rows), counted by the store in one
 * aggregate query ({@link RecordSource#histogram}): the accesses page's chart and {@code GET /api/v1/events/timeline}.
 * The range is the search's {@code since}..{@code until} (no {@code since}: from the oldest matching record; no
 * {@code until}: up to now); the bucket is the caller's or the smallest round size that gives at most
 * {@link #TARGET_BUCKETS} buckets.
 *
 * @param from start of the first bucket ({@code null}: nothing matches and the search has no {@code since})
 * @param to end of the range (exclusive; the last bucket may be shorter)
 * @param bucketNs bucket size in ns
 * @param counts records per bucket, oldest first
 */
record Timeline(Instant from, Instant to, long bucketNs, long[] counts) {
  /** Buckets aimed at when the caller names no size: a chart's width in points. */
  static final int TARGET_BUCKETS = 240;
  /** Smallest bucket a caller may ask for. */
  static final Duration MIN_BUCKET = Duration.ofMillis(1);
  /** Round bucket sizes, smallest first; beyond the last, whole multiples of a year. */
  private static final List<Duration> ROUND = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
      Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1),
      Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(2),
      Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(30), Duration.ofDays(90), Duration.ofDays(365));

  /**
   * The timeline of {@code filter} (its limit, order and paging ignored).
   *
   * @param bucket the caller's bucket size ({@code 30s}, {@code 5m}, {@code 1h}, {@code PT10M}) or blank for a round one
   * @throws ApiException 400 for a bad or too small bucket, more than {@link FilterSql#MAX_BUCKETS} buckets, or a range
   *     that is empty or too long
   */
  static Timeline of(RecordSource records, EventQuery.Builder filter, String bucket, Instant now) {
    EventQuery q;
    try {
      q = filter.limit(0).newestFirst(false).build();
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, e.getMessage());
    }
    Instant from = q.from();
    if (from == null) {
      List<EventRow> oldest = new ArrayList<>(1);
      records.query(filter.limit(1).build(), oldest::add);
      if (oldest.isEmpty()) {
        return new Timeline(null, q.to() != null ? q.to() : now, 0, new long[0]);
      }
      from = Instant.ofEpochSecond(0, oldest.get(0).event().timeNs());
    }
    // up to now; a range that starts at the oldest record lies after now only by clock skew: it ends just after it
    Instant to = q.to() != null ? q.to() : q.from() == null && !now.isAfter(from) ? from.plusNanos(1) : now;
    if (!to.isAfter(from)) {
      throw new ApiException(400, "the time range is empty: until (" + to + ") is not after since (" + from + ")");
    }
    long spanNs;
    try {
      spanNs = Math.subtractExact(FilterSql.epochNanos(to), FilterSql.epochNanos(from));
    } catch (ArithmeticException e) {
      throw new ApiException(400, "the time range is too long for a timeline (at most about 292 years)");
    }
    long bucketNs;
    if (bucket == null || bucket.isBlank()) {
      bucketNs = round(spanNs);
    } else {
      Duration d = Params.duration("bucket", bucket);
      if (d.compareTo(MIN_BUCKET) < 0) {
        throw Params.bad("bucket", bucket, "expected at least 1ms");
      }
      bucketNs = d.compareTo(Duration.ofNanos(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : d.toNanos();
    }
    EventQuery ranged = new EventQuery(from, to, q.classUids(), q.assetKinds(), q.pathGlob(), q.process(), q.user(),
        q.container(), q.activities(), 0, false, q.host());
    try {
      FilterSql.buckets(ranged, bucketNs);
    } catch (IllegalArgumentException e) {
      throw bucket == null || bucket.isBlank() ? new ApiException(400, e.getMessage()) : Params.bad("bucket", bucket, e.getMessage());
    }
    return new Timeline(from, to, bucketNs, records.histogram(ranged, bucketNs));
  }

  /** The smallest round size that splits {@code spanNs} into at most {@link #TARGET_BUCKETS} buckets. */
  static long round(long spanNs) {
    for (Duration d : ROUND) {
      if (ceilDiv(spanNs, d.toNanos()) <= TARGET_BUCKETS) {
        return d.toNanos();
      }
    }
    long year = Duration.ofDays(365).toNanos();
    return ceilDiv(ceilDiv(spanNs, TARGET_BUCKETS), year) * year;
  }

  private static long ceilDiv(long a, long b) {
    return a / b + (a % b == 0 ? 0 : 1);
  }

  /** Every record counted. */
  long total() {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  /** Start of bucket {@code i} in seconds since the epoch (uPlot's x). */
  private double start(int i) {
    return (FilterSql.epochNanos(from) + (double) i * bucketNs) / 1e9;
  }

  /**
   * uPlot's columns {@code [[t...],[n...]]}, t = bucket start in seconds, drawn as steps: each count holds until the
   * next bucket's start, and a closing point at the range's end (count 0) gives the last bucket its width.
   */
  String columns() {
    StringBuilder t = new StringBuilder("[[");
    StringBuilder n = new StringBuilder("[");
    for (int i = 0; i < counts.length; i++) {
      t.append(i == 0 ? "" : ",").append(seconds(start(i)));
      n.append(i == 0 ? "" : ",").append(counts[i]);
    }
    if (counts.length > 0) {
      t.append(',').append(seconds(FilterSql.epochNanos(to) / 1e9));
      n.append(",0");
    }
    return t.append("],").append(n).append("]]").toString();
  }

  private static String seconds(double s) {
    return s == Math.rint(s) && Math.abs(s) < 1e15 ? Long.toString((long) s) : Double.toString(s);
  }

  /** The API's answer: range, bucket, total, and one {@code {start, count}} per bucket. */
  ObjectNode json() {
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    n.put("from", from == null ? null : from.toString());
    n.put("to", to.toString());
    n.put("bucket_ms", bucketNs / 1e6);
    n.put("total", total());
    ArrayNode b = n.putArray("buckets");
    for (int i = 0; i < counts.length; i++) {
      b.addObject().put("start", Instant.ofEpochSecond(0, FilterSql.epochNanos(from) + i * bucketNs).toString()).put("count", counts[i]);
    }
    return n;
  }

  /** The chart's title: the bucket in words and the total. */
  String title() {
    return "records per " + words(bucketNs) + " over the searched range (" + total() + " in all)";
  }

  static String words(long ns) {
    Duration d = Duration.ofNanos(ns);
    if (d.toDaysPart() > 0 && d.toHoursPart() == 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0 && d.toNanosPart() == 0) {
      return d.toDays() + " d";
    }
    if (d.toNanos() % 3_600_000_000_000L == 0) {
      return d.toHours() + " h";
    }
    if (d.toNanos() % 60_000_000_000L == 0) {
      return d.toMinutes() + " min";
    }
    if (d.toNanos() % 1_000_000_000L == 0) {
      return d.toSeconds() + " s";
    }
    return d.toNanos() / 1e6 + " ms";
  }
}
