package dev.aiaudit.journal;

import static dev.aiaudit.journal.JournalFiles.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiaudit.journal.JournalFiles.Slot;
import dev.aiaudit.journal.format.CheckpointEntry;
import dev.aiaudit.journal.sign.JournalKeys;
import dev.aiaudit.journal.sign.KeyRotation;
import dev.aiaudit.model.SensorEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 items 5 and 6: a tail cut at a record boundary together with its checkpoints is caught by the
 * high-water mark kept outside the journal; a replaced or missing key is refused; a key rotation is a
 * journaled act that verify follows, and a forged one fails.
 */
class CutTailAndKeysTest {

  @TempDir Path tmp;
  Path dir;
  Path keyFile;

  /** 100 records in batches of 10 over 8 KiB segments; checkpoints every 10 records (and at close). */
  @BeforeEach
  void write() {
    dir = tmp.resolve("journal");
    keyFile = JournalKeys.defaultKeyFile(dir);
    try (Journal j = Journal.open(dir, opts())) {
      for (int i = 0; i < 10; i++) {
        j.append(batch(i * 10L, 10));
      }
    }
  }

  private static JournalOptions opts() {
    return JournalOptions.defaults().withSegmentBytes(8 * 1024).withCheckpointEveryRecords(10);
  }

  @Test
  void cutOneRecordWithItsCheckpoint_verifyAndOpenNameTheMissingRecord() throws Exception {
    cutFrom(100);
    VerifyResult v = JournalVerifier.verify(dir, null);
    assertThat(v.ok()).isFalse();
    assertThat(v.kind()).isEqualTo("truncated");
    assertThat(v.firstBadSeq()).isEqualTo(100);
    assertThat(v.problem()).contains("journal ends at seq 99 but the high-water mark " + HighWaterMark.fileFor(dir)
        + " says 100: record 100 is missing");
    assertThatThrownBy(() -> Journal.open(dir, opts())).isInstanceOf(JournalException.class)
        .hasMessageContaining("ends at seq 99 but its high-water mark").hasMessageContaining("records 100..100 are missing");
  }

