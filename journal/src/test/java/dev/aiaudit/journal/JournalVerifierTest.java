package dev.aiaudit.journal;

import static dev.aiaudit.journal.JournalFiles.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.journal.JournalFiles.Slot;
import dev.aiaudit.journal.format.CheckpointEntry;
import dev.aiaudit.journal.format.JournalRecord;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalVerifierTest {

  @TempDir Path tmp;
  Path dir;

  /** 100 records in batches of 10 over several 8 KiB segments; checkpoints at 50 and 100 (close). */
  @BeforeEach
  void write() {
    dir = tmp.resolve("journal");
    JournalOptions opts = JournalOptions.defaults().withSegmentBytes(8 * 1024).withCheckpointEveryRecords(50);
    try (Journal j = Journal.open(dir, opts)) {
      for (int i = 0; i < 10; i++) {
        j.append(batch(i * 10L, 10));
      }
    }
  }

  @Test
  void verify_intactJournal_ok() throws Exception {
    VerifyResult v = JournalVerifier.verify(dir, null);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.records()).isEqualTo(100);
    assertThat(v.lastSeq()).isEqualTo(100);
    assertThat(v.firstBadSeq()).isEqualTo(-1);
    assertThat(v.problem()).isEmpty();
    assertThat(v.checkpoints()).isEqualTo(2);
    assertThat(v.segments()).isEqualTo(JournalFiles.segments(dir).size()).isGreaterThan(2);
  }

  @Test
  void verify_flippedPayloadByte_namesAlteredRecord() throws Exception {
    Slot s = JournalFiles.slot(dir, 37);
    JournalFiles.flipByte(JournalFiles.segmentOf(dir, 37), s.offset() + JournalRecord.PAYLOAD_OFFSET + 40);
    assertBreak(37, "altered", "record 37");
  }

  @Test
  void verify_payloadEditedWithValidCrc_chainHashNamesAlteredRecord() throws Exception {
    Path seg = JournalFiles.segmentOf(dir, 37);
    JournalFiles.editPayloadDigitKeepingCrc(seg, JournalFiles.slot(dir, 37));
    // both CRCs hold, so only the per-record chain hash can tell
    try (var r = dev.aiaudit.journal.format.SegmentReader.open(seg)) {
      r.readHeader();
      while (r.next() == dev.aiaudit.journal.format.SegmentReader.Status.RECORD) {
        assertThat(r.record().seq()).isLessThanOrEqualTo(100);
      }
      assertThat(r.next()).isEqualTo(dev.aiaudit.journal.format.SegmentReader.Status.END);
    }
    assertBreak(37, "altered", "record 37 in " + seg.getFileName() + " at offset " + JournalFiles.slot(dir, 37).offset()
        + " does not match its chain hash");
  }

  @Test
  void verify_lastRecordOfSegmentEditedAndRehashed_segmentContinuityNamesNextSegment() throws Exception {
    List<Path> segs = JournalFiles.segments(dir);
    Path first = segs.getFirst();
    List<Slot> slots = JournalFiles.slots(first);
    Slot last = slots.getLast();
    Slot before = slots.get(slots.size() - 2);
    JournalFiles.editPayloadDigitKeepingCrc(first, last);
    // the forger also fixes the record's own chain hash: every record of the segment checks out on its own
    JournalFiles.rehash(first, last, JournalFiles.storedHash(first, before));
    VerifyResult v = assertBreak(last.seq() + 1, "altered",
        "segment " + segs.get(1).getFileName() + " does not continue the hash chain after record " + last.seq());
    assertThat(v.records()).isEqualTo(last.seq());
  }

  @Test
  void verify_flippedSeqByte_namesAlteredRecord() throws Exception {
    Slot s = JournalFiles.slot(dir, 37);
    JournalFiles.flipByte(JournalFiles.segmentOf(dir, 37), s.offset() + JournalRecord.SEQ_OFFSET + 7);
    assertBreak(37, "altered", "record 37");
  }

  @Test
  void verify_flippedByteInLastRecord_namesAlteredRecord() throws Exception {
    Slot s = JournalFiles.slot(dir, 100);
    JournalFiles.flipByte(JournalFiles.segmentOf(dir, 100), s.offset() + s.length() - 1);
    assertBreak(100, "altered", "record 100");
  }

  @Test
  void verify_deletedRecord_namesRemovedRecord() throws Exception {
    Slot s = JournalFiles.slot(dir, 37);
    JournalFiles.cut(JournalFiles.segmentOf(dir, 37), s.offset(), s.length());
    assertBreak(37, "removed", "record 37 is missing");
  }

  @Test
  void verify_swappedRecords_namesReorderedRecord() throws Exception {
    Path seg = JournalFiles.segmentOf(dir, 37);
    List<Slot> slots = JournalFiles.slots(seg);
    Slot a = slots.stream().filter(x -> x.seq() == 37).findFirst().orElseThrow();
    Slot b = slots.stream().filter(x -> x.seq() == 38).findFirst().orElseThrow();
    JournalFiles.swapAdjacent(seg, a, b);
    assertBreak(37, "reordered", "record 37 is out of place");
  }

  @Test
  void verify_lastSegmentCutMidRecord_namesTruncatedRecord() throws Exception {
    Slot s = JournalFiles.slot(dir, 100);
    JournalFiles.truncate(JournalFiles.segmentOf(dir, 100), s.offset() + s.length() / 2);
    assertBreak(100, "truncated", "record 100");
  }

  @Test
  void verify_lastSegmentCutAtRecordBoundary_checkpointNamesMissingRecords() throws Exception {
    Slot s = JournalFiles.slot(dir, 98);
    JournalFiles.truncate(JournalFiles.segmentOf(dir, 98), s.offset());
    VerifyResult v = assertBreak(98, "truncated", "records 98..100 are missing");
    assertThat(v.lastSeq()).isEqualTo(97);
  }

  @Test
  void verify_middleSegmentDeleted_namesRemovedRecords() throws Exception {
    List<Path> segs = JournalFiles.segments(dir);
    Path victim = segs.get(1);
    long first = JournalFiles.slots(victim).getFirst().seq();
    long last = JournalFiles.slots(victim).getLast().seq();
    Files.delete(victim);
    assertBreak(first, "removed", "records %d..%d are missing".formatted(first, last));
  }

  @Test
  void verify_firstSegmentDeleted_namesRemovedRecords() throws Exception {
    Files.delete(JournalFiles.segments(dir).getFirst());
    assertBreak(1, "removed", "records 1..");
  }

  @Test
  void verify_lastSegmentDeleted_namesTruncatedRecords() throws Exception {
    Path victim = JournalFiles.segments(dir).getLast();
    long first = JournalFiles.slots(victim).getFirst().seq();
    Files.delete(victim);
    assertBreak(first, "truncated", "records %d..100 are missing".formatted(first));
  }

  @Test
  void verify_chainRewrittenConsistently_checkpointCatchesIt() throws Exception {
    // A forger with write access but not the key writes different events with valid CRCs and chain.
    Path forged = tmp.resolve("forged");
    JournalOptions opts = JournalOptions.defaults().withSegmentBytes(8 * 1024).withCheckpointEveryRecords(1_000_000);
    try (Journal j = Journal.open(forged, opts)) {
      j.append(batch(0, 20));
      j.append(batch(5_000, 1)); // record 21 differs
      for (int i = 0; i < 79; i++) {
        j.append(batch(21 + i, 1));
      }
    }
    Files.copy(dir.resolve("checkpoints.log"), forged.resolve("checkpoints.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    VerifyResult v = JournalVerifier.verify(forged, JournalKeys().getPublic());
    assertThat(v.ok()).isFalse();
    assertThat(v.kind()).isEqualTo("altered");
    assertThat(v.firstBadSeq()).isEqualTo(1);
    assertThat(v.problem()).contains("records 1..50 were rewritten");
  }

  @Test
  void verify_otherTrustedKey_badSignature() throws Exception {
    var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
    VerifyResult v = JournalVerifier.verify(dir, other);
    assertThat(v.ok()).isFalse();
    assertThat(v.kind()).isEqualTo("bad signature");
    assertThat(v.firstBadSeq()).isEqualTo(50);
    assertThat(v.problem()).contains("checkpoint #1 (seq 50)");
  }

  @Test
  void verify_forgedCheckpointSignature_badSignature() throws Exception {
    Path cp = dir.resolve("checkpoints.log");
    byte[] all = Files.readAllBytes(cp);
    CheckpointEntry second = CheckpointEntry.decode(ByteBuffer.wrap(all).position(CheckpointEntry.SIZE));
    byte[] sig = second.signature();
    sig[3] ^= 1;
    ByteBuffer forged = new CheckpointEntry(second.seq(), second.timeNs(), second.hash(), sig).encode();
    System.arraycopy(forged.array(), 0, all, CheckpointEntry.SIZE, CheckpointEntry.SIZE);
    Files.write(cp, all);
    assertBreak(100, "bad signature", "checkpoint #2 (seq 100)");
  }

  @Test
  void verify_damagedCheckpointFile_altered() throws Exception {
    JournalFiles.flipByte(dir.resolve("checkpoints.log"), 20);
    VerifyResult v = JournalVerifier.verify(dir, null);
    assertThat(v.ok()).isFalse();
    assertThat(v.kind()).isEqualTo("altered");
    assertThat(v.problem()).contains("checkpoints.log");
  }

  @Test
  void verify_missingDirectory_throwsNamingIt() {
    Path missing = tmp.resolve("missing");
    assertThatThrownBy(() -> JournalVerifier.verify(missing, null))
        .isInstanceOf(JournalException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void verify_emptyJournal_ok() {
    Path empty = tmp.resolve("empty");
    Journal.open(empty, JournalOptions.defaults()).close();
    VerifyResult v = JournalVerifier.verify(empty, null);
    assertThat(v.ok()).isTrue();
    assertThat(v.records()).isZero();
    assertThat(v.lastHash()).isEqualTo("0".repeat(64));
  }

  private java.security.KeyPair JournalKeys() throws Exception {
    return dev.aiaudit.journal.sign.JournalKeys.loadOrCreate(dir.resolve("keys/journal-ed25519.key"));
  }

  private VerifyResult assertBreak(long seq, String kind, String text) {
    VerifyResult v = JournalVerifier.verify(dir, null);
    assertThat(v.ok()).as("verify should fail").isFalse();
    assertThat(v.kind()).as(v.problem()).isEqualTo(kind);
    assertThat(v.firstBadSeq()).as(v.problem()).isEqualTo(seq);
    assertThat(v.problem()).contains(text);
    return v;
  }
}
