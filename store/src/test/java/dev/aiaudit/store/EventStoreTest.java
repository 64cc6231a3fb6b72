package dev.aiaudit.store;

import static dev.aiaudit.store.StoreFixtures.at;
import static dev.aiaudit.store.StoreFixtures.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.model.SensorEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The DuckDB store against real files: every filter, idempotence, clear and reload, lastSeq. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventStoreTest {
  private static final int N = 3000;

  private EventStore shared;
  private final List<RecordedEvent> inserted = records(N);

  @BeforeAll
  void loadShared(@TempDir Path sharedDir) {
    shared = EventStore.openDuckDb(sharedDir.resolve("events.duckdb"));
    for (int i = 0; i < inserted.size(); i += 4096 / 8) { // several batches
      shared.insert(inserted.subList(i, Math.min(inserted.size(), i + 4096 / 8)));
    }
  }

  @AfterAll
  void closeShared() {
    shared.close();
  }

  Stream<Arguments> filters() {
    Instant from = at(100);
    Instant to = at(200);
    return Stream.of(
        argumentSet("time range [from, to)", EventQuery.builder().from(from).to(to),
            (Predicate<Event>) e -> e.timeNs() >= nanos(from) && e.timeNs() < nanos(to)),
        argumentSet("from only", EventQuery.builder().from(at(2900)), (Predicate<Event>) e -> e.timeNs() >= nanos(at(2900))),
        argumentSet("kind model_weights", EventQuery.builder().assetKinds(List.of(AssetKind.MODEL_WEIGHTS)),
            file(f -> f.asset() == AssetKind.MODEL_WEIGHTS)),
        argumentSet("kinds gpu_device + training_data",
            EventQuery.builder().assetKinds(List.of(AssetKind.GPU_DEVICE, AssetKind.TRAINING_DATA)),
            file(f -> f.asset() == AssetKind.GPU_DEVICE || f.asset() == AssetKind.TRAINING_DATA)),
        argumentSet("glob prefix /dev/nvidia*", EventQuery.builder().pathGlob("/dev/nvidia*"),
            file(f -> f.path().startsWith("/dev/nvidia"))),
        argumentSet("glob suffix *.parquet", EventQuery.builder().pathGlob("*.parquet"),
            file(f -> f.path().endsWith(".parquet"))),
        argumentSet("glob * crosses /", EventQuery.builder().pathGlob("/models/*.safetensors"),
            file(f -> f.path().startsWith("/models/") && f.path().endsWith(".safetensors"))),
        argumentSet("glob set and ?", EventQuery.builder().pathGlob("/data/train/shard-1[0-3]?.parquet"),
            file(f -> f.path().matches("/data/train/shard-1[0-3].\\.parquet"))),
        argumentSet("glob without wildcard is exact", EventQuery.builder().pathGlob("/dev/nvidia3"),
            file(f -> f.path().equals("/dev/nvidia3"))),
        argumentSet("glob: SQL text is a value", EventQuery.builder().pathGlob("' OR 1=1 --"), (Predicate<Event>) e -> false),
        argumentSet("glob: % and _ are literal", EventQuery.builder().pathGlob("/dev/nvidia%"), (Predicate<Event>) e -> false),
        argumentSet("process by pid", EventQuery.builder().process("1042"), proc(p -> p.pid() == 1042)),
        argumentSet("process by exe base name", EventQuery.builder().process("cat"), proc(p -> "/usr/bin/cat".equals(p.exe()))),
        argumentSet("process by base name glob", EventQuery.builder().process("python*"),
            proc(p -> p.exe() != null && p.exe().substring(p.exe().lastIndexOf('/') + 1).startsWith("python"))),
        argumentSet("process by exe path glob", EventQuery.builder().process("/opt/conda/*"),
            proc(p -> p.exe() != null && p.exe().startsWith("/opt/conda/"))),
        argumentSet("user by name", EventQuery.builder().user("root"), proc(p -> "root".equals(p.user()))),
        argumentSet("user by uid", EventQuery.builder().user("1001"), proc(p -> p.uid() == 1001)),
        argumentSet("user by uid 0", EventQuery.builder().user("0"), proc(p -> p.uid() == 0)),
        argumentSet("container by id prefix", EventQuery.builder().container("3f9a"),
            proc(p -> p.containerId() != null && p.containerId().startsWith("3f9a"))),
        argumentSet("container by pod uid", EventQuery.builder().container("9d8e7f6a-aaaa-bbbb-cccc-ddddeeeeffff"),
            proc(p -> "9d8e7f6a-aaaa-bbbb-cccc-ddddeeeeffff".equals(p.podUid()))),
        argumentSet("container by pod uid prefix", EventQuery.builder().container("7c1e4b2a"),
            proc(p -> p.podUid() != null && p.podUid().startsWith("7c1e4b2a"))),
        argumentSet("activity read", EventQuery.builder().activities(List.of(FileActivity.READ)),
            file(f -> f.activity() == FileActivity.READ)),
        argumentSet("activities open + modify", EventQuery.builder().activities(List.of(FileActivity.OPEN, FileActivity.MODIFY)),
            file(f -> f.activity() == FileActivity.OPEN || f.activity() == FileActivity.MODIFY)),
        argumentSet("class sensor", EventQuery.builder().classUids(List.of(SensorEvent.CLASS_UID)),
            (Predicate<Event>) e -> e instanceof SensorEvent),
        argumentSet("class file", EventQuery.builder().classUids(List.of(FileEvent.CLASS_UID)),
            (Predicate<Event>) e -> e instanceof FileEvent),
        argumentSet("combined", EventQuery.builder().from(at(500)).to(at(2500)).assetKinds(List.of(AssetKind.MODEL_WEIGHTS))
                .process("python3.11").user("trainer").container("3f9a").activities(List.of(FileActivity.READ)),
            file(f -> f.timeNs() >= nanos(at(500)) && f.timeNs() < nanos(at(2500)) && f.asset() == AssetKind.MODEL_WEIGHTS
                && "/usr/bin/python3.11".equals(f.process().exe()) && "trainer".equals(f.process().user())
                && f.activity() == FileActivity.READ)));
  }

  @ParameterizedTest
  @MethodSource("filters")
  void query_filter_returnsExactlyTheMatchingRows(EventQuery.Builder q, Predicate<Event> expected) {
    List<RecordedEvent> want = inserted.stream().filter(r -> expected.test(r.event()))
        .sorted(Comparator.comparingLong((RecordedEvent r) -> r.event().timeNs()).thenComparingLong(RecordedEvent::seq))
        .toList();

    List<EventRow> got = shared.query(q.limit(0).build());

    assertThat(got).containsExactlyElementsOf(rows(want));
  }

  @Test
  void query_all_roundTripsEveryFieldOfEveryEvent() {
    assertThat(shared.query(EventQuery.all())).containsExactlyElementsOf(rows(inserted));
  }

  @Test
  void query_limitAndNewestFirst_returnsTheNewestRowsDescending() {
    List<EventRow> got = shared.query(EventQuery.builder().limit(3).newestFirst(true).build());

    assertThat(got).extracting(EventRow::seq).containsExactly((long) N, N - 1L, N - 2L);
  }

  @Test
  void query_defaultLimit_isApplied() {
    assertThat(shared.query(EventQuery.builder().build())).hasSize(EventQuery.DEFAULT_LIMIT);
  }

  @Test
  void stats_afterLoad_countsRowsAndTimes() {
    StoreStats s = shared.stats();

    assertThat(s.rows()).isEqualTo(N);
    assertThat(s.lastSeq()).isEqualTo(N);
    assertThat(s.fileBytes()).isPositive();
    assertThat(s.oldest()).isEqualTo(Instant.ofEpochSecond(0, inserted.getFirst().event().timeNs()));
    assertThat(s.newest()).isEqualTo(Instant.ofEpochSecond(0, inserted.getLast().event().timeNs()));
  }

  @Test
  void insert_sameBatchTwice_isIdempotent(@TempDir Path dir) {
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      List<RecordedEvent> batch = records(100);

      assertThat(store.insert(batch)).isEqualTo(100);
      assertThat(store.insert(batch)).isZero();

      assertThat(store.query(EventQuery.all())).containsExactlyElementsOf(rows(batch));
      assertThat(store.lastSeq()).isEqualTo(100);
    }
  }

  @Test
  void insert_overlappingCatchUp_addsOnlyTheNewRecords(@TempDir Path dir) {
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      List<RecordedEvent> all = records(300);
      store.insert(all.subList(0, 200));

      int added = store.insert(all.subList(150, 300));

      assertThat(added).isEqualTo(100);
      assertThat(store.query(EventQuery.all())).containsExactlyElementsOf(rows(all));
    }
  }

  @Test
  void insert_gapFilledLater_isAccepted(@TempDir Path dir) {
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      List<RecordedEvent> all = records(30);
      store.insert(all.subList(0, 10));
      store.insert(all.subList(20, 30));

      assertThat(store.insert(all.subList(5, 25))).isEqualTo(10);
      assertThat(store.query(EventQuery.all())).extracting(EventRow::seq)
          .containsExactlyElementsOf(all.stream().map(RecordedEvent::seq).toList());
    }
  }

  @Test
  void insert_duplicateSeqWithinBatch_keepsTheFirst(@TempDir Path dir) {
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      List<RecordedEvent> batch = new ArrayList<>(records(3));
      batch.add(new RecordedEvent(2, StoreFixtures.hash(99), StoreFixtures.event(99)));

      assertThat(store.insert(batch)).isEqualTo(3);
      assertThat(store.query(EventQuery.all())).containsExactlyElementsOf(rows(records(3)));
    }
  }

  @Test
  void insert_hashNotHex_isRejectedBeforeAnyRowIsWritten(@TempDir Path dir) {
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      List<RecordedEvent> batch = new ArrayList<>(records(3));
      batch.add(new RecordedEvent(4, "not-hex", StoreFixtures.event(4)));

      assertThatThrownBy(() -> store.insert(batch)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("record seq 4 has a hash that is not 64 hex digits: 'not-hex'");
      assertThat(store.query(EventQuery.all())).isEmpty();
      assertThat(store.lastSeq()).isZero();
    }
  }

  @Test
  void insert_hashOfAnotherLengthOrNonAsciiDigits_isRejected(@TempDir Path dir) {
    // hex of the wrong length (a 2-byte BLOB) and digits Character.digit would take (fullwidth A, Arabic-Indic one)
    for (String bad : List.of("abcd", "ab".repeat(33), "\uFF21" + "a".repeat(63), "\u0661" + "a".repeat(63),
        "a".repeat(63) + "\n")) {
      try (EventStore store = EventStore.openDuckDb(dir.resolve(Integer.toHexString(bad.hashCode()) + ".duckdb"))) {
        List<RecordedEvent> batch = new ArrayList<>(records(2));
        batch.add(new RecordedEvent(3, bad, StoreFixtures.event(3)));
        assertThatThrownBy(() -> store.insert(batch)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("record seq 3 has a hash that is not 64 hex digits: '")
            .hasMessageNotContaining("\n");
        assertThat(store.lastSeq()).isZero();
      }
    }
  }

  @Test
  void lastSeq_emptyStore_isZero(@TempDir Path dir) {
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      assertThat(store.lastSeq()).isZero();
    }
  }

  @Test
  void lastSeq_afterReopen_isTheHighestIndexedSeq(@TempDir Path dir) {
    Path file = dir.resolve("events.duckdb");
    try (EventStore store = EventStore.openDuckDb(file)) {
      store.insert(records(1, 40));
      store.insert(records(41, 2));
    }
    try (EventStore store = EventStore.openDuckDb(file)) {
      assertThat(store.lastSeq()).isEqualTo(42);
      assertThat(store.stats().rows()).isEqualTo(42);
    }
  }

  @Test
  void clear_thenReload_holdsOnlyTheReloadedRecords(@TempDir Path dir) {
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      store.insert(records(500));

      store.clear();

      assertThat(store.lastSeq()).isZero();
      assertThat(store.query(EventQuery.all())).isEmpty();
      List<RecordedEvent> reload = records(120);
      store.insert(reload);
      assertThat(store.query(EventQuery.all())).containsExactlyElementsOf(rows(reload));
      assertThat(store.lastSeq()).isEqualTo(120);
    }
  }

  @Test
  void insert_oneBatchOfSeveralVectorChunks_roundTripsEveryFieldAndHash(@TempDir Path dir) {
    // 2,048 + 2,048 + 904 rows: the feed's table function hands DuckDB three chunks in one INSERT, with sensor rows,
    // nulls, origins and a hostile cmdline in every chunk; a column shifted by one or a chunk restarted would show.
    List<RecordedEvent> batch = records(5000);
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      assertThat(store.insert(batch)).isEqualTo(5000);
      assertThat(store.query(EventQuery.builder().limit(0).build())).containsExactlyElementsOf(rows(batch));
    }
    try (EventStore again = EventStore.openDuckDbReadOnly(dir.resolve("events.duckdb"))) {
      assertThat(again.lastSeq()).isEqualTo(5000);
      assertThat(again.query(EventQuery.builder().limit(0).build())).containsExactlyElementsOf(rows(batch));
    }
  }

  @Test
  void insert_moreThanOneFlush_keepsEveryRow(@TempDir Path dir) {
    int n = 130_000; // above the Appender commit threshold of one row group (122,880)
    try (EventStore store = EventStore.openDuckDb(dir.resolve("events.duckdb"))) {
      for (int i = 0; i < n; i += 4096) {
        store.insert(records(i + 1, Math.min(4096, n - i)));
      }
      assertThat(store.stats().rows()).isEqualTo(n);
      assertThat(store.lastSeq()).isEqualTo(n);
      assertThat(store.query(EventQuery.builder().pathGlob("/dev/nvidia5").limit(0).build()))
          .allSatisfy(r -> assertThat(((FileEvent) r.event()).path()).isEqualTo("/dev/nvidia5"))
          .hasSize((int) records(n).stream().filter(r -> r.event() instanceof FileEvent f
              && f.path().equals("/dev/nvidia5")).count());
    }
  }

  @Test
  void builder_invalidArguments_failFast() {
    assertThatThrownBy(() -> EventQuery.builder().limit(-1)).hasMessage("limit must be >= 0 (0: no limit): -1");
    assertThatThrownBy(() -> EventQuery.builder().pathGlob(" ")).hasMessage("path glob must not be blank");
    assertThatThrownBy(() -> EventQuery.builder().classUids(Set.of(7))).hasMessage("unknown class_uid 7 (expected 1001, 1007, 1008, 2003, 2004 or 1099)");
    assertThatThrownBy(() -> EventQuery.builder().from(at(10)).to(at(5)).build())
        .hasMessage("time range ends (2026-01-01T00:00:05Z) before it starts (2026-01-01T00:00:10Z)");
  }

  private static List<EventRow> rows(List<RecordedEvent> recs) {
    return recs.stream().map(r -> new EventRow(r.seq(), r.hash(), r.event())).toList();
  }

  private static Predicate<Event> file(Predicate<FileEvent> p) {
    return e -> e instanceof FileEvent f && p.test(f);
  }

  private static Predicate<Event> proc(Predicate<ProcessInfo> p) {
    return e -> e instanceof FileEvent f && p.test(f.process());
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
