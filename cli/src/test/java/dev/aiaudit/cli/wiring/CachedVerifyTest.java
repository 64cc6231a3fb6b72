package dev.aiaudit.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.model.Event;
import dev.aiaudit.server.dashboard.VerifyStatus;
import dev.aiaudit.testing.Events;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/verify} over a real journal: the first call verifies everything, an unchanged journal answers
 * from the cache, appended records are verified alone (chained to the last verified hash), and a full run comes back
 * when the last one is older than the bound, which is when an edit to an old record shows.
 */
class CachedVerifyTest {
  @TempDir Path dir;

  private static void append(Journal j, long from, int n) {
    List<Event> b = new ArrayList<>();
    for (long i = from; i < from + n; i++) {
      b.add(Events.sample(i, 1_000_000L + i));
    }
    j.append(b);
    j.flush();
  }

  @Test
  void cachedByLastSeq_incrementalOnAppend_fullWhenStale() throws Exception {
    Path jd = dir.resolve("journal");
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T10:00:00Z"));
    try (Journal j = Journal.open(jd, JournalOptions.defaults().withSegmentBytes(8 * 1024))) {
      append(j, 0, 100);
      CachedVerify v = new CachedVerify(jd, j::lastSeq, Duration.ofMinutes(10), now::get);
      VerifyStatus first = v.get();
      assertThat(first.ok()).as(first.problem()).isTrue();
      assertThat(first.mode()).isEqualTo("full");
      assertThat(first.records()).isEqualTo(100);
      assertThat(first.fullAt()).isEqualTo("2026-12-02T10:00:00Z");

      VerifyStatus again = v.get();
      assertThat(again.mode()).isEqualTo("cached");
      assertThat(again.lastSeq()).isEqualTo(100);
      assertThat(v.fullRuns()).isEqualTo(1);

      append(j, 100, 50);
      now.set(now.get().plusSeconds(60));
      VerifyStatus inc = v.get();
      assertThat(inc.mode()).isEqualTo("incremental");
      assertThat(inc.ok()).isTrue();
      assertThat(inc.records()).isEqualTo(150);
      assertThat(inc.lastSeq()).isEqualTo(150);
      assertThat(inc.lastHash()).isEqualTo(j.lastHash());
      assertThat(v.incrementalRecords()).as("only the appended records were counted").isEqualTo(50);
      assertThat(v.fullRuns()).isEqualTo(1);

      // an edit to an old record: not re-read until the bound, then found by the full run
      Path seg;
      try (Stream<Path> s = Files.list(jd)) {
        seg = s.filter(p -> p.getFileName().toString().matches("segment-\\d{20}\\.log"))
            .sorted().findFirst().orElseThrow(() -> new AssertionError("no segment file in " + jd));
      }
      try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
        long at = f.length() / 2;
        f.seek(at);
        int b = f.read();
        f.seek(at);
        f.write(b ^ 0x20);
      }
      assertThat(v.get().mode()).isEqualTo("cached");
      now.set(now.get().plus(Duration.ofMinutes(10)));
      VerifyStatus full = v.get();
      assertThat(full.mode()).isEqualTo("full");
      assertThat(full.ok()).isFalse();
      assertThat(full.problem()).isNotEmpty();
      assertThat(v.fullRuns()).isEqualTo(2);
      // a broken chain is not re-read on every call: cached until the next full run
      append(j, 150, 5);
      assertThat(v.get().mode()).isEqualTo("cached");
      assertThat(v.fullRuns()).isEqualTo(2);
    }
  }
}
