package dev.aiaudit.journal.format;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One signed checkpoint in the journal's {@code checkpoints.log}: fixed 128-byte entries, appended.
 *
 * <pre>
 * offset  size  field
 *  0       4    crc         CRC-32C of bytes [4, 128)
 *  4       4    magic       ASCII "CKP1"
 *  8       8    seq         the last record covered
 * 16       8    timeNs      when the checkpoint was taken, ns since the epoch
 * 24      32    hash        chain hash of record {@code seq}
 * 56      64    signature   Ed25519 signature of bytes [4, 56) (magic, seq, timeNs, hash)
 * 120      8    reserved    0
 * </pre>
 *
 * <p>A checkpoint pins the hash chain: rewriting records up to {@code seq} (and recomputing every later
 * hash) breaks the match with a signed hash, and cutting records off the end leaves a checkpoint that
 * points past the last record.
 */
public record CheckpointEntry(long seq, long timeNs, byte[] hash, byte[] signature) {

  public static final int MAGIC = 0x434B5031; // "CKP1"
  public static final int CRC_OFFSET = 0;
  public static final int MAGIC_OFFSET = 4;
  public static final int SEQ_OFFSET = 8;
  public static final int TIME_OFFSET = 16;
  public static final int HASH_OFFSET = 24;
  public static final int SIGNATURE_OFFSET = HASH_OFFSET + JournalRecord.HASH_LENGTH;
  public static final int SIGNATURE_LENGTH = 64;
  public static final int SIZE = 128;
  /** Bytes [4, 56) are what the signature covers. */
  public static final int SIGNED_LENGTH = SIGNATURE_OFFSET - MAGIC_OFFSET;

  public CheckpointEntry {
    hash = hash.clone();
    signature = signature.clone();
    if (hash.length != JournalRecord.HASH_LENGTH || signature.length != SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("hash must be 32 bytes and signature 64 bytes");
    }
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The bytes the signature covers, for these values. */
  public static byte[] signedBytes(long seq, long timeNs, byte[] hash) {
    ByteBuffer b = ByteBuffer.allocate(SIGNED_LENGTH);
    b.putInt(MAGIC).putLong(seq).putLong(timeNs).put(hash);
    return b.array();
  }

  public byte[] signedBytes() {
    return signedBytes(seq, timeNs, hash);
  }

  public ByteBuffer encode() {
    ByteBuffer b = ByteBuffer.allocate(SIZE);
    b.putInt(MAGIC_OFFSET, MAGIC);
    b.putLong(SEQ_OFFSET, seq);
    b.putLong(TIME_OFFSET, timeNs);
    b.put(HASH_OFFSET, hash);
    b.put(SIGNATURE_OFFSET, signature);
    b.putInt(CRC_OFFSET, crc(b));
    return b;
  }

  /**
   * Decodes one entry from 128 bytes at the buffer's position.
   *
   * @throws CorruptRecordException when the CRC or magic is wrong
   */
  public static CheckpointEntry decode(ByteBuffer src) {
    ByteBuffer b = src.slice(src.position(), SIZE);
    int stored = b.getInt(CRC_OFFSET);
    int computed = crc(b);
    if (stored != computed) {
      throw new CorruptRecordException("checkpoint CRC-32C mismatch (stored %08x, computed %08x)"
          .formatted(stored, computed));
    }
    if (b.getInt(MAGIC_OFFSET) != MAGIC) {
      throw new CorruptRecordException("not a checkpoint entry (bad magic)");
    }
    byte[] hash = new byte[JournalRecord.HASH_LENGTH];
    b.get(HASH_OFFSET, hash);
    byte[] sig = new byte[SIGNATURE_LENGTH];
    b.get(SIGNATURE_OFFSET, sig);
    return new CheckpointEntry(b.getLong(SEQ_OFFSET), b.getLong(TIME_OFFSET), hash, sig);
  }

  private static int crc(ByteBuffer b) {
    CRC32C c = new CRC32C();
    c.update(b.slice(MAGIC_OFFSET, SIZE - MAGIC_OFFSET));
    return (int) c.getValue();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CheckpointEntry c && c.seq == seq && c.timeNs == timeNs
        && java.util.Arrays.equals(c.hash, hash) && java.util.Arrays.equals(c.signature, signature);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(seq) * 31 + java.util.Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return "CheckpointEntry[seq=" + seq + ", timeNs=" + timeNs + "]";
  }
}
