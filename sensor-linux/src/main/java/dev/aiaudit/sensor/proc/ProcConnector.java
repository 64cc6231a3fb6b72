package dev.aiaudit.sensor.proc;

import static dev.aiaudit.sensor.proc.internal.Netlink.AF_NETLINK;
import static dev.aiaudit.sensor.proc.internal.Netlink.CN_IDX_PROC;
import static dev.aiaudit.sensor.proc.internal.Netlink.CN_VAL_PROC;
import static dev.aiaudit.sensor.proc.internal.Netlink.ENOBUFS;
import static dev.aiaudit.sensor.proc.internal.Netlink.NETLINK_CONNECTOR;
import static dev.aiaudit.sensor.proc.internal.Netlink.NLMSG_DONE;
import static dev.aiaudit.sensor.proc.internal.Netlink.PROC_CN_MCAST_LISTEN;
import static dev.aiaudit.sensor.proc.internal.Netlink.SOCK_CLOEXEC;
import static dev.aiaudit.sensor.proc.internal.Netlink.SOCK_DGRAM;
import static dev.aiaudit.sensor.proc.internal.Netlink.SOCK_NONBLOCK;
import static dev.aiaudit.sensor.proc.internal.Netlink.SOL_SOCKET;
import static dev.aiaudit.sensor.proc.internal.Netlink.SO_RCVBUF;
import static dev.aiaudit.sensor.proc.internal.Netlink.SO_RCVBUFFORCE;

import dev.aiaudit.sensor.SensorException;
import dev.aiaudit.sensor.fanotify.internal.FanotifyConstants;
import dev.aiaudit.sensor.fanotify.internal.LibC;
import dev.aiaudit.sensor.proc.internal.Netlink;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Consumer;

/**
 * A subscription to the kernel's process events connector: a non-blocking {@code
 * socket(AF_NETLINK, SOCK_DGRAM, NETLINK_CONNECTOR)} bound to the {@code CN_IDX_PROC} multicast
 * group, with {@code PROC_CN_MCAST_LISTEN} sent once. Needs CAP_NET_ADMIN in the initial user
 * namespace. The receive buffer is raised to {@link #RCVBUF} (SO_RCVBUFFORCE); when it still
 * overruns, recv(2) fails with ENOBUFS once per overrun, which {@link #drain} counts.
 *
 * <p>Not thread-safe: one caller at a time (the {@link ProcessMonitor} holds its lock).
 */
public final class ProcConnector implements AutoCloseable {
  static final int RCVBUF = 16 << 20;
  private static final int BUF_SIZE = 64 * 1024;

  private final Arena arena = Arena.ofShared();
  private final MemorySegment cs = LibC.newCallState(arena);
  private final MemorySegment buf = arena.allocate(BUF_SIZE, 8);
  private final int fd;
  private long overruns;
  private long malformed;
  private long received;

  private ProcConnector(int fd) {
    this.fd = fd;
  }

  /**
   * Opens, binds and subscribes.
   *
   * @throws SensorException naming the refused call (EPERM without CAP_NET_ADMIN, EPROTONOSUPPORT
   *     without CONFIG_PROC_EVENTS)
   */
  public static ProcConnector open() throws SensorException {
    return open(RCVBUF);
  }

  /** {@link #open()} with a receive buffer of {@code rcvbuf} bytes (tests provoke overruns with a small one). */
  static ProcConnector open(int rcvbuf) throws SensorException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment cs = LibC.newCallState(a);
      int fd = Netlink.socket(cs, AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_CONNECTOR);
      if (fd < 0) {
        throw failure("socket(AF_NETLINK, NETLINK_CONNECTOR)", LibC.errno(cs));
      }
      try {
        MemorySegment size = a.allocate(ValueLayout.JAVA_INT);
        size.set(ValueLayout.JAVA_INT, 0, rcvbuf);
        if (Netlink.setsockopt(cs, fd, SOL_SOCKET, SO_RCVBUFFORCE, size, 4) < 0) {
          Netlink.setsockopt(cs, fd, SOL_SOCKET, SO_RCVBUF, size, 4); // capped by net.core.rmem_max
        }
        MemorySegment addr = a.allocate(Netlink.SOCKADDR_NL_LEN, 4);
        addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_NETLINK);
        addr.set(ValueLayout.JAVA_INT, 4, 0); // nl_pid: let the kernel assign one
        addr.set(ValueLayout.JAVA_INT, 8, CN_IDX_PROC); // nl_groups
        if (Netlink.bind(cs, fd, addr, Netlink.SOCKADDR_NL_LEN) < 0) {
          throw failure("bind(CN_IDX_PROC)", LibC.errno(cs));
        }
        int total = Netlink.NLMSG_HDRLEN + Netlink.CN_MSG_LEN + 4;
        MemorySegment msg = a.allocate(total, 4);
        msg.set(ValueLayout.JAVA_INT, 0, total); // nlmsg_len
        msg.set(ValueLayout.JAVA_SHORT, 4, (short) NLMSG_DONE); // nlmsg_type
        msg.set(ValueLayout.JAVA_INT, 12, (int) ProcessHandle.current().pid()); // nlmsg_pid
        msg.set(ValueLayout.JAVA_INT, 16, CN_IDX_PROC); // cn_msg.id.idx
        msg.set(ValueLayout.JAVA_INT, 20, CN_VAL_PROC); // cn_msg.id.val
        msg.set(ValueLayout.JAVA_SHORT, 32, (short) 4); // cn_msg.len
        msg.set(ValueLayout.JAVA_INT, 36, PROC_CN_MCAST_LISTEN);
        if (Netlink.send(cs, fd, msg, total, 0) < 0) {
          throw failure("send(PROC_CN_MCAST_LISTEN)", LibC.errno(cs));
        }
      } catch (SensorException | RuntimeException e) {
        LibC.close(cs, fd);
        throw e;
      }
      return new ProcConnector(fd);
    }
  }

  private static SensorException failure(String call, int errno) {
    boolean perm = errno == FanotifyConstants.EPERM || errno == FanotifyConstants.EACCES;
    return new SensorException("process events connector: " + call + " failed: " + FanotifyConstants.errnoName(errno)
        + (perm ? " (needs CAP_NET_ADMIN in the initial user namespace)" : ""), perm, null);
  }

  public int fd() {
    return fd;
  }

  /**
   * Reads every datagram queued now (non-blocking) and hands each event to {@code sink}.
   *
   * @return the number of ENOBUFS overruns seen during this call (events were lost)
   */
  public int drain(Consumer<ProcEvent> sink) {
    int lost = 0;
    for (int i = 0; i < 100_000; i++) { // bounded: a flood is resumed on the next call
      long n = Netlink.recv(cs, fd, buf, BUF_SIZE, 0);
      if (n < 0) {
        int errno = LibC.errno(cs);
        if (errno == ENOBUFS) {
          lost++;
          overruns++;
          continue; // the socket is readable again after the error is reported
        }
        if (errno == FanotifyConstants.EINTR) {
          continue;
        }
        break; // EAGAIN: empty
      }
      if (n == 0) {
        break;
      }
      received++;
      malformed += ProcEvent.parse(buf, n, sink);
    }
    return lost;
  }

  /** ENOBUFS overruns since open. */
  public long overruns() {
    return overruns;
  }

  /** Netlink messages skipped as malformed or foreign since open. */
  public long malformed() {
    return malformed;
  }

  /** Datagrams received since open. */
  public long received() {
    return received;
  }

  @Override
  public void close() {
    LibC.close(cs, fd);
    arena.close();
  }
}
