package dev.aiaudit.journal.format;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.zip.CRC32C;

/**
 * Flyweight over one journal record in a {@link ByteBuffer}: no copy, absolute gets at constant offsets.
 *
 * <p>Layout (big-endian; {@code L} = {@link #length()}):
 *
 * <pre>
 * offset  size  field
 *  0       4    headerCrc   CRC-32C of bytes [4, 24)  (length, seq, timeNs)
 *  4       4    length      total record length in bytes, header + payload + hash (>= 60)
 *  8       8    seq         journal sequence number, 1, 2, 3 ... without gaps across segments
 * 16       8    timeNs      event time, ns since the epoch
 * 24       4    bodyCrc     CRC-32C of bytes [28, L)  (payload and hash)
 * 28       L-60 payload     the event as JSON ({@code EventCodec.encode})
 * L-32    32    hash        chain hash = SHA-256(previous record's hash || bytes [4, 24) || payload);
 *                           the first record of the journal chains from 32 zero bytes
 * </pre>
 *
 * <p>Two checksums let a reader tell a torn write from tampering: a header whose CRC holds but whose
 * body runs past the end of the file is an interrupted write; a CRC that fails on bytes that are all
 * there is damage. The chain hash makes any change, removal or reordering of a record visible in every
 * later hash, and signed checkpoints pin the chain (see {@link CheckpointEntry}).
 */
public final class JournalRecord {

  public static final int HEADER_CRC_OFFSET = 0;
  public static final int HEADER_CRC_LENGTH = 4;
  public static final int LENGTH_OFFSET = HEADER_CRC_OFFSET + HEADER_CRC_LENGTH;
  public static final int LENGTH_LENGTH = 4;
  public static final int SEQ_OFFSET = LENGTH_OFFSET + LENGTH_LENGTH;
  public static final int SEQ_LENGTH = 8;
  public static final int TIME_OFFSET = SEQ_OFFSET + SEQ_LENGTH;
  public static final int TIME_LENGTH = 8;
  public static final int BODY_CRC_OFFSET = TIME_OFFSET + TIME_LENGTH;
  public static final int BODY_CRC_LENGTH = 4;
  public static final int PAYLOAD_OFFSET = BODY_CRC_OFFSET + BODY_CRC_LENGTH;
  public static final int HEADER_SIZE = PAYLOAD_OFFSET;
  public static final int HASH_LENGTH = 32;
  public static final int OVERHEAD = HEADER_SIZE + HASH_LENGTH;
  /** Largest record accepted (an event is a few hundred bytes; this bounds damage to a length field). */
  public static final int MAX_LENGTH = 16 * 1024 * 1024;

  private ByteBuffer buffer;
  private int base;

  /** Points this flyweight at the record starting at {@code offset} of {@code buffer}. */
  public JournalRecord wrap(ByteBuffer buffer, int offset) {
    this.buffer = buffer;
    this.base = offset;
    return this;
  }

  public int headerCrc() {
    return buffer.getInt(base + HEADER_CRC_OFFSET);
  }

  public int length() {
    return buffer.getInt(base + LENGTH_OFFSET);
  }

  public long seq() {
    return buffer.getLong(base + SEQ_OFFSET);
  }

  public long timeNs() {
    return buffer.getLong(base + TIME_OFFSET);
  }

  public int bodyCrc() {
    return buffer.getInt(base + BODY_CRC_OFFSET);
  }

  public int payloadLength() {
    return length() - OVERHEAD;
  }

  public byte[] payload() {
    byte[] out = new byte[payloadLength()];
    buffer.get(base + PAYLOAD_OFFSET, out);
    return out;
  }

