package dev.aiaudit.sensor.fanotify;

import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_EVENT_INFO_TYPE_DFID_NAME;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A flyweight over the {@code FAN_EVENT_INFO_TYPE_DFID_NAME} info record that follows the event
 * metadata in a {@code FAN_REPORT_DFID_NAME} group: the parent directory's file handle and the
 * name of the file within it.
 *
 * <p>Info records follow the 24-byte {@code struct fanotify_event_metadata} up to {@code event_len};
 * each starts with {@code struct fanotify_event_info_header}. Layout of this one (host byte order):
 *
 * <pre>
 * offset size field
 *      0    1 __u8  info_type      FAN_EVENT_INFO_TYPE_DFID_NAME (2)
 *      1    1 __u8  pad
 *      2    2 __u16 len            length of this record, padding included
 *      4    8 __kernel_fsid_t fsid  two __s32, as f_fsid of statfs(2)
 *     12    4 __u32 handle_bytes   struct file_handle, as open_by_handle_at(2) takes it
 *     16    4 __s32 handle_type
 *     20    n u8    f_handle[handle_bytes]
 *   20+n    . char  name[]         NUL-terminated, then padding up to len
 * </pre>
 */
public final class FidNameRecord {
  public static final int TYPE_OFFSET = 0;
  public static final int LEN_OFFSET = 2;
  public static final int FSID_OFFSET = 4;
  public static final int HANDLE_OFFSET = 12;
  public static final int HANDLE_BYTES_OFFSET = HANDLE_OFFSET;
  public static final int HANDLE_TYPE_OFFSET = HANDLE_OFFSET + 4;
  public static final int F_HANDLE_OFFSET = HANDLE_OFFSET + 8;
  private static final int HEADER_SIZE = 4;

  private MemorySegment buf = MemorySegment.NULL;
  private long rec;
  private long end;

  /**
   * Finds the record among the info records of the event at {@code eventOffset}.
   *
   * @return false when the event has no well-formed DFID_NAME record
   */
  public boolean find(MemorySegment buffer, long eventOffset, int metadataLen, int eventLen) {
    long p = eventOffset + metadataLen;
    long limit = eventOffset + eventLen;
    while (p + HEADER_SIZE <= limit) {
      int type = Byte.toUnsignedInt(buffer.get(ValueLayout.JAVA_BYTE, p + TYPE_OFFSET));
      int len = Short.toUnsignedInt(buffer.get(ValueLayout.JAVA_SHORT_UNALIGNED, p + LEN_OFFSET));
      if (len < HEADER_SIZE || p + len > limit) {
        return false;
      }
      if (type == FAN_EVENT_INFO_TYPE_DFID_NAME) {
        int handleBytes = buffer.get(ValueLayout.JAVA_INT_UNALIGNED, p + HANDLE_BYTES_OFFSET);
        if (len < F_HANDLE_OFFSET + 1 || handleBytes < 0 || F_HANDLE_OFFSET + (long) handleBytes >= len) {
          return false;
        }
        this.buf = buffer;
        this.rec = p;
        this.end = p + len;
        return true;
      }
      p += len;
    }
    return false;
  }

  public long fsid() {
    return buf.get(ValueLayout.JAVA_LONG_UNALIGNED, rec + FSID_OFFSET);
  }

  public int handleBytes() {
    return buf.get(ValueLayout.JAVA_INT_UNALIGNED, rec + HANDLE_BYTES_OFFSET);
  }

  public int handleType() {
    return buf.get(ValueLayout.JAVA_INT_UNALIGNED, rec + HANDLE_TYPE_OFFSET);
  }

  /** Offset of {@code struct file_handle} in the buffer (what open_by_handle_at takes). */
  public long handleOffset() {
    return rec + HANDLE_OFFSET;
  }

  /** Size of {@code struct file_handle}: 8 + handle_bytes. */
  public long handleLength() {
    return 8L + handleBytes();
  }

  /** Offset of the NUL-terminated name. */
  public long nameOffset() {
    return rec + F_HANDLE_OFFSET + handleBytes();
  }

  /** The name (allocates; call only for events that are kept). */
  public String name() {
    long start = nameOffset();
    long i = start;
    while (i < end && buf.get(ValueLayout.JAVA_BYTE, i) != 0) {
      i++;
    }
    byte[] b = new byte[(int) (i - start)];
    MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, start, b, 0, b.length);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Writes one record (for tests and replay tools); returns the offset after it (4-byte aligned). */
  public static long write(MemorySegment buffer, long offset, long fsid, int handleType, byte[] handle, String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    int len = (F_HANDLE_OFFSET + handle.length + n.length + 1 + 3) & ~3;
    buffer.asSlice(offset, len).fill((byte) 0);
    buffer.set(ValueLayout.JAVA_BYTE, offset + TYPE_OFFSET, (byte) FAN_EVENT_INFO_TYPE_DFID_NAME);
    buffer.set(ValueLayout.JAVA_SHORT_UNALIGNED, offset + LEN_OFFSET, (short) len);
    buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, offset + FSID_OFFSET, fsid);
    buffer.set(ValueLayout.JAVA_INT_UNALIGNED, offset + HANDLE_BYTES_OFFSET, handle.length);
    buffer.set(ValueLayout.JAVA_INT_UNALIGNED, offset + HANDLE_TYPE_OFFSET, handleType);
    MemorySegment.copy(handle, 0, buffer, ValueLayout.JAVA_BYTE, offset + F_HANDLE_OFFSET, handle.length);
    MemorySegment.copy(n, 0, buffer, ValueLayout.JAVA_BYTE, offset + F_HANDLE_OFFSET + handle.length, n.length);
    return offset + len;
  }
}
