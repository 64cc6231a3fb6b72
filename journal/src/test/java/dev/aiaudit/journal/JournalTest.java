package dev.aiaudit.journal;

import static dev.aiaudit.journal.JournalFiles.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.testing.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  @TempDir Path dir;

  /**
   * An event that cannot be encoded (here: none at all) deep in a batch, after earlier pieces of the batch were
   * written out: the batch is refused whole, the pieces are cut off the segment, and what follows chains and verifies
   * (stale pieces left beyond the end would read as damage at the next recovery or verify).
   */
  @Test
  void append_encodingFailsAfterPiecesWereWritten_cutsThemOff() throws Exception {
    Path d = dir.resolve("j");
    List<Event> bad = new ArrayList<>(batch(3, 2_000));
    bad.set(1_500, null); // encoded by a helper or the caller after about 1.5 MB of earlier records went out
    long sizeBefore;
    try (Journal j = Journal.open(d, JournalOptions.defaults())) {
      j.append(batch(0, 3));
      sizeBefore = Files.size(JournalFiles.segments(d).getLast());
      assertThatThrownBy(() -> j.append(bad)).isInstanceOf(NullPointerException.class);
      assertThat(j.lastSeq()).isEqualTo(3);
      assertThat(Files.size(JournalFiles.segments(d).getLast())).isEqualTo(sizeBefore);
      assertThat(j.append(batch(3, 5))).extracting(RecordedEvent::seq).containsExactly(4L, 5L, 6L, 7L, 8L);
    }
    VerifyResult v = JournalVerifier.verify(d, null);
    assertThat(v.ok()).as(v.problem()).isTrue();
    try (Journal again = Journal.open(d, JournalOptions.defaults()); Stream<RecordedEvent> all = Journal.read(d, 1)) {
      assertThat(again.lastSeq()).isEqualTo(8);
      assertThat(all.map(RecordedEvent::event).toList()).isEqualTo(batch(0, 8));
    }
  }

  @Test
  void append_newJournal_assignsSeqsFromOneAndChains() {
    try (Journal j = Journal.open(dir, JournalOptions.defaults(), TestClock.create())) {
      List<RecordedEvent> a = j.append(batch(0, 3));
      List<RecordedEvent> b = j.append(batch(3, 2));
      assertThat(a).extracting(RecordedEvent::seq).containsExactly(1L, 2L, 3L);
      assertThat(b).extracting(RecordedEvent::seq).containsExactly(4L, 5L);
      assertThat(j.lastSeq()).isEqualTo(5);
      assertThat(j.lastHash()).isEqualTo(b.get(1).hash()).hasSize(64);
      assertThat(a.get(0).hash()).isNotEqualTo(a.get(1).hash());
      assertThat(j.durableSeq()).isEqualTo(5);
      assertThat(j.recovery().detail()).isEqualTo("new journal");
    }
  }

  @Test
  void append_emptyBatch_returnsEmptyAndWritesNothing() {
    try (Journal j = Journal.open(dir, JournalOptions.defaults())) {
      assertThat(j.append(List.of())).isEmpty();
      assertThat(j.lastSeq()).isZero();
      assertThat(j.lastHash()).isEqualTo("0".repeat(64));
    }
  }

  @Test
  void read_afterAppend_returnsSameRecordsAndEvents() {
    List<RecordedEvent> written = new ArrayList<>();
    try (Journal j = Journal.open(dir, JournalOptions.defaults())) {
      written.addAll(j.append(batch(0, 100)));
      written.addAll(j.append(batch(100, 50)));
    }
    try (Stream<RecordedEvent> s = Journal.read(dir, 1)) {
      assertThat(s.toList()).isEqualTo(written);
    }
    try (Stream<RecordedEvent> s = Journal.read(dir, 120)) {
      assertThat(s.toList()).isEqualTo(written.subList(119, 150));
    }
    try (Stream<RecordedEvent> s = Journal.read(dir, 151)) {
      assertThat(s.toList()).isEmpty();
    }
  }

  @Test
  void append_largeBatchesEncodedInParallel_readBackIdentical() {
    List<RecordedEvent> written = new ArrayList<>();
    try (Journal j = Journal.open(dir, JournalOptions.defaults())) {
      written.addAll(j.append(batch(0, 4096)));
      written.addAll(j.append(batch(4096, 1500)));
    }
    try (Stream<RecordedEvent> s = Journal.read(dir, 1)) {
      assertThat(s.toList()).isEqualTo(written);
    }
    assertThat(written).extracting(RecordedEvent::event).isEqualTo(batch(0, 5596));
    assertThat(JournalVerifier.verify(dir, null).ok()).isTrue();
  }

  @Test
  void open_existingJournal_continuesSeqAndChain() {
    String hash;
    try (Journal j = Journal.open(dir, JournalOptions.defaults())) {
      j.append(batch(0, 10));
      hash = j.lastHash();
    }
    try (Journal j = Journal.open(dir, JournalOptions.defaults())) {
      assertThat(j.lastSeq()).isEqualTo(10);
      assertThat(j.lastHash()).isEqualTo(hash);
      assertThat(j.recovery().repaired()).isFalse();
      assertThat(j.append(batch(10, 1)).getFirst().seq()).isEqualTo(11);
    }
    assertThat(JournalVerifier.verify(dir, null).ok()).isTrue();
  }

  @Test
  void append_pastSegmentBytes_rollsToNewSegmentNamedByFirstSeq() throws Exception {
    JournalOptions small = JournalOptions.defaults().withSegmentBytes(8 * 1024);
    List<RecordedEvent> written = new ArrayList<>();
    try (Journal j = Journal.open(dir, small)) {
      for (int i = 0; i < 20; i++) {
        written.addAll(j.append(batch(i * 10L, 10)));
      }
    }
    List<Path> segs = JournalFiles.segments(dir);
    assertThat(segs).hasSizeGreaterThan(3);
    assertThat(segs.getFirst().getFileName().toString()).isEqualTo("segment-00000000000000000001.log");
    try (Stream<RecordedEvent> s = Journal.read(dir, 1)) {
      assertThat(s.toList()).isEqualTo(written);
    }
    try (Stream<RecordedEvent> s = Journal.read(dir, 137)) {
      assertThat(s.findFirst().orElseThrow().seq()).isEqualTo(137);
    }
    VerifyResult v = JournalVerifier.verify(dir, null);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.segments()).isEqualTo(segs.size());
    assertThat(v.records()).isEqualTo(200);
    try (Journal j = Journal.open(dir, small)) {
      assertThat(j.lastSeq()).isEqualTo(200);
      assertThat(j.recovery().segments()).isEqualTo(segs.size());
    }
  }

  @Test
  void append_everyNRecords_writesSignedCheckpoints() {
    JournalOptions opts = JournalOptions.defaults().withCheckpointEveryRecords(25);
    try (Journal j = Journal.open(dir, opts)) {
      for (int i = 0; i < 10; i++) {
        j.append(batch(i * 10L, 10));
      }
    }
    VerifyResult v = JournalVerifier.verify(dir, null);
    assertThat(v.ok()).isTrue();
    // checkpoints at 30, 60, 90 and one at close (100)
    assertThat(v.checkpoints()).isEqualTo(4);
    assertThat(v.lastSeq()).isEqualTo(100);
  }

  @Test
  void open_createsKeyWithOwnerOnlyPermissions() throws Exception {
    try (Journal j = Journal.open(dir, JournalOptions.defaults())) {
      j.append(batch(0, 1));
    }
    Path key = dir.resolve("keys/journal-ed25519.key");
    assertThat(Files.getPosixFilePermissions(key))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(dir.resolve("keys/journal-ed25519.key.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
  }

  @Test
  void open_twice_secondSaysInUse() {
    try (Journal j = Journal.open(dir, JournalOptions.defaults())) {
      assertThatThrownBy(() -> Journal.open(dir, JournalOptions.defaults()))
          .isInstanceOf(JournalException.class)
          .hasMessageContaining(dir.toString())
          .hasMessageContaining("already open");
    }
  }

  @Test
  void append_afterClose_fails() {
    Journal j = Journal.open(dir, JournalOptions.defaults());
    j.close();
    j.close();
    assertThatThrownBy(() -> j.append(batch(0, 1))).isInstanceOf(JournalException.class).hasMessageContaining("closed");
  }

  @Test
  void append_intervalPolicy_durableSeqCatchesUpByFlush() {
    JournalOptions opts = JournalOptions.defaults().withFsync(FsyncPolicy.INTERVAL).withFsyncInterval(Duration.ofHours(1));
    try (Journal j = Journal.open(dir, opts)) {
      j.append(batch(0, 5));
      assertThat(j.durableSeq()).isZero();
      j.flush();
      assertThat(j.durableSeq()).isEqualTo(5);
    }
  }

  @Test
  void sink_accept_passesRecordedEventsDownstream() {
    List<RecordedEvent> seen = new ArrayList<>();
    try (JournalSink sink = new JournalSink(Journal.open(dir, JournalOptions.defaults()), seen::addAll)) {
      List<Event> b = batch(0, 4);
      sink.accept(b);
      sink.flush();
      assertThat(seen).extracting(RecordedEvent::event).isEqualTo(b);
      assertThat(seen).extracting(RecordedEvent::seq).containsExactly(1L, 2L, 3L, 4L);
    }
  }

  @Test
  void sink_intervalPolicy_holdsBatchUntilFsynced() {
    JournalOptions opts = JournalOptions.defaults().withFsync(FsyncPolicy.INTERVAL).withFsyncInterval(Duration.ofHours(1));
    List<RecordedEvent> seen = new ArrayList<>();
    try (JournalSink sink = new JournalSink(Journal.open(dir, opts), seen::addAll)) {
      sink.accept(batch(0, 3));
      sink.accept(batch(3, 2));
      assertThat(seen).isEmpty();
      sink.flush();
      assertThat(seen).extracting(RecordedEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    }
  }

  @Test
  void sink_downstreamThrows_batchStaysJournaledAndNextBatchFlows() {
    List<RecordedEvent> seen = new ArrayList<>();
    int[] calls = {0};
    try (JournalSink sink = new JournalSink(Journal.open(dir, JournalOptions.defaults()), r -> {
      if (calls[0]++ == 0) {
        throw new IllegalStateException("store down");
      }
      seen.addAll(r);
    })) {
      sink.accept(batch(0, 2));
      sink.accept(batch(2, 2));
    }
    assertThat(seen).extracting(RecordedEvent::seq).containsExactly(3L, 4L);
    try (Stream<RecordedEvent> s = Journal.read(dir, 1)) {
      assertThat(s.count()).isEqualTo(4);
    }
  }

  @Test
  void options_invalid_rejected() {
    assertThatThrownBy(() -> JournalOptions.defaults().withSegmentBytes(10)).hasMessageContaining("segmentBytes");
    assertThatThrownBy(() -> JournalOptions.defaults().withCheckpointEveryRecords(0)).hasMessageContaining("checkpointEveryRecords");
    assertThatThrownBy(() -> JournalOptions.defaults().withFsyncInterval(Duration.ZERO)).hasMessageContaining("fsyncInterval");
  }

  @Test
  void read_missingDirectory_namesIt() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> Journal.read(missing, 1)).isInstanceOf(JournalException.class).hasMessageContaining(missing.toString());
  }
}