  /** True when the payload holds {@code needle} (a byte search in place, no copy). */
  public boolean payloadContains(byte[] needle) {
    int from = base + PAYLOAD_OFFSET;
    int last = from + payloadLength() - needle.length;
    byte first = needle[0];
    outer:
    for (int i = from; i <= last; i++) {
      if (buffer.get(i) != first) {
        continue;
      }
      for (int k = 1; k < needle.length; k++) {
        if (buffer.get(i + k) != needle[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  public byte[] hash() {
    byte[] out = new byte[HASH_LENGTH];
    buffer.get(base + length() - HASH_LENGTH, out);
    return out;
  }

  /** True when the stored hash equals {@code expected} (32 bytes). */
  public boolean hashEquals(byte[] expected) {
    int at = base + length() - HASH_LENGTH;
    for (int i = 0; i < HASH_LENGTH; i++) {
      if (buffer.get(at + i) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  public int computeHeaderCrc() {
    CRC32C crc = new CRC32C();
    crc.update(buffer.slice(base + LENGTH_OFFSET, BODY_CRC_OFFSET - LENGTH_OFFSET));
    return (int) crc.getValue();
  }

  public int computeBodyCrc() {
    CRC32C crc = new CRC32C();
    crc.update(buffer.slice(base + PAYLOAD_OFFSET, length() - PAYLOAD_OFFSET));
    return (int) crc.getValue();
  }

  /** True when the header CRC holds and the length is in range; body bytes need not be present. */
  public boolean headerValid() {
    int len = length();
    return computeHeaderCrc() == headerCrc() && len >= OVERHEAD && len <= MAX_LENGTH;
  }

  /**
   * Checks both checksums and the length.
   *
   * @throws CorruptRecordException naming the stored and computed values
   */
  public void ensureValid() {
    int storedHeader = headerCrc();
    int computedHeader = computeHeaderCrc();
    if (storedHeader != computedHeader) {
      throw new CorruptRecordException("header CRC-32C mismatch (stored %08x, computed %08x)"
          .formatted(storedHeader, computedHeader));
    }
    int len = length();
    if (len < OVERHEAD || len > MAX_LENGTH) {
      throw new CorruptRecordException("record length " + len + " out of range");
    }
    int storedBody = bodyCrc();
    int computedBody = computeBodyCrc();
    if (storedBody != computedBody) {
      throw new CorruptRecordException("body CRC-32C mismatch (stored %08x, computed %08x)"
          .formatted(storedBody, computedBody));
    }
  }

  /**
   * Computes this record's chain hash from the previous one into {@code out} (32 bytes). The digest
   * is reset first.
   */
  public void computeHash(MessageDigest sha256, byte[] previousHash, byte[] out) {
    sha256.reset();
    sha256.update(previousHash);
    sha256.update(buffer.slice(base + LENGTH_OFFSET, BODY_CRC_OFFSET - LENGTH_OFFSET));
    sha256.update(buffer.slice(base + PAYLOAD_OFFSET, payloadLength()));
    digestInto(sha256, out);
  }

  /**
   * Writes one record at the buffer's position (heap or direct) and advances it; computes the chain hash
   * from {@code previousHash} into {@code hashOut}. Hash and checksums are computed from {@code payload} and
   * a 20-byte scratch copy of the header fields, never read back from the buffer.
   *
   * @param scratch at least 20 bytes, overwritten
   */
  public static void write(ByteBuffer dst, long seq, long timeNs, byte[] payload, MessageDigest sha256,
      CRC32C crc, byte[] previousHash, byte[] hashOut, byte[] scratch) {
    write(dst, seq, timeNs, payload, 0, payload.length, sha256, crc, previousHash, hashOut, scratch);
  }

  /**
   * As {@link #write(ByteBuffer, long, long, byte[], MessageDigest, CRC32C, byte[], byte[], byte[])} with the payload
   * {@code len} bytes of {@code src} from {@code off} (an encoder's reused buffer).
   */
  public static void write(ByteBuffer dst, long seq, long timeNs, byte[] src, int off, int len, MessageDigest sha256,
      CRC32C crc, byte[] previousHash, byte[] hashOut, byte[] scratch) {
    int start = dst.position();
    int length = OVERHEAD + len;
    ByteBuffer fields = ByteBuffer.wrap(scratch, 0, BODY_CRC_OFFSET - LENGTH_OFFSET);
    fields.putInt(length).putLong(seq).putLong(timeNs);
    crc.reset();
    crc.update(scratch, 0, BODY_CRC_OFFSET - LENGTH_OFFSET);
    int headerCrc = (int) crc.getValue();
    sha256.reset();
    sha256.update(previousHash);
    sha256.update(scratch, 0, BODY_CRC_OFFSET - LENGTH_OFFSET);
    sha256.update(src, off, len);
    digestInto(sha256, hashOut);
    crc.reset();
    crc.update(src, off, len);
    crc.update(hashOut, 0, HASH_LENGTH);
    dst.putInt(headerCrc).put(scratch, 0, BODY_CRC_OFFSET - LENGTH_OFFSET).putInt((int) crc.getValue())
        .put(src, off, len).put(hashOut, 0, HASH_LENGTH);
    assert dst.position() == start + length;
  }

  /** As {@link #write(ByteBuffer, long, long, byte[], MessageDigest, CRC32C, byte[], byte[], byte[])}. */
  public static void write(ByteBuffer dst, long seq, long timeNs, byte[] payload, MessageDigest sha256,
      CRC32C crc, byte[] previousHash, byte[] hashOut) {
    write(dst, seq, timeNs, payload, sha256, crc, previousHash, hashOut, new byte[BODY_CRC_OFFSET - LENGTH_OFFSET]);
  }

  private static void digestInto(MessageDigest sha256, byte[] out) {
    try {
      sha256.digest(out, 0, HASH_LENGTH);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException("SHA-256 digest failed", e);
    }
  }
}
