package dev.aiaudit.journal;

import static dev.aiaudit.journal.JournalFiles.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.journal.JournalFiles.Slot;
import dev.aiaudit.journal.format.JournalRecord;
import dev.aiaudit.model.RecordedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journals torn or damaged by hand, then reopened. */
class RecoveryTest {

  private static final JournalOptions NO_PERIODIC_CHECKPOINT =
      JournalOptions.defaults().withCheckpointEveryRecords(1_000_000);

  @TempDir Path dir;

  /** 100 records, then the process "dies" (no closing checkpoint). */
  private void writeAndAbandon() {
    Journal j = Journal.open(dir, NO_PERIODIC_CHECKPOINT);
    for (int i = 0; i < 10; i++) {
      j.append(batch(i * 10L, 10));
    }
    j.abandon();
  }

  private Path lastSegment() throws Exception {
    return JournalFiles.segments(dir).getLast();
  }

  @Test
  void open_recordCutInHalf_trimsTailAndReportsIt() throws Exception {
    writeAndAbandon();
    Slot s = JournalFiles.slot(dir, 100);
    JournalFiles.truncate(lastSegment(), s.offset() + s.length() / 2);
    try (Journal j = Journal.open(dir, NO_PERIODIC_CHECKPOINT)) {
      RecoveryReport r = j.recovery();
      assertThat(r.repaired()).isTrue();
      assertThat(r.trimmedBytes()).isEqualTo(s.length() / 2);
      assertThat(r.trimmedRecords()).isEqualTo(1);
      assertThat(r.lastSeq()).isEqualTo(99);
      assertThat(r.detail()).contains("record 100").contains("incomplete record");
      assertThat(j.lastSeq()).isEqualTo(99);
      assertThat(j.append(batch(99, 1)).getFirst().seq()).isEqualTo(100);
    }
    assertThat(Files.size(lastSegment())).isEqualTo(s.offset() + s.length());
    assertThat(JournalVerifier.verify(dir, null).ok()).isTrue();
  }

  @Test
  void open_headerCutShort_trimsTail() throws Exception {
    writeAndAbandon();
    Slot s = JournalFiles.slot(dir, 100);
    JournalFiles.truncate(lastSegment(), s.offset() + 10);
    try (Journal j = Journal.open(dir, NO_PERIODIC_CHECKPOINT)) {
      assertThat(j.recovery().trimmedBytes()).isEqualTo(10);
      assertThat(j.lastSeq()).isEqualTo(99);
    }
  }

  @Test
  void open_zeroFilledTail_trimsIt() throws Exception {
    writeAndAbandon();
    long size = Files.size(lastSegment());
    JournalFiles.appendBytes(lastSegment(), new byte[4096]);
    try (Journal j = Journal.open(dir, NO_PERIODIC_CHECKPOINT)) {
      assertThat(j.recovery().trimmedBytes()).isEqualTo(4096);
      assertThat(j.recovery().detail()).contains("zero-filled");
      assertThat(j.lastSeq()).isEqualTo(100);
    }
    assertThat(Files.size(lastSegment())).isEqualTo(size);
  }

  @Test
  void open_lastRecordChecksumBad_trimsIt() throws Exception {
    writeAndAbandon();
    Slot s = JournalFiles.slot(dir, 100);
    JournalFiles.flipByte(lastSegment(), s.offset() + JournalRecord.PAYLOAD_OFFSET + 5);
    try (Journal j = Journal.open(dir, NO_PERIODIC_CHECKPOINT)) {
      assertThat(j.recovery().trimmedRecords()).isEqualTo(1);
      assertThat(j.recovery().detail()).contains("CRC-32C");
      assertThat(j.lastSeq()).isEqualTo(99);
    }
  }

