package dev.aiaudit.journal.format;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The fixed 64-byte header that opens every segment file ({@code segment-<firstSeq, 20 digits>.log}).
 *
 * <pre>
 * offset  size  field
 *  0       8    magic       ASCII "AIAJRNL1"
 *  8       4    version     1
 * 12       4    reserved    0
 * 16       8    firstSeq    seq of the first record in this segment (equals the number in the file name)
 * 24      32    prevHash    chain hash of the last record of the previous segment (zeros for seq 1)
 * 56       4    crc         CRC-32C of bytes [0, 56)
 * 60       4    reserved    0
 * 64            first record ({@link JournalRecord})
 * </pre>
 *
 * <p>A segment's records follow its header back to back; a batch never straddles two segments.
 */
public record SegmentHeader(long firstSeq, byte[] prevHash) {

  public static final long MAGIC = 0x4149414A524E4C31L; // "AIAJRNL1"
  public static final int VERSION = 1;
  public static final int MAGIC_OFFSET = 0;
  public static final int VERSION_OFFSET = 8;
  public static final int FIRST_SEQ_OFFSET = 16;
  public static final int PREV_HASH_OFFSET = 24;
  public static final int CRC_OFFSET = PREV_HASH_OFFSET + JournalRecord.HASH_LENGTH;
  public static final int SIZE = 64;

  public SegmentHeader {
    if (firstSeq < 1) {
      throw new IllegalArgumentException("firstSeq must be >= 1: " + firstSeq);
    }
    if (prevHash.length != JournalRecord.HASH_LENGTH) {
      throw new IllegalArgumentException("prevHash must be 32 bytes");
    }
    prevHash = prevHash.clone();
  }

  @Override
  public byte[] prevHash() {
    return prevHash.clone();
  }

  /** The header as its 64 bytes. */
  public ByteBuffer encode() {
    ByteBuffer b = ByteBuffer.allocate(SIZE);
    b.putLong(MAGIC_OFFSET, MAGIC);
    b.putInt(VERSION_OFFSET, VERSION);
    b.putLong(FIRST_SEQ_OFFSET, firstSeq);
    b.put(PREV_HASH_OFFSET, prevHash);
    b.putInt(CRC_OFFSET, crc(b));
    return b;
  }

  /**
   * Reads and checks a header from 64 bytes.
   *
   * @throws CorruptRecordException when the magic, version or CRC is wrong
   */
  public static SegmentHeader decode(ByteBuffer b) {
    if (b.remaining() < SIZE) {
      throw new CorruptRecordException("segment header incomplete: " + b.remaining() + " of " + SIZE + " bytes");
    }
    ByteBuffer h = b.slice(b.position(), SIZE);
    if (h.getLong(MAGIC_OFFSET) != MAGIC) {
      throw new CorruptRecordException("not a journal segment (bad magic)");
    }
    int stored = h.getInt(CRC_OFFSET);
    int computed = crc(h);
    if (stored != computed) {
      throw new CorruptRecordException("segment header CRC-32C mismatch (stored %08x, computed %08x)"
          .formatted(stored, computed));
    }
    if (h.getInt(VERSION_OFFSET) != VERSION) {
      throw new CorruptRecordException("unsupported segment version " + h.getInt(VERSION_OFFSET));
    }
    byte[] prev = new byte[JournalRecord.HASH_LENGTH];
    h.get(PREV_HASH_OFFSET, prev);
    long first = h.getLong(FIRST_SEQ_OFFSET);
    if (first < 1) {
      throw new CorruptRecordException("segment header firstSeq " + first + " < 1");
    }
    return new SegmentHeader(first, prev);
  }

  private static int crc(ByteBuffer h) {
    CRC32C c = new CRC32C();
    c.update(h.slice(0, CRC_OFFSET));
    return (int) c.getValue();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SegmentHeader s && s.firstSeq == firstSeq && Arrays.equals(s.prevHash, prevHash);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(firstSeq) * 31 + Arrays.hashCode(prevHash);
  }

  @Override
  public String toString() {
    return "SegmentHeader[firstSeq=" + firstSeq + "]";
  }
}
