package dev.aiaudit.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiaudit.model.FileEvent;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accesses timeline counts the whole searched range in the store (not one page of rows): its buckets equal
 * counting the records added, for the API and the page; hostile ranges and buckets are JSON 400s.
 */
class DashboardTimelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Counts {@code times} that pass {@code keep} into buckets of {@code bucketNs} from {@code fromNs} up to {@code toNs}. */
  private static long[] count(List<FileEvent> events, Predicate<FileEvent> keep, long fromNs, long toNs, long bucketNs) {
    long[] out = new long[(int) ((toNs - fromNs + bucketNs - 1) / bucketNs)];
    for (FileEvent e : events) {
      if (keep.test(e) && e.timeNs() >= fromNs && e.timeNs() < toNs) {
        out[(int) ((e.timeNs() - fromNs) / bucketNs)]++;
      }
    }
    return out;
  }

  private static long[] counts(JsonNode timeline) {
    long[] out = new long[timeline.path("buckets").size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = timeline.path("buckets").get(i).path("count").asLong();
    }
    return out;
  }

  @Test
  void timeline_bucketsEqualCountingTheRecords_wholeRange_notOnePage() throws Exception {
    try (DashboardFixture f = new DashboardFixture(dir, b -> { })) {
      List<FileEvent> added = new ArrayList<>();
      for (int i = 0; i < 330; i++) {
        FileEvent e = f.access("/models/m" + i + ".safetensors", i % 3 == 0 ? "/usr/bin/cat" : "/usr/bin/python3");
        added.add(e);
        f.add(e);
        if (i % 50 == 0) {
          f.add(f.alert(f.add(f.access("/models/x.gguf", "/usr/bin/cat")), "not a file record: not counted")); // alerts too
        }
      }
      // the cited accesses are file records as well
      List<FileEvent> files = new ArrayList<>();
      f.store.query(dev.aiaudit.store.EventQuery.builder().classUids(List.of(1001)).limit(0).build(),
          r -> files.add((FileEvent) r.event()));
      assertThat(files).hasSize(330 + 7);
      long first = files.get(0).timeNs();
      long last = files.get(files.size() - 1).timeNs();
      long from = first + 2_500_000_000L;
      long to = last - 9_000_000_000L;
      String range = "&since=" + q(Instant.ofEpochSecond(0, from).toString()) + "&until=" + q(Instant.ofEpochSecond(0, to).toString());

      var r = f.get("/api/v1/events/timeline?class=file&bucket=7s" + range, f.viewer);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode t = JSON.readTree(r.body());
      long[] expected = count(files, e -> true, from, to, 7_000_000_000L);
      assertThat(counts(t)).containsExactly(expected);
      assertThat(t.path("bucket_ms").asDouble()).isEqualTo(7000.0);
      assertThat(t.path("total").asLong()).isEqualTo(java.util.Arrays.stream(expected).sum()).isGreaterThan(300);
      assertThat(t.path("buckets").get(1).path("start").asText()).isEqualTo(Instant.ofEpochSecond(0, from + 7_000_000_000L).toString());

      // a filter: the same filters as /api/v1/events
      var p = JSON.readTree(f.get("/api/v1/events/timeline?class=file&process=python3&bucket=1m" + range, f.viewer).body());
      assertThat(counts(p)).containsExactly(count(files, e -> e.process().exe().endsWith("/python3"), from, to, 60_000_000_000L));

      // no bucket: the smallest round size giving at most 240 buckets; no since: from the oldest matching record to now
      var all = JSON.readTree(f.get("/api/v1/events/timeline?class=file", f.viewer).body());
      assertThat(all.path("from").asText()).isEqualTo(Instant.ofEpochSecond(0, first).toString());
      assertThat(all.path("total").asLong()).isEqualTo(files.size());
      assertThat(all.path("buckets").size()).isBetween(1, Timeline.TARGET_BUCKETS);
      long bucketNs = (long) (all.path("bucket_ms").asDouble() * 1_000_000L);
      long toNs = dev.aiaudit.store.sql.FilterSql.epochNanos(Instant.parse(all.path("to").asText()));
      assertThat(counts(all)).containsExactly(count(files, e -> true, first, toNs, bucketNs));
      assertThat(Timeline.round(2 * 3_600_000_000_000L)).isEqualTo(30_000_000_000L);
      assertThat(Timeline.round(1)).isEqualTo(1_000_000_000L);

      // nothing matches and no since: an empty timeline, not an error
      var none = JSON.readTree(f.get("/api/v1/events/timeline?class=file&path=/nowhere/*", f.viewer).body());
      assertThat(none.path("from").isNull()).isTrue();
      assertThat(none.path("buckets").size()).isZero();

      // the page's chart: the whole range, while the table shows one page of 100 rows
      String cookie = f.signIn(f.viewer)[0];
      HttpResponse<String> page = f.http.send(HttpRequest.newBuilder(URI.create(f.url("/accesses?limit=100")))
          .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("over the searched range (" + files.size() + " in all)");
      assertThat(page.body().split("class=\"access\"", -1).length - 1).isEqualTo(100);
    }
  }

  @Test
  void timeline_hostileRangeOrBucket_isAJson400() throws Exception {
    try (DashboardFixture f = new DashboardFixture(dir, b -> { })) {
      f.add(f.access("/models/a.safetensors", "/usr/bin/cat"));
      String[][] cases = {
          {"bucket=0s&since=1h", "parameter bucket='0s': expected at least 1ms"},
          {"bucket=abc&since=1h", "parameter bucket='abc': expected a duration"},
          {"bucket=PT-5S&since=1h", "parameter bucket='PT-5S'"},
          {"bucket=1ms&since=30d", "more than 10000 buckets"},
          {"bucket=999999999w&since=1h", null},
          {"since=" + q("2026-01-02T00:00:00Z") + "&until=" + q("2026-01-01T00:00:00Z"), "before it starts"},
          {"since=" + q("0001-01-01T00:00:00Z") + "&until=" + q("9999-12-31T00:00:00Z"), "too long"},
          {"since=" + q("2999-01-01T00:00:00Z"), "the time range is empty"},
          {"kind=" + q("<script>") + "&since=1h", "parameter kind='<script>'"},
          {"bucket=" + "9".repeat(5000), "parameter bucket="},
      };
      for (String[] c : cases) {
        var r = f.get("/api/v1/events/timeline?class=file&" + c[0], f.viewer);
        if (c[1] == null) {
          assertThat(r.statusCode()).as(c[0] + ": " + r.body()).isEqualTo(200); // one huge bucket is a fine answer
          assertThat(JSON.readTree(r.body()).path("total").asLong()).isEqualTo(1);
          continue;
        }
        assertThat(r.statusCode()).as(c[0] + ": " + r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(JSON.readTree(r.body()).path("error").asText()).as(c[0]).contains(c[1]);
      }
      assertThat(f.get("/api/v1/events/timeline?class=file", null).statusCode()).isEqualTo(401);
    }
  }
}
