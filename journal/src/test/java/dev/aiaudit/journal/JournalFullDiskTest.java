package dev.aiaudit.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.model.SensorEvent;
import dev.aiaudit.pipeline.BatchingSink;
import dev.aiaudit.testing.Events;
import dev.aiaudit.testing.Privileges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 4 on a real 1 MiB tmpfs: the journal's disk fills up while events keep coming; the pipeline
 * holds what fits in its bounded queue, counts what does not, and once space is freed writes the held
 * events, then one events_dropped record with the exact count and time range, then the newer events.
 */
class JournalFullDiskTest {
  private static final long T0 = 1_767_225_600_000_000_000L;

  @TempDir Path tmp;
  private Path mount;

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      run("umount", mount.toString());
    }
  }

  @Test
  void diskFull_heldThenDroppedCounted_recordBeforeNewerEvents_journalVerifies() throws Exception {
    Path fs = tmpfs();
    Path dir = fs.resolve("journal");
    int queueSize = 500;
    Journal journal = Journal.open(dir, JournalOptions.defaults());
    BatchingSink sink = BatchingSink.builder(new JournalSink(journal, r -> { }))
        .setQueueSize(queueSize).setMaxBatch(50).setLinger(Duration.ZERO).setMaxRetries(0)
        .setCloseTimeout(Duration.ofSeconds(5)).setHost("h").build();
    Path filler = fs.resolve("filler");
    fill(filler);

    // One event at a time until the journal fails: the segment's last tmpfs page may still take a few records.
    int next = 0;
    while (!sink.stats().failing()) {
      assertThat(next).as("the full disk never failed a write").isLessThan(100);
      assertThat(sink.offer(ev(next++))).isTrue();
      int want = next;
      await(() -> sink.stats().delivered() == want || sink.stats().failing(), "event " + (want - 1) + " to settle");
    }
    assertThat(sink.stats().lastFailure()).contains("No space left on device");
    int accepted = next;
    int refused = 0;
    for (int i = next; i < 2_000; i++) {
      if (sink.offer(ev(i))) {
        accepted++;
      } else {
        refused++;
      }
    }
    // the worker holds the failed event and cannot drain while the disk is full: the queue takes exactly its size
    assertThat(accepted).isEqualTo(next + queueSize);
    assertThat(refused).isEqualTo(2_000 - next - queueSize).isPositive();
    assertThat(sink.stats().unreportedDrops()).isEqualTo(refused);

    Files.delete(filler);
    await(() -> !sink.stats().failing() && sink.stats().queued() == 0, "the journal to be writable again");
    for (int i = 2_000; i < 2_100; i++) {
      assertThat(sink.offer(ev(i))).isTrue();
    }
    assertThat(sink.flush(Duration.ofSeconds(30))).isTrue();
    sink.close();
    journal.close();

    assertThat(sink.stats().failedEvents()).isZero();
    assertThat(sink.stats().unreportedDrops()).isZero();
    VerifyResult v = JournalVerifier.verify(dir, null);
    assertThat(v.ok()).as(v.problem()).isTrue();

    List<Event> got;
    try (Stream<RecordedEvent> s = Journal.read(dir, 1)) {
      got = s.map(RecordedEvent::event).toList();
    }
    assertThat(got).hasSize(accepted + 1 + 100);
    for (int i = 0; i < accepted; i++) {
      assertThat(got.get(i).timeNs()).as("held event %d in order", i).isEqualTo(T0 + i);
    }
    Event report = got.get(accepted);
    long droppedCount = refused;
    long firstDropped = T0 + accepted;
    assertThat(report).isInstanceOfSatisfying(SensorEvent.class, s -> {
      assertThat(s.kind()).isEqualTo(SensorEvent.Kind.EVENTS_DROPPED);
      assertThat(s.count()).isEqualTo(droppedCount);
      assertThat(s.message()).contains("first_ns=" + firstDropped).contains("last_ns=" + (T0 + 1_999))
          .contains("the journal could not be written").contains("No space left on device");
    });
    for (int i = 0; i < 100; i++) {
      Event e = got.get(accepted + 1 + i);
      assertThat(e).isInstanceOf(FileEvent.class);
      assertThat(e.timeNs()).isEqualTo(T0 + 2_000 + i);
    }
  }

  @Test
  void closingCheckpointOnAFullDisk_isReported_andTheJournalReopens() throws Exception {
    Path fs = tmpfs();
    Path dir = fs.resolve("journal");
    Journal journal = Journal.open(dir, JournalOptions.defaults());
    journal.append(List.of(ev(0), ev(1), ev(2)));
    Path filler = fs.resolve("filler");
    fill(filler); // checkpoints.log is still empty: its first entry needs a page the disk no longer has

    assertThat(org.assertj.core.api.Assertions.catchThrowable(journal::close))
        .isInstanceOf(JournalException.class)
        .hasMessageContaining("the closing checkpoint for seq 3 could not be written")
        .hasMessageContaining("No space left on device")
        .hasMessageContaining("records up to seq 3 are on disk")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

    Files.delete(filler);
    try (Journal again = Journal.open(dir, JournalOptions.defaults())) {
      assertThat(again.lastSeq()).isEqualTo(3);
    }
    VerifyResult v = JournalVerifier.verify(dir, null);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.highWaterMark()).isEqualTo(3);
  }

  /**
   * A batch is written out in {@link BatchWriter#WRITE_CHUNK} pieces as it is encoded: when the disk fills after some
   * pieces are in the file, the whole batch is cut off again (none of it journaled, the segment as before), and the
   * same batch appends at the same seqs once there is room, with the encoder's reused buffers intact.
   */
  @Test
  void diskFullInTheMiddleOfAChunkedBatch_cutsTheWholeBatchOff_andItAppendsLater() throws Exception {
    Path fs = tmpfs("4m");
    Path dir = fs.resolve("journal");
    Journal journal = Journal.open(dir, JournalOptions.defaults());
    journal.append(List.of(ev(0), ev(1), ev(2)));
    Path segment = JournalFiles.segments(dir).getLast();
    long sizeBefore = Files.size(segment);
    List<Event> big = new java.util.ArrayList<>();
    for (int i = 3; i < 3 + 2_000; i++) { // about 2 MB: many pieces, encoded by helpers in 256-event chunks
      big.add(ev(i));
    }
    long free = Files.getFileStore(fs).getUsableSpace();
    long room = 5L * BatchWriter.WRITE_CHUNK; // a few pieces fit, the batch does not
    Path filler = fs.resolve("filler");
    try (var out = Files.newOutputStream(filler)) {
      byte[] block = new byte[4 * 1024];
      for (long left = free - room; left > 0; left -= block.length) {
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }

    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> journal.append(big)))
        .isInstanceOf(JournalException.class)
        .hasMessageContaining("No space left on device")
        .hasMessageContaining("the batch was not journaled (records up to seq 3 are safe)");
    assertThat(journal.lastSeq()).isEqualTo(3);
    assertThat(Files.size(segment)).as("the pieces written before the failure are cut off").isEqualTo(sizeBefore);

    Files.delete(filler);
    List<RecordedEvent> got = journal.append(big);
    assertThat(got).extracting(RecordedEvent::seq).containsExactlyElementsOf(
        java.util.stream.LongStream.rangeClosed(4, 2_003).boxed().toList());
    journal.close();
    VerifyResult v = JournalVerifier.verify(dir, null);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.highWaterMark()).isEqualTo(2_003);
    try (Stream<RecordedEvent> all = Journal.read(dir, 1)) {
      List<Event> read = all.map(RecordedEvent::event).toList();
      assertThat(read).hasSize(2_003);
      assertThat(read.subList(3, 2_003)).as("each record holds its own event").isEqualTo(big);
    }
  }

  private static Event ev(int i) {
    return Events.sample(i, T0 + i);
  }

  private static void await(BooleanSupplier cond, String what) throws InterruptedException {
    for (int i = 0; i < 600 && !cond.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertThat(cond.getAsBoolean()).as("waited 30 s for " + what).isTrue();
  }

  private Path tmpfs() throws Exception {
    return tmpfs("1m");
  }

  private Path tmpfs(String size) throws Exception {
    Privileges.assume(Privileges.isLinux() && Privileges.hasCapSysAdmin(), "needs CAP_SYS_ADMIN to mount a small tmpfs");
    Path m = Files.createDirectory(tmp.resolve("fs"));
    Privileges.assume(run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", m.toString()), "mount of a tmpfs failed");
    mount = m;
    return m;
  }

  private static void fill(Path f) throws IOException {
    byte[] block = new byte[4 * 1024];
    try (var out = Files.newOutputStream(f)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      assertThat(e.getMessage()).contains("No space left");
    }
  }

  private static boolean run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
