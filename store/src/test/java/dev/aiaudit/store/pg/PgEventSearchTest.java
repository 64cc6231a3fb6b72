package dev.aiaudit.store.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventCodec;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.FindingEvent;
import dev.aiaudit.model.ProcessEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventRow;
import dev.aiaudit.store.EventSearch;
import dev.aiaudit.store.EventStore;
import dev.aiaudit.store.StoreException;
import dev.aiaudit.testing.Events;
import dev.aiaudit.store.sql.FilterSql;
import dev.aiaudit.testing.Postgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet store answers every {@code query} filter exactly as the DuckDB index does: the same records go into a
 * real PostgreSQL (through {@link FleetStore#write}, COPY and all) and into a DuckDB file, and each query's rows are
 * compared. Globs with characters that mean something to LIKE or to regular expressions are among them.
 */
class PgEventSearchTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  private static Postgres pg;
  private static String url;
  private static final List<RecordedEvent> RECORDS = new ArrayList<>();

  @TempDir static Path dir;

  @BeforeAll
  static void load() throws Exception {
    pg = Postgres.startOrSkip();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE search");
    }
    url = "postgresql://postgres@127.0.0.1:" + pg.port() + "/search";
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      events.add(Events.sample(i, T0 + i * 1_000_000L));
    }
    ProcessInfo root = new ProcessInfo(4242, 1, 0, "root", "/bin/bash", "bash -c x", 0, "9e8d7c6b5a4f", "docker", null);
    String[] odd = {"/weird/100%_done.bin", "/weird/100X_done.bin", "/weird/a.b(c)+d", "/weird/line\nbreak", "/weird/[x", "/weird/back\\slash"};
    for (int i = 0; i < odd.length; i++) {
      events.add(FileEvent.of(T0 + (400 + i) * 1_000_000L, "node-1", FileActivity.OPEN, root, odd[i], AssetKind.OTHER, "fanotify"));
    }
    events.add(new SensorEvent(T0 + 410 * 1_000_000L, "node-1", SensorEvent.Kind.QUEUE_OVERFLOW, 49, "fanotify queue overflow"));
    events.add(new ProcessEvent(T0 + 411 * 1_000_000L, T0 + 411 * 1_000_000L, "node-1", root, "/usr/sbin/sshd", "sshd: root", "/root", 1,
        "proc-connector"));
    events.add(new FindingEvent(T0 + 412 * 1_000_000L, "node-1", "deployment/llama", "compliant", "noncompliant", "weights unsigned",
        "policy"));
    Random r = new Random(7);
    List<FleetRow> rows = new ArrayList<>();
    String prev = "0".repeat(64);
    for (int i = 0; i < events.size(); i++) {
      byte[] h = new byte[32];
      r.nextBytes(h);
      String hash = HexFormat.of().formatHex(h);
      Event e = events.get(i);
      RECORDS.add(new RecordedEvent(i + 1, hash, e));
      rows.add(new FleetRow("node-1", i + 1, e.timeNs(), e.classUid(), hash, prev, true, EventCodec.encodeToString(e), e, 0, i));
      prev = hash;
    }
    try (FleetStore s = FleetStore.open(url)) {
      // two polls, the second overlapping the first: COPY + ON CONFLICT keeps each (host, seq) once
      assertThat(s.write(new FleetBatch(rows.subList(0, 300), List.of(), List.of(), List.of(), Map.of()))).isEqualTo(300);
      assertThat(s.write(new FleetBatch(rows, List.of(), List.of(), List.of(), Map.of()))).isEqualTo(rows.size() - 300);
    }
    try (EventStore d = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      d.insert(RECORDS);
    }
  }

  @AfterAll
  static void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  private static Map<String, EventQuery> queries() {
    Map<String, EventQuery> q = new LinkedHashMap<>();
    q.put("all", EventQuery.builder().limit(0).build());
    q.put("window", EventQuery.builder().from(Instant.ofEpochSecond(0, T0 + 100_000_000L)).to(Instant.ofEpochSecond(0, T0 + 150_000_000L))
        .limit(0).build());
    q.put("kind", EventQuery.builder().assetKinds(List.of(AssetKind.MODEL_WEIGHTS)).limit(0).build());
    q.put("kinds", EventQuery.builder().assetKinds(List.of(AssetKind.GPU_DEVICE, AssetKind.OTHER)).limit(0).build());
    q.put("activity", EventQuery.builder().activities(List.of(FileActivity.MODIFY)).limit(0).build());
    for (int c : List.of(1001, 1007, 1008, 2003)) {
      q.put("class " + c, EventQuery.builder().classUids(List.of(c)).limit(0).build());
    }
    for (String g : List.of("/models/*.safetensors", "/data/train/shard-4?.parquet", "/dev/nvidia[0-3]", "/dev/nvidia[!0-3]",
        "/weird/100%_done.bin", "/weird/100%", "/weird/a.b(c)+d", "/weird/*\n*", "/weird/[x", "/weird/back\\slash", "/weird/back\\\\slash", "/weird/100\\%\\_done.bin", "/weird/\\*", "*", "/models/llama/*")) {
      q.put("path " + g, EventQuery.builder().pathGlob(g).limit(0).build());
    }
    for (String p : List.of("1042", "python3*", "/usr/bin/*", "ba?h", "bash", "99999999999")) {
      q.put("process " + p, EventQuery.builder().process(p).limit(0).build());
    }
    for (String u : List.of("trainer", "0", "1000", "nobody")) {
      q.put("user " + u, EventQuery.builder().user(u).limit(0).build());
    }
    for (String c : List.of("3f9a", "7c1e4b2a-1111", "9e8d", "zzz")) {
      q.put("container " + c, EventQuery.builder().container(c).limit(0).build());
    }
    q.put("host node-1", EventQuery.builder().host("node-1").limit(0).build());
    q.put("host node-2", EventQuery.builder().host("node-2").limit(0).build());
    q.put("newest", EventQuery.builder().newestFirst(true).limit(7).build());
    q.put("host node-1 class 1001", EventQuery.builder().host("node-1").classUids(List.of(1001)).limit(0).build());
    q.put("host absent", EventQuery.builder().host("node-9").limit(0).build());
    q.put("combined", EventQuery.builder().process("python3*").user("1000").container("3f9a").assetKinds(List.of(AssetKind.MODEL_WEIGHTS))
        .activities(List.of(FileActivity.READ)).from(Instant.ofEpochSecond(0, T0 + 50_000_000L)).limit(20).build());
    return q;
  }

  @Test
  void everyFilter_returnsTheSameRowsAsTheDuckDbIndex() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    try (EventSearch fleet = EventSearch.openPostgres(url); EventStore duck = EventStore.openDuckDbReadOnly(dir.resolve("events.duckdb"))) {
      queries().forEach((name, q) -> {
        List<EventRow> expected = duck.query(q);
        assertThat(fleet.query(q)).as(name).containsExactlyElementsOf(expected);
        // the counts (no order, no columns) agree with the rows in both stores
        assertThat(duck.count(q)).as("duckdb count " + name).isEqualTo(expected.size());
        assertThat(((dev.aiaudit.store.pg.PgEventSearch) fleet).count(q)).as("postgresql count " + name).isEqualTo(expected.size());
        counts.put(name, expected.size());
      });
    }
    assertThat(counts.get("all")).isEqualTo(RECORDS.size());
    assertThat(counts.get("path /weird/100%_done.bin")).as("%% and _ are literal").isEqualTo(1);
    assertThat(counts.get("path /weird/100%")).isZero();
    assertThat(counts.get("path /weird/a.b(c)+d")).as("regex characters are literal").isEqualTo(1);
    assertThat(counts.get("path /weird/*\n*")).as("* spans a newline").isEqualTo(1);
    assertThat(counts.get("path /weird/back\\slash")).as("a backslash escapes the next character").isZero();
    assertThat(counts.get("path /weird/back\\\\slash")).isEqualTo(1);
    assertThat(counts.get("path /weird/100\\%\\_done.bin")).isEqualTo(1);
    assertThat(counts.get("path /weird/[x")).as("an unclosed set matches nothing in both").isZero();
    assertThat(counts.get("path /dev/nvidia[0-3]")).isEqualTo(50);
    assertThat(counts.get("path /dev/nvidia[!0-3]")).isEqualTo(50);
    assertThat(counts.get("process bash")).isEqualTo(counts.get("user 0")).isEqualTo(odd());
    assertThat(counts.get("class 1008")).isEqualTo(1);
    assertThat(counts.get("class 2003")).isEqualTo(1);
    assertThat(counts.get("newest")).isEqualTo(7);
    assertThat(counts.get("host node-1")).isEqualTo(RECORDS.size());
    assertThat(counts.get("host node-2")).isZero();
  }

  /**
   * Records per time bucket, counted in SQL by each store, equal counting the rows of the same filter one by one: every
   * query above (its limit dropped), over a range wider than the records, with a partial last bucket and with buckets
   * of 1 ms, 7 ms and the whole range.
   */
  @Test
  void histogram_equalsCountingTheRows_inBothStores() {
    Instant a = Instant.ofEpochSecond(0, T0 - 3_000_000L);
    Instant b = Instant.ofEpochSecond(0, T0 + 413_000_001L);
    long total = 0;
    try (EventSearch fleet = EventSearch.openPostgres(url); EventStore duck = EventStore.openDuckDbReadOnly(dir.resolve("events.duckdb"))) {
      for (var e : queries().entrySet()) {
        EventQuery q = e.getValue();
        EventQuery ranged = new EventQuery(q.from() != null ? q.from() : a, q.to() != null ? q.to() : b, q.classUids(), q.assetKinds(),
            q.pathGlob(), q.process(), q.user(), q.container(), q.activities(), 0, false, q.host());
        long from = FilterSql.epochNanos(ranged.from());
        List<EventRow> rows = duck.query(ranged);
        for (long bucket : new long[] {1_000_000L, 7_000_000L, FilterSql.epochNanos(ranged.to()) - from}) {
          long[] expected = new long[FilterSql.buckets(ranged, bucket)];
          for (EventRow r : rows) {
            expected[(int) ((r.event().timeNs() - from) / bucket)]++;
          }
          assertThat(duck.histogram(ranged, bucket)).as("duckdb " + e.getKey() + " / " + bucket).containsExactly(expected);
          assertThat(fleet.histogram(ranged, bucket)).as("postgresql " + e.getKey() + " / " + bucket).containsExactly(expected);
          total += java.util.Arrays.stream(expected).sum();
        }
      }
      // the unfiltered range by hand from the records themselves (not through a store's query)
      EventQuery all = EventQuery.builder().from(a).to(b).limit(0).build();
      long[] byHand = new long[60]; // 416.000001 ms in 7 ms buckets: 59 whole and a partial one
      RECORDS.forEach(r -> byHand[(int) ((r.event().timeNs() - (T0 - 3_000_000L)) / 7_000_000L)]++);
      assertThat(duck.histogram(all, 7_000_000L)).containsExactly(byHand);
      assertThat(fleet.histogram(all, 7_000_000L)).containsExactly(byHand);
      assertThat(total).isPositive();
      // hostile or impossible ranges and buckets: one clear refusal, nothing asked of the database
      for (EventSearch s : List.of(duck, fleet)) {
        assertThatThrownBy(() -> s.histogram(all, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 ns");
        assertThatThrownBy(() -> s.histogram(all, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 10000 buckets");
        assertThatThrownBy(() -> s.histogram(EventQuery.builder().from(a).limit(0).build(), 1_000_000L))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both ends");
        assertThatThrownBy(() -> s.histogram(EventQuery.builder().from(Instant.MIN).to(Instant.MAX).limit(0).build(), Long.MAX_VALUE))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
        // the widest range accepted (about 285 years, both signs of the epoch): no overflow in the bucket arithmetic
        EventQuery wide = EventQuery.builder().from(Instant.ofEpochSecond(-4_000_000_000L)).to(Instant.ofEpochSecond(5_000_000_000L))
            .limit(0).build();
        long[] h = s.histogram(wide, 9_000_000_000_000_000_000L / FilterSql.MAX_BUCKETS);
        assertThat(h).hasSize(FilterSql.MAX_BUCKETS);
        assertThat(java.util.Arrays.stream(h).sum()).isEqualTo(RECORDS.size());
      }
    }
  }

  private static int odd() {
    return 7; // six odd paths and the launch, all by root's bash
  }

  @Test
  void globToRegex_escapesEverythingButTheWildcards() {
    assertThat(dev.aiaudit.store.sql.FilterSql.globToRegex("/a.b/*[!x-z]?%_(\\)")).isEqualTo("^/a\\.b/.*[^x-z].%_\\(\\)$");
    assertThat(dev.aiaudit.store.sql.FilterSql.globToRegex("[]x]")).isEqualTo("^[\\]x]$");
    assertThat(dev.aiaudit.store.sql.FilterSql.globToRegex("a[")).as("unclosed: matches nothing, as in DuckDB").isEqualTo("^$.");
  }

  @Test
  void notAFleetStore_orNotPostgres_isOneClearError() throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE empty");
    }
    assertThatThrownBy(() -> EventSearch.openPostgres("postgresql://postgres:secret@127.0.0.1:" + pg.port() + "/empty"))
        .isInstanceOf(StoreException.class).hasMessageContaining("is not an ai-audit fleet store").hasMessageContaining("postgres:***@")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> EventSearch.openPostgres("mysql://x/y")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jsonWithControlCharacters_survivesCopy() throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE ctl");
    }
    String url = "postgresql://postgres@127.0.0.1:" + pg.port() + "/ctl";
    try (FleetStore s = FleetStore.open(url)) {
      String tab = "/weird/tab\there\rcr";
      FileEvent e = FileEvent.of(T0, "node-2", FileActivity.OPEN, Events.python(1), tab, AssetKind.OTHER, "fanotify");
      String json = EventCodec.encodeToString(e);
      s.write(new FleetBatch(List.of(new FleetRow("node-2", 1, T0, 1001, "ab".repeat(32), "0".repeat(64), true, json, e, 1, 1)),
          List.of(), List.of(), List.of(), Map.of()));
      try (EventSearch q = EventSearch.openPostgres(url)) {
        List<EventRow> rows = q.query(EventQuery.builder().pathGlob("/weird/tab*").limit(0).build());
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().event()).isEqualTo(e);
        assertThat(EventCodec.encode(rows.getFirst().event())).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