  @Test
  void open_damageBeforeTheTail_refusesAndChangesNothing() throws Exception {
    writeAndAbandon();
    Slot s = JournalFiles.slot(dir, 95);
    JournalFiles.flipByte(lastSegment(), s.offset() + JournalRecord.PAYLOAD_OFFSET + 5);
    long size = Files.size(lastSegment());
    assertThatThrownBy(() -> Journal.open(dir, NO_PERIODIC_CHECKPOINT))
        .isInstanceOf(JournalException.class)
        .hasMessageContaining("journal " + dir + " is damaged")
        .hasMessageContaining("record 95")
        .hasMessageContaining("nothing was changed")
        .hasMessageContaining("ai-audit verify --journal " + dir);
    assertThat(Files.size(lastSegment())).isEqualTo(size);
    VerifyResult v = JournalVerifier.verify(dir, null);
    assertThat(v.firstBadSeq()).isEqualTo(95);
  }

  @Test
  void open_recordsCoveredByCheckpointCut_refuses() throws Exception {
    try (Journal j = Journal.open(dir, NO_PERIODIC_CHECKPOINT)) {
      j.append(batch(0, 10));
    }
    Slot s = JournalFiles.slot(dir, 10);
    JournalFiles.truncate(lastSegment(), s.offset() + 3);
    assertThatThrownBy(() -> Journal.open(dir, NO_PERIODIC_CHECKPOINT))
        .isInstanceOf(JournalException.class)
        .hasMessageContaining("signed checkpoint covers records up to seq 10 but the journal ends at seq 9");
  }

  @Test
  void open_tornCheckpointEntry_trimsIt() throws Exception {
    try (Journal j = Journal.open(dir, NO_PERIODIC_CHECKPOINT)) {
      j.append(batch(0, 10));
    }
    Path cp = dir.resolve("checkpoints.log");
    long size = Files.size(cp);
    JournalFiles.appendBytes(cp, new byte[50]);
    try (Journal j = Journal.open(dir, NO_PERIODIC_CHECKPOINT)) {
      assertThat(j.recovery().trimmedCheckpointBytes()).isEqualTo(50);
      j.append(batch(10, 1));
    }
    assertThat(Files.size(cp)).isEqualTo(size + 128);
    assertThat(JournalVerifier.verify(dir, null).ok()).isTrue();
  }

  @Test
  void open_lastSegmentWithoutWholeHeader_removesIt() throws Exception {
    writeAndAbandon();
    Path stray = dir.resolve(Segments.name(101));
    Files.write(stray, new byte[] {0x41, 0x49, 0x41});
    try (Journal j = Journal.open(dir, NO_PERIODIC_CHECKPOINT)) {
      assertThat(j.recovery().removedSegment()).isTrue();
      assertThat(j.lastSeq()).isEqualTo(100);
      j.append(batch(100, 5));
    }
    assertThat(JournalVerifier.verify(dir, null).ok()).isTrue();
  }

  @Test
  void read_tornTail_stopsQuietlyBeforeIt() throws Exception {
    writeAndAbandon();
    Slot s = JournalFiles.slot(dir, 100);
    JournalFiles.truncate(lastSegment(), s.offset() + 70);
    try (Stream<RecordedEvent> st = Journal.read(dir, 90)) {
      List<RecordedEvent> got = st.toList();
      assertThat(got).extracting(RecordedEvent::seq).containsExactly(90L, 91L, 92L, 93L, 94L, 95L, 96L, 97L, 98L, 99L);
    }
  }

  @Test
  void read_damagedRecord_throwsNamingIt() throws Exception {
    writeAndAbandon();
    Slot s = JournalFiles.slot(dir, 50);
    JournalFiles.flipByte(lastSegment(), s.offset() + JournalRecord.PAYLOAD_OFFSET + 5);
    try (Stream<RecordedEvent> st = Journal.read(dir, 1)) {
      assertThatThrownBy(st::toList).isInstanceOf(JournalException.class).hasMessageContaining("record 50");
    }
  }
}
