package dev.aiaudit.sensor.fanotify;

import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_ACCESS;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_CLOSE_WRITE;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_OPEN;
import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_Q_OVERFLOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class FanotifyEventMetadataTest {

  @Test
  void offsets_matchKernelStruct() {
    assertThat(FanotifyEventMetadata.EVENT_LEN_OFFSET).isZero();
    assertThat(FanotifyEventMetadata.VERS_OFFSET).isEqualTo(4);
    assertThat(FanotifyEventMetadata.METADATA_LEN_OFFSET).isEqualTo(6);
    assertThat(FanotifyEventMetadata.MASK_OFFSET).isEqualTo(8);
    assertThat(FanotifyEventMetadata.FD_OFFSET).isEqualTo(16);
    assertThat(FanotifyEventMetadata.PID_OFFSET).isEqualTo(20);
    assertThat(FanotifyEventMetadata.SIZE).isEqualTo(24);
  }

  @Test
  void wrap_handBuiltBuffer_readsEveryEventInOrder() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment buf = a.allocate(256, 8);
      long off = FanotifyEventMetadata.write(buf, 0, 3, FAN_OPEN | FAN_ACCESS, 7, 4242);
      off = FanotifyEventMetadata.write(buf, off, 3, FAN_Q_OVERFLOW, -1, 0);
      off = FanotifyEventMetadata.write(buf, off, 3, FAN_CLOSE_WRITE, 9, 17);
      FanotifyEventMetadata m = new FanotifyEventMetadata();

      assertThat(m.wrap(buf, 0, off)).isTrue();
      assertThat(m.eventLen()).isEqualTo(24);
      assertThat(m.version()).isEqualTo(3);
      assertThat(m.metadataLen()).isEqualTo(24);
      assertThat(m.mask()).isEqualTo(FAN_OPEN | FAN_ACCESS);
      assertThat(m.fd()).isEqualTo(7);
      assertThat(m.pid()).isEqualTo(4242);

      assertThat(m.wrap(buf, 24, off)).isTrue();
      assertThat(m.mask() & FAN_Q_OVERFLOW).isNotZero();
      assertThat(m.fd()).isEqualTo(-1);

      assertThat(m.wrap(buf, 48, off)).isTrue();
      assertThat(m.pid()).isEqualTo(17);
      assertThat(m.wrap(buf, 72, off)).isFalse();
    }
  }

  @Test
  void wrap_rawBytesInHostOrder_sameAsKernelWouldWrite() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment buf = a.allocate(24, 8);
      ValueLayout.OfInt i = ValueLayout.JAVA_INT.withOrder(ByteOrder.nativeOrder());
      buf.set(i, 0, 24);
      buf.set(ValueLayout.JAVA_BYTE, 4, (byte) 3);
      buf.set(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.nativeOrder()), 6, (short) 24);
      buf.set(ValueLayout.JAVA_LONG.withOrder(ByteOrder.nativeOrder()), 8, 0x1020L);
      buf.set(i, 16, 12);
      buf.set(i, 20, 99);
      FanotifyEventMetadata m = new FanotifyEventMetadata();
      assertThat(m.wrap(buf, 0, 24)).isTrue();
      assertThat(m.mask()).isEqualTo(0x1020L);
      assertThat(m.fd()).isEqualTo(12);
      assertThat(m.pid()).isEqualTo(99);
    }
  }

  @Test
  void wrap_truncatedOrCorruptLength_rejected() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment buf = a.allocate(64, 8);
      FanotifyEventMetadata.write(buf, 0, 3, FAN_OPEN, 5, 1);
      FanotifyEventMetadata m = new FanotifyEventMetadata();
      assertThat(m.wrap(buf, 0, 20)).as("shorter than the metadata").isFalse();
      buf.set(ValueLayout.JAVA_INT_UNALIGNED, 0, 48);
      assertThat(m.wrap(buf, 0, 24)).as("event_len beyond what was read").isFalse();
      buf.set(ValueLayout.JAVA_INT_UNALIGNED, 0, 8);
      assertThat(m.wrap(buf, 0, 24)).as("event_len below the metadata size").isFalse();
    }
  }
}
