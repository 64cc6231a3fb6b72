package dev.aiaudit.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.export.RecordSource;
import dev.aiaudit.journal.Journal;
import dev.aiaudit.journal.JournalException;
import dev.aiaudit.journal.JournalOptions;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.testing.Events;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporters' resuming reader returns exactly what {@link Journal#read} returns, across segments and appends. */
class JournalTailTest {
  @TempDir Path dir;

  private static List<RecordedEvent> all(Stream<RecordedEvent> s) {
    try (s) {
      return s.toList();
    }
  }

  private static void append(Journal j, long from, int n) {
    List<Event> b = new ArrayList<>();
    for (long i = from; i < from + n; i++) {
      b.add(Events.sample(i, 1_000_000L + i));
    }
    j.append(b);
  }

  @Test
  void everyStartSeq_andResumedPasses_matchJournalRead() throws Exception {
    Path jd = dir.resolve("journal");
    try (Journal j = Journal.open(jd, JournalOptions.defaults().withSegmentBytes(8 * 1024))) {
      RecordSource tail = ExportWiring.source(j);
      long appended = 0;
      long cursor = 0;
      for (int round = 0; round < 12; round++) {
        append(j, appended, 17 + round * 5);
        appended += 17 + round * 5;
        // like the exporter: read from the cursor's own record, then on
        List<RecordedEvent> got = all(tail.read(Math.max(1, cursor)));
        assertThat(got).isEqualTo(all(Journal.read(jd, Math.max(1, cursor))));
        cursor = got.getLast().seq();
      }
      assertThat(cursor).isEqualTo(appended);
      assertThat(((JournalTail) tail).resumed.get()).as("passes after the first resume where the last one stopped").isEqualTo(11);
      assertThat(JournalTail.segments(jd)).hasSizeGreaterThan(5);
      for (long from = 1; from <= appended; from += 7) {
        assertThat(all(tail.read(from))).isEqualTo(all(Journal.read(jd, from)));
      }
      assertThat(all(tail.read(appended + 1))).isEmpty();
    }
  }

  @Test
  void alteredRecordInAnEarlierSegment_isReportedAsDamage() throws Exception {
    Path jd = dir.resolve("journal");
    try (Journal j = Journal.open(jd, JournalOptions.defaults().withSegmentBytes(8 * 1024))) {
      append(j, 0, 200);
      RecordSource tail = ExportWiring.source(j);
      assertThat(all(tail.read(1))).hasSize(200);
      Path first = JournalTail.segments(jd).firstEntry().getValue();
      try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
        f.seek(64 + 28 + 40);
        int b = f.read();
        f.seek(64 + 28 + 40);
        f.write(b ^ 0x20);
      }
      assertThatThrownBy(() -> all(tail.read(1))).isInstanceOf(JournalException.class).hasMessageContaining("damaged");
    }
  }
}
