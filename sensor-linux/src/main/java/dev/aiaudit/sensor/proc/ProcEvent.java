package dev.aiaudit.sensor.proc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One message of the kernel's process events connector ({@code struct proc_event} of {@code
 * <linux/cn_proc.h>}, after a {@code struct nlmsghdr} and a {@code struct cn_msg}).
 *
 * <p>Layout of {@code proc_event}: {@code what} u32 @0, {@code cpu} u32 @4, {@code timestamp_ns}
 * u64 @8 (CLOCK_MONOTONIC), then the union @16: fork {parent_pid, parent_tgid, child_pid,
 * child_tgid}; exec, exit, uid, comm {process_pid, process_tgid, ...}; uid {.., ruid @24, euid @28};
 * comm {.., comm[16] @24}; exit {.., exit_code @24, exit_signal @28, parent_pid @32, parent_tgid @36}.
 *
 * @param kind what happened
 * @param timestampNs kernel monotonic time of the event
 * @param pid thread id the event is about (child_pid for fork)
 * @param tgid process id (thread group) the event is about (child_tgid for fork)
 * @param parentPid fork: parent_pid; otherwise 0
 * @param parentTgid fork: parent_tgid; exit (kernel 5.x+): parent_tgid; otherwise 0
 * @param ruid uid event: real uid; exit: exit code; otherwise 0
 * @param euid uid event: effective uid; otherwise 0
 * @param comm comm event: the new name; otherwise {@code null}
 */
public record ProcEvent(Kind kind, long timestampNs, int pid, int tgid, int parentPid, int parentTgid, int ruid,
    int euid, String comm) {

  /** The {@code what} values the table uses ({@link #OTHER} for the rest: gid, sid, ptrace, coredump). */
  public enum Kind {
    ACK, FORK, EXEC, UID, COMM, EXIT, OTHER;

    static Kind of(int what) {
      return switch (what) {
        case 0 -> ACK;
        case 0x1 -> FORK;
        case 0x2 -> EXEC;
        case 0x4 -> UID;
        case 0x200 -> COMM;
        case 0x80000000 -> EXIT;
        default -> OTHER;
      };
    }
  }

  /** Byte offset of {@code struct proc_event} in a netlink message: nlmsghdr (16) + cn_msg (20). */
  static final int EVENT_OFFSET = 36;
  /** The smallest proc_event the parser accepts: header (16) + fork/uid/comm union member (up to 16 + 16). */
  private static final int MIN_EVENT_LEN = 24;
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

  /** True for a process (thread group leader) rather than a thread of one. */
  public boolean isProcess() {
    return pid == tgid;
  }

  /**
   * Walks the netlink messages in {@code buf[0, len)} and hands each process event to {@code sink}.
   * Messages that are not from {@code CN_IDX_PROC}/{@code CN_VAL_PROC}, truncated or malformed are
   * skipped and counted.
   *
   * @return the number of messages skipped as malformed or foreign
   */
  public static int parse(MemorySegment buf, long len, Consumer<ProcEvent> sink) {
    int skipped = 0;
    long off = 0;
    while (off + 16 <= len) {
      int msgLen = buf.get(INT, off);
      int type = Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT_UNALIGNED, off + 4));
      if (msgLen < 16 || off + msgLen > len) {
        return skipped + 1; // truncated: the rest of the datagram cannot be trusted
      }
      if (type == 3 /* NLMSG_DONE */ && msgLen >= EVENT_OFFSET) {
        ProcEvent e = read(buf, off, msgLen);
        if (e == null) {
          skipped++;
        } else {
          sink.accept(e);
        }
      } else if (type != 1 /* NLMSG_NOOP */) {
        skipped++;
      }
      off += (msgLen + 3) & ~3L; // NLMSG_ALIGN
    }
    return skipped;
  }

  private static ProcEvent read(MemorySegment buf, long msg, int msgLen) {
    long cn = msg + 16;
    int idx = buf.get(INT, cn);
    int val = buf.get(INT, cn + 4);
    int dataLen = Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT_UNALIGNED, cn + 16));
    if (idx != 1 || val != 1 || dataLen < MIN_EVENT_LEN || EVENT_OFFSET + dataLen > msgLen) {
      return null;
    }
    long ev = msg + EVENT_OFFSET;
    Kind kind = Kind.of(buf.get(INT, ev));
    long ts = buf.get(LONG, ev + 8);
    long u = ev + 16;
    int a = buf.get(INT, u);
    int b = buf.get(INT, u + 4);
    return switch (kind) {
      case FORK -> dataLen < 32 ? null : new ProcEvent(kind, ts, buf.get(INT, u + 8), buf.get(INT, u + 12), a, b, 0, 0, null);
      case UID -> dataLen < 32 ? null : new ProcEvent(kind, ts, a, b, 0, 0, buf.get(INT, u + 8), buf.get(INT, u + 12), null);
      case COMM -> dataLen < 40 ? null : new ProcEvent(kind, ts, a, b, 0, 0, 0, 0, comm(buf, u + 8));
      case EXIT -> new ProcEvent(kind, ts, a, b, 0, dataLen >= 40 ? buf.get(INT, u + 20) : 0,
          dataLen >= 28 ? buf.get(INT, u + 8) : 0, 0, null);
      default -> new ProcEvent(kind, ts, a, b, 0, 0, 0, 0, null);
    };
  }

  private static String comm(MemorySegment buf, long off) {
    byte[] b = new byte[16];
    MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, off, b, 0, 16);
    int n = 0;
    while (n < 16 && b[n] != 0) {
      n++;
    }
    return new String(b, 0, n, StandardCharsets.UTF_8);
  }
}
