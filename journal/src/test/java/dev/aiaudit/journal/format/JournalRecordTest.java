package dev.aiaudit.journal.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class JournalRecordTest {

  private static final byte[] PAYLOAD = "{\"class_uid\":1001}".getBytes(StandardCharsets.UTF_8);

  private static ByteBuffer written(byte[] hashOut) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(256);
    b.position(16);
    JournalRecord.write(b, 7, 123_456_789L, PAYLOAD, MessageDigest.getInstance("SHA-256"), new CRC32C(),
        new byte[32], hashOut);
    return b;
  }

  @Test
  void write_thenWrap_readsEveryField() throws Exception {
    byte[] hash = new byte[32];
    ByteBuffer b = written(hash);
    JournalRecord r = new JournalRecord().wrap(b, 16);
    r.ensureValid();
    assertThat(b.position()).isEqualTo(16 + JournalRecord.OVERHEAD + PAYLOAD.length);
    assertThat(r.length()).isEqualTo(JournalRecord.OVERHEAD + PAYLOAD.length);
    assertThat(r.seq()).isEqualTo(7);
    assertThat(r.timeNs()).isEqualTo(123_456_789L);
    assertThat(r.payload()).isEqualTo(PAYLOAD);
    assertThat(r.hash()).isEqualTo(hash);
    byte[] recomputed = new byte[32];
    r.computeHash(MessageDigest.getInstance("SHA-256"), new byte[32], recomputed);
    assertThat(recomputed).isEqualTo(hash);
    assertThat(r.hashEquals(hash)).isTrue();
  }

  @Test
  void write_hashIsSha256OfPreviousHashHeaderFieldsAndPayload() throws Exception {
    byte[] hash = new byte[32];
    ByteBuffer b = written(hash);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(new byte[32]);
    sha.update(ByteBuffer.allocate(20).putInt(JournalRecord.OVERHEAD + PAYLOAD.length).putLong(7).putLong(123_456_789L).array());
    sha.update(PAYLOAD);
    assertThat(hash).isEqualTo(sha.digest());
    assertThat(b.getInt(16 + JournalRecord.LENGTH_OFFSET)).isEqualTo(JournalRecord.OVERHEAD + PAYLOAD.length);
  }

  @Test
  void ensureValid_flippedPayloadByte_namesStoredAndComputedCrc() throws Exception {
    ByteBuffer b = written(new byte[32]);
    b.put(16 + JournalRecord.PAYLOAD_OFFSET + 2, (byte) 'X');
    assertThatThrownBy(() -> new JournalRecord().wrap(b, 16).ensureValid())
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageMatching("body CRC-32C mismatch \\(stored [0-9a-f]{8}, computed [0-9a-f]{8}\\)");
  }

  @Test
  void ensureValid_flippedSeqByte_failsHeaderCrc() throws Exception {
    ByteBuffer b = written(new byte[32]);
    b.put(16 + JournalRecord.SEQ_OFFSET + 7, (byte) 8);
    JournalRecord r = new JournalRecord().wrap(b, 16);
    assertThat(r.headerValid()).isFalse();
    assertThatThrownBy(r::ensureValid).hasMessageStartingWith("header CRC-32C mismatch");
  }

  @Test
  void segmentHeader_roundTripsAndRejectsDamage() {
    byte[] prev = new byte[32];
    prev[0] = 9;
    SegmentHeader h = new SegmentHeader(4097, prev);
    ByteBuffer b = h.encode();
    assertThat(SegmentHeader.decode(b)).isEqualTo(h);
    assertThat(new String(b.array(), 0, 8, StandardCharsets.US_ASCII)).isEqualTo("AIAJRNL1");
    b.put(SegmentHeader.FIRST_SEQ_OFFSET + 7, (byte) 2);
    assertThatThrownBy(() -> SegmentHeader.decode(b)).hasMessageStartingWith("segment header CRC-32C mismatch");
  }

  @Test
  void checkpointEntry_roundTripsAndRejectsDamage() {
    CheckpointEntry c = new CheckpointEntry(42, 99, new byte[32], new byte[64]);
    ByteBuffer b = c.encode();
    assertThat(CheckpointEntry.decode(b)).isEqualTo(c);
    b.put(CheckpointEntry.SEQ_OFFSET, (byte) 1);
    assertThatThrownBy(() -> CheckpointEntry.decode(b)).hasMessageStartingWith("checkpoint CRC-32C mismatch");
  }
}