  @Test
  void cutSeventyRecordsWithTheirCheckpoints_detected() throws Exception {
    cutFrom(31);
    VerifyResult v = JournalVerifier.verify(dir, JournalKeys.readPublicKey(JournalKeys.publicKeyFile(keyFile)));
    assertThat(v.ok()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(31);
    assertThat(v.lastSeq()).isEqualTo(30);
    assertThat(v.problem()).contains("journal ends at seq 30 but the high-water mark").contains("records 31..100 are missing");
  }

  @Test
  void cutAWholeSegmentWithItsCheckpoints_detected() throws Exception {
    List<Path> segs = JournalFiles.segments(dir);
    assertThat(segs.size()).isGreaterThan(2);
    Path last = segs.getLast();
    long first = Segments.list(dir).getLast().firstSeq();
    Files.delete(last);
    trimCheckpointsAbove(first - 1);
    VerifyResult v = JournalVerifier.verify(dir, null);
    assertThat(v.ok()).isFalse();
    assertThat(v.problem()).contains("journal ends at seq " + (first - 1) + " but the high-water mark");
    assertThat(v.firstBadSeq()).isEqualTo(first);
  }

  @Test
  void missingHighWaterMark_isReportedNotSilent() throws Exception {
    Files.delete(HighWaterMark.fileFor(dir));
    VerifyResult v = JournalVerifier.verify(dir, null);
    assertThat(v.ok()).isFalse();
    assertThat(v.problem()).contains("high-water mark").contains("is missing");
  }

  @Test
  void intactJournal_highWaterMarkIsTheLastCheckpoint() {
    VerifyResult v = JournalVerifier.verify(dir, null);
    assertThat(v.ok()).as(v.problem()).isTrue();
    assertThat(v.highWaterMark()).isEqualTo(100);
    assertThat(v.keys()).hasSize(1);
  }

  @Test
  void replacedKey_openRefusedWithOneLine() throws Exception {
    Files.delete(keyFile);
    Files.delete(JournalKeys.publicKeyFile(keyFile));
    JournalKeys.write(keyFile, JournalKeys.generate());
    assertThatThrownBy(() -> Journal.open(dir, opts())).isInstanceOf(JournalException.class)
        .hasMessageContaining("does not match the journal's last signed checkpoint (seq 100)")
        .hasMessageContaining("ai-audit keys rotate")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void missingKey_notRegeneratedForAnExistingJournal() throws Exception {
    Files.delete(keyFile);
    Files.delete(JournalKeys.publicKeyFile(keyFile));
    assertThatThrownBy(() -> Journal.open(dir, opts())).isInstanceOf(JournalException.class)
        .hasMessageContaining("signing key " + keyFile + " is missing")
        .hasMessageContaining("records up to seq 100");
    assertThat(keyFile).doesNotExist();
  }

  @Test
  void rotation_thenReopenWithTheNewKey_verifiesAgainstOldAndNewTrustedKeys() throws Exception {
    KeyPair old = JournalKeys.load(keyFile);
    KeyPair next = JournalKeys.generate();
    KeyRotation rot;
    try (Journal j = Journal.open(dir, opts())) {
      rot = j.rotateKey(next, "h");
    }
    assertThat(rot.seq()).isEqualTo(101);
    Path staged = JournalKeys.nextKeyFile(keyFile);
    JournalKeys.write(staged, next);
    JournalKeys.install(staged, keyFile);
    try (Journal j = Journal.open(dir, opts())) {
      j.append(batch(200, 25));
    }
    VerifyResult own = JournalVerifier.verify(dir, null);
    assertThat(own.ok()).as(own.problem()).isTrue();
    assertThat(own.keys()).containsExactly(KeyRotation.fingerprint(old.getPublic()), KeyRotation.fingerprint(next.getPublic()));
    assertThat(JournalVerifier.verify(dir, old.getPublic()).ok()).isTrue();
    assertThat(JournalVerifier.verify(dir, next.getPublic()).ok()).isTrue();
    VerifyResult stranger = JournalVerifier.verify(dir, JournalKeys.generate().getPublic());
    assertThat(stranger.ok()).isFalse();
    assertThat(stranger.problem()).contains("is not one of the journal's signing keys");
    // the record itself: a key_rotated sensor event naming both keys
    try (Stream<dev.aiaudit.model.RecordedEvent> s = Journal.read(dir, 101)) {
      var e = s.findFirst().orElseThrow().event();
      assertThat(e).isInstanceOfSatisfying(SensorEvent.class, se -> {
        assertThat(se.kind()).isEqualTo(SensorEvent.Kind.KEY_ROTATED);
        assertThat(KeyRotation.parse(101, se.message())).isEqualTo(rot);
      });
    }
  }

  @Test
  void rotationInterruptedBeforeTheKeyWasInstalled_openFinishesIt() throws Exception {
    KeyPair next = JournalKeys.generate();
    Path staged = JournalKeys.nextKeyFile(keyFile);
    try (Journal j = Journal.open(dir, opts())) {
      JournalKeys.write(staged, next);
      j.rotateKey(next, "h");
    }
    try (Journal j = Journal.open(dir, opts())) {
      assertThat(KeyRotation.same(j.publicKey(), next.getPublic())).isTrue();
    }
    assertThat(staged).doesNotExist();
    assertThat(JournalVerifier.verify(dir, null).ok()).isTrue();
  }

  @Test
  void forgedRotationSignedByAWrongKey_verifyFails() throws Exception {
    KeyPair real = JournalKeys.load(keyFile);
    KeyPair forger = JournalKeys.generate();
    KeyPair next = JournalKeys.generate();
    try (Journal j = Journal.open(dir, opts())) {
      // names the real key as the old one, but is signed by the forger's key
      KeyRotation forged = KeyRotation.sign(j.lastSeq() + 1, hexBytes(j.lastHash()), forger.getPrivate(),
          real.getPublic(), next.getPublic());
      j.append(List.of(new SensorEvent(JournalFiles.T0, "h", SensorEvent.Kind.KEY_ROTATED, 0, forged.message())));
    }
    VerifyResult v = JournalVerifier.verify(dir, null);
    assertThat(v.ok()).isFalse();
    assertThat(v.kind()).isEqualTo("bad signature");
    assertThat(v.firstBadSeq()).isEqualTo(101);
    assertThat(v.problem()).contains("key rotation record 101 is not signed by the key in force").contains("forged");
  }

  @Test
  void rotationNamingAnotherOldKey_verifyFails() throws Exception {
    KeyPair forger = JournalKeys.generate();
    try (Journal j = Journal.open(dir, opts())) {
      KeyRotation forged = KeyRotation.sign(j.lastSeq() + 1, hexBytes(j.lastHash()), forger.getPrivate(),
          forger.getPublic(), JournalKeys.generate().getPublic());
      j.append(List.of(new SensorEvent(JournalFiles.T0, "h", SensorEvent.Kind.KEY_ROTATED, 0, forged.message())));
    }
    VerifyResult v = JournalVerifier.verify(dir, null);
    assertThat(v.ok()).isFalse();
    assertThat(v.problem()).contains("bad signature");
  }

  private static byte[] hexBytes(String hex) {
    return java.util.HexFormat.of().parseHex(hex);
  }

  /** Cuts every record from {@code seq} on at a record boundary, and the checkpoints that cover them. */
  private void cutFrom(long seq) throws Exception {
    Slot s = JournalFiles.slot(dir, seq);
    Path seg = JournalFiles.segmentOf(dir, seq);
    for (Path p : JournalFiles.segments(dir)) {
      if (p.getFileName().toString().compareTo(seg.getFileName().toString()) > 0) {
        Files.delete(p);
      }
    }
    JournalFiles.truncate(seg, s.offset());
    trimCheckpointsAbove(seq - 1);
  }

  private void trimCheckpointsAbove(long lastKept) throws Exception {
    Path cps = dir.resolve(Segments.CHECKPOINTS);
    List<CheckpointEntry> entries = CheckpointLog.read(cps).entries();
    long keep = entries.stream().filter(c -> c.seq() <= lastKept).count();
    JournalFiles.truncate(cps, keep * CheckpointEntry.SIZE);
  }
}
