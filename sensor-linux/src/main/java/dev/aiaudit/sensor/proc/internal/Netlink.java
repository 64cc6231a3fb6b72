package dev.aiaudit.sensor.proc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * socket(2), bind(2), send(2), recv(2) and setsockopt(2) through FFM, with errno captured into a
 * segment from {@link dev.aiaudit.sensor.fanotify.internal.LibC#newCallState}. Values from {@code
 * <sys/socket.h>}, {@code <linux/netlink.h>}, {@code <linux/connector.h>} (x86_64 and aarch64).
 */
@SuppressWarnings("restricted")
public final class Netlink {
  public static final int AF_NETLINK = 16;
  public static final int SOCK_DGRAM = 2;
  public static final int SOCK_NONBLOCK = 0x800;
  public static final int SOCK_CLOEXEC = 0x80000;
  public static final int NETLINK_CONNECTOR = 11;
  public static final int SOL_SOCKET = 1;
  public static final int SO_RCVBUF = 8;
  public static final int SO_RCVBUFFORCE = 33;
  /** {@code CN_IDX_PROC} and {@code CN_VAL_PROC}: the process events connector. */
  public static final int CN_IDX_PROC = 1;
  public static final int CN_VAL_PROC = 1;
  public static final int PROC_CN_MCAST_LISTEN = 1;
  public static final int NLMSG_NOOP = 1;
  public static final int NLMSG_ERROR = 2;
  public static final int NLMSG_DONE = 3;
  public static final int NLMSG_OVERRUN = 4;
  public static final int ENOBUFS = 105;
  /** {@code struct nlmsghdr}: len u32, type u16, flags u16, seq u32, pid u32. */
  public static final int NLMSG_HDRLEN = 16;
  /** {@code struct cn_msg}: id {idx u32, val u32}, seq u32, ack u32, len u16, flags u16. */
  public static final int CN_MSG_LEN = 20;
  /** {@code struct sockaddr_nl}: family u16, pad u16, pid u32, groups u32. */
  public static final int SOCKADDR_NL_LEN = 12;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
  private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle SEND =
      handle("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle RECV =
      handle("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle SETSOCKOPT =
      handle("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

  private Netlink() {}

  private static MethodHandle handle(String name, FunctionDescriptor fd) {
    MemorySegment sym = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    return LINKER.downcallHandle(sym, fd, ERRNO);
  }

  public static int socket(MemorySegment cs, int domain, int type, int protocol) {
    try {
      return (int) SOCKET.invokeExact(cs, domain, type, protocol);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static int bind(MemorySegment cs, int fd, MemorySegment addr, int len) {
    try {
      return (int) BIND.invokeExact(cs, fd, addr, len);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static long send(MemorySegment cs, int fd, MemorySegment buf, long len, int flags) {
    try {
      return (long) SEND.invokeExact(cs, fd, buf, len, flags);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static long recv(MemorySegment cs, int fd, MemorySegment buf, long len, int flags) {
    try {
      return (long) RECV.invokeExact(cs, fd, buf, len, flags);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static int setsockopt(MemorySegment cs, int fd, int level, int name, MemorySegment value, int len) {
    try {
      return (int) SETSOCKOPT.invokeExact(cs, fd, level, name, value, len);
    } catch (Throwable t) {
      throw rethrow(t);
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
