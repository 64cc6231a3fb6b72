package dev.aiaudit.journal.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a segment file record by record through a reusable window buffer and classifies what it finds,
 * so recovery and verification share one notion of "torn" versus "damaged".
 *
 * <ul>
 *   <li>{@link Status#RECORD}: a record whose header and body checksums hold ({@link #record()}).
 *   <li>{@link Status#END}: the file ends exactly after the previous record.
 *   <li>{@link Status#TORN}: what is left cannot be a whole record and looks like an interrupted write:
 *       fewer bytes than a header, a zero-filled tail, or a valid header whose record runs past the end.
 *   <li>{@link Status#CORRUPT_AT_END}: the last record in the file is complete but its body checksum
 *       fails (recovery treats it as torn, verification as altered).
 *   <li>{@link Status#CORRUPT}: a checksum or length fails with more data behind it: damage.
 * </ul>
 *
 * <p>Not thread-safe.
 */
public final class SegmentReader implements AutoCloseable {

  /** What {@link #next()} found. */
  public enum Status { RECORD, END, TORN, CORRUPT_AT_END, CORRUPT }

  private static final int INITIAL_BUFFER = 1 << 20;

  private final Path file;
  private final FileChannel channel;
  private final long size;
  private final JournalRecord record = new JournalRecord();
  private ByteBuffer buffer = ByteBuffer.allocate(INITIAL_BUFFER);
  private long bufferStart;
  private long position;
  private long recordPosition;
  private String problem = "";

  private SegmentReader(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.channel = channel;
    this.size = channel.size();
    this.buffer.limit(0);
  }

  public static SegmentReader open(Path file) throws IOException {
    return new SegmentReader(file, FileChannel.open(file, StandardOpenOption.READ));
  }

  public Path file() {
    return file;
  }

  /** File size when opened; records appended later are not seen. */
  public long size() {
    return size;
  }

  /**
   * Reads the segment header and positions the reader at the first record.
   *
   * @throws CorruptRecordException when the header is incomplete or fails its checks
   */
  public SegmentHeader readHeader() throws IOException {
    if (size < SegmentHeader.SIZE) {
      throw new CorruptRecordException("segment header incomplete: " + size + " of " + SegmentHeader.SIZE + " bytes");
    }
    ensure(0, SegmentHeader.SIZE);
    SegmentHeader h = SegmentHeader.decode(buffer.slice((int) (0 - bufferStart), SegmentHeader.SIZE));
    position = SegmentHeader.SIZE;
    return h;
  }

  /** Moves to a file offset where a record starts (a value of {@link #recordPosition()} or later). */
  public void seek(long offset) {
    position = offset;
  }

  /** File offset of the next record. */
  public long position() {
    return position;
  }

  /** File offset of the record (or problem) the last {@link #next()} reported. */
  public long recordPosition() {
    return recordPosition;
  }

  /** The record the last {@link #next()} returned {@link Status#RECORD} for; valid until the next call. */
  public JournalRecord record() {
    return record;
  }

  /** Why the last {@link #next()} returned TORN or CORRUPT*. */
  public String problem() {
    return problem;
  }

  public Status next() throws IOException {
    recordPosition = position;
    long remaining = size - position;
    if (remaining == 0) {
      return Status.END;
    }
    if (remaining < JournalRecord.HEADER_SIZE) {
      problem = "incomplete record header (" + remaining + " bytes at end of file)";
      return Status.TORN;
    }
    ensure(position, JournalRecord.HEADER_SIZE);
    record.wrap(buffer, (int) (position - bufferStart));
    int storedHeader = record.headerCrc();
    int computedHeader = record.computeHeaderCrc();
    if (storedHeader != computedHeader) {
      if (allZero(position, remaining)) {
        problem = "zero-filled tail of " + remaining + " bytes";
        return Status.TORN;
      }
      problem = "record header CRC-32C mismatch (stored %08x, computed %08x)".formatted(storedHeader, computedHeader);
      return Status.CORRUPT;
    }
    int len = record.length();
    if (len < JournalRecord.OVERHEAD || len > JournalRecord.MAX_LENGTH) {
      problem = "record length " + len + " out of range";
      return Status.CORRUPT;
    }
    if (len > remaining) {
      problem = "incomplete record: " + len + " bytes declared, " + remaining + " present";
      return Status.TORN;
    }
    ensure(position, len);
    record.wrap(buffer, (int) (position - bufferStart));
    int storedBody = record.bodyCrc();
    int computedBody = record.computeBodyCrc();
    if (storedBody != computedBody) {
      problem = "record body CRC-32C mismatch (stored %08x, computed %08x)".formatted(storedBody, computedBody);
      return position + len == size ? Status.CORRUPT_AT_END : Status.CORRUPT;
    }
    position += len;
    return Status.RECORD;
  }

  private boolean allZero(long from, long count) throws IOException {
    long at = from;
    long end = from + count;
    while (at < end) {
      int n = (int) Math.min(buffer.capacity(), end - at);
      ensure(at, n);
      int base = (int) (at - bufferStart);
      for (int i = 0; i < n; i++) {
        if (buffer.get(base + i) != 0) {
          return false;
        }
      }
      at += n;
    }
    return true;
  }

  /** Makes file bytes [offset, offset + n) available in the buffer. */
  private void ensure(long offset, int n) throws IOException {
    if (offset >= bufferStart && offset + n <= bufferStart + buffer.limit()) {
      return;
    }
    if (n > buffer.capacity()) {
      buffer = ByteBuffer.allocate(Math.max(n, buffer.capacity() * 2));
    }
    buffer.clear();
    long at = offset;
    while (buffer.hasRemaining()) {
      int r = channel.read(buffer, at);
      if (r < 0) {
        break;
      }
      at += r;
    }
    buffer.flip();
    bufferStart = offset;
    if (buffer.limit() < n) {
      throw new IOException(file + ": file shrank while reading (wanted " + n + " bytes at offset " + offset + ")");
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
