package dev.aiaudit.journal;

import dev.aiaudit.journal.format.JournalRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.zip.CRC32C;

/**
 * One batch's records on their way into a segment: each record is framed and chained ({@link JournalRecord#write})
 * into a direct buffer, and every {@link #WRITE_CHUNK} bytes the buffer is written at the segment's next offset, while
 * the bytes are still in the CPU's cache. Writing a 4,096-record batch (about 5 MB) in one {@code pwrite} cost the
 * kernel several times the CPU per byte (copied back from memory); see docs/journal.md. The caller decides what a
 * failure means for the segment: {@link #start()} is where the batch began, {@link #wroteAny()} whether pieces of it
 * are in the file. One instance per journal; the journal's lock serialises it.
 */
final class BatchWriter {

  /** Bytes gathered before they are written out. */
  static final int WRITE_CHUNK = 64 * 1024;

  /** Room for a piece and a large record; grows for a larger one. */
  private static final int INITIAL_BUFFER = 256 << 10;

  /** A write of the segment failed; {@link #getCause()} says why. Unchecked so it passes through the encoder. */
  static final class WriteFailed extends RuntimeException {
    WriteFailed(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }

  private final MessageDigest sha = Journal.sha256();
  private final CRC32C crc = new CRC32C();
  private final byte[] scratch = new byte[JournalRecord.HEADER_SIZE];
  /** Direct, so the channel writes it without another copy; reused across batches. */
  private ByteBuffer buffer = ByteBuffer.allocateDirect(INITIAL_BUFFER);
  private FileChannel channel;
  private long start;
  private long written;
  private byte[] lastHash;

  /** Starts a batch at offset {@code start} of {@code channel}, chained to {@code previousHash}. */
  void begin(FileChannel channel, long start, byte[] previousHash) {
    this.channel = channel;
    this.start = start;
    this.written = start;
    this.lastHash = previousHash;
    buffer.clear();
  }

  /**
   * Frames record {@code seq} around the payload, chained to the previous one, and writes out a full piece.
   *
   * @return the record's chain hash
   * @throws WriteFailed when the segment could not be written
   * @throws JournalException when the record cannot fit one write
   */
  byte[] add(long seq, long timeNs, byte[] payload, int off, int len) {
    int need = JournalRecord.OVERHEAD + len;
    if (buffer.remaining() < need) {
      grow(need);
    }
    byte[] h = new byte[JournalRecord.HASH_LENGTH];
    JournalRecord.write(buffer, seq, timeNs, payload, off, len, sha, crc, lastHash, h, scratch);
    lastHash = h;
    if (buffer.position() >= WRITE_CHUNK) {
      writeOut();
    }
    return h;
  }

  /**
   * Writes what is left of the batch.
   *
   * @return the segment offset after the batch
   * @throws WriteFailed when the segment could not be written
   */
  long finish() {
    writeOut();
    return written;
  }

  /** Where the batch began in the segment. */
  long start() {
    return start;
  }

  /** Whether pieces of the batch were written to the segment. */
  boolean wroteAny() {
    return written > start;
  }

  /** The chain hash of the last record added. */
  byte[] lastHash() {
    return lastHash;
  }

  private void writeOut() {
    buffer.flip();
    try {
      while (buffer.hasRemaining()) {
        written += channel.write(buffer, written);
      }
    } catch (IOException e) {
      throw new WriteFailed(e);
    } finally {
      buffer.clear();
    }
  }

  /** Replaces the buffer with a larger one holding what was framed so far. */
  private void grow(int need) {
    long want = Math.max((long) buffer.position() + need, buffer.capacity() * 2L);
    if (want > Integer.MAX_VALUE - 8) {
      throw new JournalException("batch is too large for one journal write (" + want + " bytes)");
    }
    ByteBuffer bigger = ByteBuffer.allocateDirect((int) want);
    buffer.flip();
    bigger.put(buffer);
    buffer = bigger;
  }
}
