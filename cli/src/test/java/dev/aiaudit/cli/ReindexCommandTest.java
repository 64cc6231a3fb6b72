package dev.aiaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.store.EventQuery;
import dev.aiaudit.store.EventStore;
import dev.aiaudit.testing.Events;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 7: reindex builds the new index beside the old one and swaps only on success; a journal with a
 * gap fails with a clear line and leaves the old index as it was.
 */
class ReindexCommandTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  private static final int N = 1_202;
  @TempDir Path data;

  @BeforeEach
  void journalAndIndex() {
    List<RecordedEvent> all = new ArrayList<>();
    try (Journal j = Journal.open(data.resolve("journal"), JournalOptions.defaults().withSegmentBytes(64 * 1024))) {
      for (int i = 0; i < N; i += 100) {
        List<Event> batch = new ArrayList<>();
        for (int k = i; k < Math.min(N, i + 100); k++) {
          batch.add(Events.sample(k, T0 + k));
        }
        all.addAll(j.append(batch));
      }
    }
    try (EventStore store = EventStore.openDuckDb(data.resolve("events.duckdb"))) {
      store.insert(all);
    }
  }

  @Test
  void reindex_intactJournal_replacesTheIndex() throws Exception {
    Result r = run("reindex", "--data-dir", data.toString());
    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out).startsWith("reindexed " + N + " records");
    assertThat(data.resolve("events.duckdb.reindex")).doesNotExist();
    assertThat(rows()).isEqualTo(N);
  }

  @Test
  void reindex_journalWithAGap_failsClearly_oldIndexIntact() throws Exception {
    List<Path> segments;
    try (Stream<Path> s = Files.list(data.resolve("journal"))) {
      segments = s.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().toList();
    }
    assertThat(segments.size()).isGreaterThan(3);
    Files.delete(segments.get(2));

    Result r = run("reindex", "--data-dir", data.toString());
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err).startsWith("ai-audit: reindex failed, the old index " + data.resolve("events.duckdb") + " is unchanged: journal ")
        .contains("is damaged").endsWith("\n");
    assertThat(r.err.strip()).doesNotContain("\n");
    assertThat(data.resolve("events.duckdb.reindex")).doesNotExist();
    assertThat(rows()).isEqualTo(N);
  }

  private long rows() {
    try (EventStore store = EventStore.openDuckDbReadOnly(data.resolve("events.duckdb"))) {
      return store.query(EventQuery.builder().limit(0).build()).size();
    }
  }

  record Result(int code, String out, String err) {}

  /** Runs a command that prints to System.out/err, capturing both. */
  static synchronized Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
