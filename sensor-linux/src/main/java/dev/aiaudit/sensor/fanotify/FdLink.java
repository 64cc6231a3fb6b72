package dev.aiaudit.sensor.fanotify;

import dev.aiaudit.sensor.fanotify.internal.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * {@code readlink("/proc/self/fd/N")} into a native buffer without allocation per call. Reader
 * thread only.
 */
final class FdLink {
  static final int LINK_BUFFER_SIZE = 4_096;
  private static final byte[] FD_PREFIX = "/proc/self/fd/".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] FDINFO_PREFIX = "/proc/self/fdinfo/".getBytes(StandardCharsets.US_ASCII);
  private static final int FDINFO_SIZE = 512;

  private final MemorySegment cs;
  private final MemorySegment linkBuf;
  private final MemorySegment fdPath;
  private final MemorySegment infoPath;
  private final MemorySegment infoBuf;

  FdLink(Arena arena, MemorySegment callState) {
    this.cs = callState;
    this.linkBuf = arena.allocate(LINK_BUFFER_SIZE);
    this.fdPath = arena.allocate(64);
    MemorySegment.copy(FD_PREFIX, 0, fdPath, ValueLayout.JAVA_BYTE, 0, FD_PREFIX.length);
    this.infoPath = arena.allocate(64);
    MemorySegment.copy(FDINFO_PREFIX, 0, infoPath, ValueLayout.JAVA_BYTE, 0, FDINFO_PREFIX.length);
    this.infoBuf = arena.allocate(FDINFO_SIZE);
  }

  /**
   * The {@code mnt_id} of fd {@code fd} from {@code /proc/self/fdinfo/N}: which mount the file was
   * opened through (in whatever mount namespace); -1 when unreadable.
   */
  int mountId(int fd) {
    writeNumber(infoPath, FDINFO_PREFIX.length, fd);
    int f = LibC.open(cs, infoPath, dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.O_RDONLY
        | dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.O_CLOEXEC);
    if (f < 0) {
      return -1;
    }
    long n;
    try {
      n = LibC.read(cs, f, infoBuf, FDINFO_SIZE - 1);
    } finally {
      LibC.close(cs, f);
    }
    return n <= 0 ? -1 : parseMountId(infoBuf, (int) n);
  }

  /** The number after {@code mnt_id:} in the first {@code n} bytes of an fdinfo text, or -1. */
  static int parseMountId(MemorySegment text, int n) {
    byte[] key = "mnt_id:".getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + key.length <= n; i++) {
      if (i > 0 && text.get(ValueLayout.JAVA_BYTE, i - 1) != '\n') {
        continue;
      }
      for (int k = 0; k < key.length; k++) {
        if (text.get(ValueLayout.JAVA_BYTE, i + k) != key[k]) {
          continue outer;
        }
      }
      int j = i + key.length;
      while (j < n && (text.get(ValueLayout.JAVA_BYTE, j) == ' ' || text.get(ValueLayout.JAVA_BYTE, j) == '\t')) {
        j++;
      }
      long v = -1;
      while (j < n) {
        byte b = text.get(ValueLayout.JAVA_BYTE, j);
        if (b < '0' || b > '9') {
          break;
        }
        v = (v < 0 ? 0 : v * 10) + (b - '0');
        if (v > Integer.MAX_VALUE) {
          return -1;
        }
        j++;
      }
      return (int) v;
    }
    return -1;
  }

  private static void writeNumber(MemorySegment seg, int p, int value) {
    int digits = 1;
    for (int v = value / 10; v > 0; v /= 10) {
      digits++;
    }
    for (int i = digits - 1, v = value; i >= 0; i--, v /= 10) {
      seg.set(ValueLayout.JAVA_BYTE, p + i, (byte) ('0' + v % 10));
    }
    seg.set(ValueLayout.JAVA_BYTE, p + digits, (byte) 0);
  }

  /** Reads the link of fd {@code fd}, NUL-terminated in {@link #buffer()}; returns the length or -1. */
  int read(int fd) {
    writeNumber(fdPath, FD_PREFIX.length, fd);
    long len = LibC.readlink(cs, fdPath, linkBuf, LINK_BUFFER_SIZE - 1);
    if (len < 0) {
      return -1;
    }
    linkBuf.set(ValueLayout.JAVA_BYTE, len, (byte) 0);
    return (int) len;
  }

  MemorySegment buffer() {
    return linkBuf;
  }

  String string() {
    return linkBuf.getString(0);
  }
}
