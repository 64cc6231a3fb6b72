package dev.aiaudit.sensor.fanotify.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Downcalls into libc through FFM. Every call that can fail takes an {@code errno} capture segment
 * ({@link #newCallState(Arena)}) owned by the calling thread and returns the raw result; read the
 * errno with {@link #errno(MemorySegment)} when the result is negative. No allocation per call.
 *
 * <p>Linking is a restricted operation: the launcher runs the JVM with {@code
 * --enable-native-access=ALL-UNNAMED} (surefire does too), otherwise JDK 25 prints a warning.
 */
@SuppressWarnings("restricted")
public final class LibC {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");

  private static final MethodHandle FANOTIFY_INIT =
      handle("fanotify_init", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle FANOTIFY_MARK =
      handle("fanotify_mark", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS));
  private static final MethodHandle READ = handle("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle WRITE = handle("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle READLINK =
      handle("readlink", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
  private static final MethodHandle POLL = handle("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle OPEN = LINKER.downcallHandle(LIBC.find("open").orElseThrow(),
      FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2), ERRNO_OPT);
  private static final MethodHandle OPEN_BY_HANDLE_AT =
      handle("open_by_handle_at", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle NAME_TO_HANDLE_AT =
      handle("name_to_handle_at", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
  private static final MethodHandle FSTATFS = handle("fstatfs", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
  private static final MethodHandle SETPRIORITY =
      handle("setpriority", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle GETPRIORITY =
      handle("getpriority", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle GETTID = handle("gettid", FunctionDescriptor.of(JAVA_INT));
  private static final MethodHandle SYSCONF =
      LINKER.downcallHandle(LIBC.find("sysconf").orElseThrow(), FunctionDescriptor.of(JAVA_LONG, JAVA_INT));

  /** {@code struct pollfd { int fd; short events; short revents; }}: 8 bytes. */
  public static final StructLayout POLLFD =
      MemoryLayout.structLayout(JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

  private static final int SC_CLK_TCK = 2;

  private LibC() {}

  private static MethodHandle handle(String name, FunctionDescriptor fd) {
    MemorySegment sym =
        LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    return LINKER.downcallHandle(sym, fd, ERRNO_OPT);
  }

  /** A segment that receives errno; one per thread. */
  public static MemorySegment newCallState(Arena arena) {
    return arena.allocate(CALL_STATE);
  }

  public static int errno(MemorySegment callState) {
    return (int) ERRNO.get(callState, 0L);
  }

  public static int fanotifyInit(MemorySegment cs, int flags, int eventFlags) {
    try {
      return (int) FANOTIFY_INIT.invokeExact(cs, flags, eventFlags);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code fanotify_mark(fd, flags, mask, dirfd, pathname)}; {@code path} may be {@link MemorySegment#NULL}. */
  public static int fanotifyMark(MemorySegment cs, int fd, int flags, long mask, int dirfd, MemorySegment path) {
    try {
      return (int) FANOTIFY_MARK.invokeExact(cs, fd, flags, mask, dirfd, path);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static long read(MemorySegment cs, int fd, MemorySegment buf, long count) {
    try {
      return (long) READ.invokeExact(cs, fd, buf, count);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static long write(MemorySegment cs, int fd, MemorySegment buf, long count) {
    try {
      return (long) WRITE.invokeExact(cs, fd, buf, count);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static int close(MemorySegment cs, int fd) {
    try {
      return (int) CLOSE.invokeExact(cs, fd);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code readlink(path, buf, size)}: the length written (not NUL-terminated), or -1. */
  public static long readlink(MemorySegment cs, MemorySegment path, MemorySegment buf, long size) {
    try {
      return (long) READLINK.invokeExact(cs, path, buf, size);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static int poll(MemorySegment cs, MemorySegment fds, long nfds, int timeoutMs) {
    try {
      return (int) POLL.invokeExact(cs, fds, nfds, timeoutMs);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code open(path, flags, 0)}. */
  public static int open(MemorySegment cs, MemorySegment path, int flags) {
    try {
      return (int) OPEN.invokeExact(cs, path, flags, 0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code open_by_handle_at(mountFd, handle, flags)}: needs CAP_DAC_READ_SEARCH. */
  public static int openByHandleAt(MemorySegment cs, int mountFd, MemorySegment handle, int flags) {
    try {
      return (int) OPEN_BY_HANDLE_AT.invokeExact(cs, mountFd, handle, flags);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code name_to_handle_at(dirfd, path, handle, &mountId, flags)}. */
  public static int nameToHandleAt(MemorySegment cs, int dirfd, MemorySegment path, MemorySegment handle,
      MemorySegment mountId, int flags) {
    try {
      return (int) NAME_TO_HANDLE_AT.invokeExact(cs, dirfd, path, handle, mountId, flags);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code fstatfs(fd, buf)}; {@code buf} must hold {@link #STATFS_SIZE} bytes. */
  public static int fstatfs(MemorySegment cs, int fd, MemorySegment buf) {
    try {
      return (int) FSTATFS.invokeExact(cs, fd, buf);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code PRIO_PROCESS}: with a thread id, setpriority/getpriority act on that one thread (Linux). */
  public static final int PRIO_PROCESS = 0;

  /** {@code setpriority(which, who, nice)}: 0, or -1 with errno (EACCES: raising needs CAP_SYS_NICE). */
  public static int setpriority(MemorySegment cs, int which, int who, int nice) {
    try {
      return (int) SETPRIORITY.invokeExact(cs, which, who, nice);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code getpriority(which, who)}: the nice value (-1 is ambiguous: clear and read errno to tell). */
  public static int getpriority(MemorySegment cs, int which, int who) {
    try {
      return (int) GETPRIORITY.invokeExact(cs, which, who);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** {@code gettid()}: the calling thread's kernel id. */
  public static int gettid(MemorySegment cs) {
    try {
      return (int) GETTID.invokeExact(cs);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * {@code struct statfs} on 64-bit Linux (x86_64, aarch64): eleven 8-byte words plus 4 spare
   * words; {@code f_fsid} (two ints) is the eighth word, at offset 56.
   */
  public static final int STATFS_SIZE = 120;

  public static final int STATFS_FSID_OFFSET = 56;

  /** Clock ticks per second for /proc/PID/stat times; 100 when sysconf fails. */
  public static long clockTicksPerSecond() {
    try {
      long v = (long) SYSCONF.invokeExact(SC_CLK_TCK);
      return v > 0 ? v : 100;
    } catch (Throwable t) {
      return 100;
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("native call failed", t);
  }
}
