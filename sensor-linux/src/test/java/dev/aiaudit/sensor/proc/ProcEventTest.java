package dev.aiaudit.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The proc_event parser against datagrams laid out as <linux/cn_proc.h> and <linux/connector.h> say. */
class ProcEventTest {

  /** nlmsghdr + cn_msg + proc_event{what, cpu, timestamp_ns, data}. */
  private static byte[] message(int what, long ts, int... data) {
    int dataLen = 16 + data.length * 4;
    int total = 16 + 20 + dataLen;
    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.nativeOrder());
    b.putInt(total).putShort((short) 3).putShort((short) 0).putInt(0).putInt(0); // nlmsghdr, NLMSG_DONE
    b.putInt(1).putInt(1).putInt(7).putInt(0).putShort((short) dataLen).putShort((short) 0); // cn_msg
    b.putInt(what).putInt(2).putLong(ts);
    for (int d : data) {
      b.putInt(d);
    }
    return b.array();
  }

  private static List<ProcEvent> parse(byte[]... msgs) {
    List<ProcEvent> out = new ArrayList<>();
    try (Arena a = Arena.ofConfined()) {
      int len = 0;
      for (byte[] m : msgs) {
        len += (m.length + 3) & ~3;
      }
      MemorySegment seg = a.allocate(len, 8);
      long off = 0;
      for (byte[] m : msgs) {
        MemorySegment.copy(m, 0, seg, ValueLayout.JAVA_BYTE, off, m.length);
        off += (m.length + 3) & ~3;
      }
      int skipped = ProcEvent.parse(seg, len, out::add);
      assertThat(skipped).isZero();
    }
    return out;
  }

  @Test
  void parse_forkExecUidCommExit_inOneDatagram() {
    byte[] comm = message(0x200, 5, 300, 300, 0x64616f6c, 0x72656465, 0, 0); // "load" "eder" little-endian
    List<ProcEvent> ev = parse(
        message(1, 1_000, 100, 100, 300, 300),
        message(1, 1_001, 100, 100, 301, 300),
        message(2, 2_000, 300, 300),
        message(4, 3_000, 300, 300, 1000, 0),
        comm,
        message(0x80000000, 4_000, 300, 300, 9, 0, 100, 100));
    assertThat(ev).hasSize(6);
    ProcEvent fork = ev.get(0);
    assertThat(fork.kind()).isEqualTo(ProcEvent.Kind.FORK);
    assertThat(fork.parentTgid()).isEqualTo(100);
    assertThat(fork.tgid()).isEqualTo(300);
    assertThat(fork.isProcess()).isTrue();
    assertThat(fork.timestampNs()).isEqualTo(1_000);
    assertThat(ev.get(1).isProcess()).as("a thread: child_pid 301 of tgid 300").isFalse();
    assertThat(ev.get(2).kind()).isEqualTo(ProcEvent.Kind.EXEC);
    assertThat(ev.get(2).tgid()).isEqualTo(300);
    assertThat(ev.get(3).kind()).isEqualTo(ProcEvent.Kind.UID);
    assertThat(ev.get(3).ruid()).isEqualTo(1000);
    if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
      assertThat(ev.get(4).comm()).isEqualTo("loadeder");
    }
    ProcEvent exit = ev.get(5);
    assertThat(exit.kind()).isEqualTo(ProcEvent.Kind.EXIT);
    assertThat(exit.ruid()).as("exit code").isEqualTo(9);
    assertThat(exit.parentTgid()).isEqualTo(100);
  }

  @Test
  void parse_truncatedOrForeign_isSkippedAndCounted() {
    byte[] good = message(2, 1, 5, 5);
    byte[] foreign = message(2, 1, 6, 6);
    ByteBuffer.wrap(foreign).order(ByteOrder.nativeOrder()).putInt(16, 4); // cn idx 4: not CN_IDX_PROC
    try (Arena a = Arena.ofConfined()) {
      MemorySegment seg = a.allocate(256, 8);
      MemorySegment.copy(foreign, 0, seg, ValueLayout.JAVA_BYTE, 0, foreign.length);
      MemorySegment.copy(good, 0, seg, ValueLayout.JAVA_BYTE, foreign.length, good.length);
      List<ProcEvent> out = new ArrayList<>();
      int skipped = ProcEvent.parse(seg, foreign.length + good.length - 3, out::add); // last message cut short
      assertThat(skipped).isEqualTo(2);
      assertThat(out).isEmpty();
      seg.set(ValueLayout.JAVA_INT, 0, 100_000); // a length beyond the datagram
      assertThat(ProcEvent.parse(seg, 64, out::add)).isEqualTo(1);
      assertThat(out).isEmpty();
    }
  }
}
