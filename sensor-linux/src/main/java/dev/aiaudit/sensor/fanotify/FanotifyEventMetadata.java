package dev.aiaudit.sensor.fanotify;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A flyweight over one {@code struct fanotify_event_metadata} inside a buffer filled by {@code
 * read(2)} on a fanotify fd; {@link #wrap} moves it from event to event without allocating.
 *
 * <p>Layout (fanotify(7), {@code FANOTIFY_METADATA_VERSION} 3, host byte order, 24 bytes; {@code
 * mask} is 8-byte aligned):
 *
 * <pre>
 * offset size field
 *      0    4 __u32 event_len     length of this event, metadata plus any info records
 *      4    1 __u8  vers          FANOTIFY_METADATA_VERSION (3)
 *      5    1 __u8  reserved
 *      6    2 __u16 metadata_len  sizeof(struct fanotify_event_metadata) = 24
 *      8    8 __u64 mask          FAN_* bits of what happened (several may be merged)
 *     16    4 __s32 fd            open fd on the object, or FAN_NOFD (-1), e.g. for FAN_Q_OVERFLOW
 *     20    4 __s32 pid           tgid of the process that caused the event
 * </pre>
 *
 * The next event starts {@code event_len} bytes later ({@code FAN_EVENT_NEXT}); an event is whole
 * when at least 24 bytes remain and {@code metadata_len <= event_len <= remaining} ({@code FAN_EVENT_OK}).
 */
public final class FanotifyEventMetadata {
  public static final int EVENT_LEN_OFFSET = 0;
  public static final int VERS_OFFSET = EVENT_LEN_OFFSET + 4;
  public static final int RESERVED_OFFSET = VERS_OFFSET + 1;
  public static final int METADATA_LEN_OFFSET = RESERVED_OFFSET + 1;
  public static final int MASK_OFFSET = METADATA_LEN_OFFSET + 2;
  public static final int FD_OFFSET = MASK_OFFSET + 8;
  public static final int PID_OFFSET = FD_OFFSET + 4;
  /** {@code sizeof(struct fanotify_event_metadata)}. */
  public static final int SIZE = PID_OFFSET + 4;

  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

  private MemorySegment buf = MemorySegment.NULL;
  private long base;

  /**
   * Points this view at the event starting at {@code offset}.
   *
   * @param limit number of valid bytes in {@code buffer} (what read returned)
   * @return false when no whole event starts at {@code offset} (end of the batch or a corrupt length)
   */
  public boolean wrap(MemorySegment buffer, long offset, long limit) {
    if (limit - offset < SIZE) {
      return false;
    }
    long eventLen = Integer.toUnsignedLong(buffer.get(INT, offset + EVENT_LEN_OFFSET));
    int metaLen = Short.toUnsignedInt(buffer.get(SHORT, offset + METADATA_LEN_OFFSET));
    if (eventLen < SIZE || eventLen < metaLen || eventLen > limit - offset) {
      return false;
    }
    this.buf = buffer;
    this.base = offset;
    return true;
  }

  /** Offset of the current event in the buffer. */
  public long offset() {
    return base;
  }

  public int eventLen() {
    return buf.get(INT, base + EVENT_LEN_OFFSET);
  }

  public int version() {
    return Byte.toUnsignedInt(buf.get(ValueLayout.JAVA_BYTE, base + VERS_OFFSET));
  }

  public int metadataLen() {
    return Short.toUnsignedInt(buf.get(SHORT, base + METADATA_LEN_OFFSET));
  }

  public long mask() {
    return buf.get(LONG, base + MASK_OFFSET);
  }

  public int fd() {
    return buf.get(INT, base + FD_OFFSET);
  }

  public int pid() {
    return buf.get(INT, base + PID_OFFSET);
  }

  /** Writes one event in this layout (for tests and replay tools); returns the offset after it. */
  public static long write(MemorySegment buffer, long offset, int version, long mask, int fd, int pid) {
    buffer.set(INT, offset + EVENT_LEN_OFFSET, SIZE);
    buffer.set(ValueLayout.JAVA_BYTE, offset + VERS_OFFSET, (byte) version);
    buffer.set(ValueLayout.JAVA_BYTE, offset + RESERVED_OFFSET, (byte) 0);
    buffer.set(SHORT, offset + METADATA_LEN_OFFSET, (short) SIZE);
    buffer.set(LONG, offset + MASK_OFFSET, mask);
    buffer.set(INT, offset + FD_OFFSET, fd);
    buffer.set(INT, offset + PID_OFFSET, pid);
    return offset + SIZE;
  }
}
