package dev.aiaudit.sensor.fanotify;

import static dev.aiaudit.sensor.fanotify.internal.FanotifyConstants.FAN_OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class FidNameRecordTest {

  @Test
  void find_handBuiltEvent_fsidHandleAndName() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment buf = a.allocate(512, 8);
      byte[] handle = {1, 2, 3, 4, 5, 6, 7, 8};
      long recEnd = FidNameRecord.write(buf, 24, 0x1122334455667788L, 1, handle, "model.safetensors");
      FanotifyEventMetadata.write(buf, 0, 3, FAN_OPEN, -1, 4242);
      buf.set(ValueLayout.JAVA_INT_UNALIGNED, 0, (int) recEnd); // event_len covers the info record

      FanotifyEventMetadata m = new FanotifyEventMetadata();
      assertThat(m.wrap(buf, 0, recEnd)).isTrue();
      FidNameRecord r = new FidNameRecord();
      assertThat(r.find(buf, m.offset(), m.metadataLen(), m.eventLen())).isTrue();
      assertThat(r.fsid()).isEqualTo(0x1122334455667788L);
      assertThat(r.handleBytes()).isEqualTo(8);
      assertThat(r.handleType()).isEqualTo(1);
      assertThat(r.handleOffset()).isEqualTo(24 + 12);
      assertThat(r.handleLength()).isEqualTo(16);
      assertThat(r.name()).isEqualTo("model.safetensors");
      assertThat(recEnd % 4).isZero();
    }
  }

  @Test
  void find_noInfoRecordOrCorruptLength_false() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment buf = a.allocate(256, 8);
      FanotifyEventMetadata.write(buf, 0, 3, FAN_OPEN, -1, 1);
      FidNameRecord r = new FidNameRecord();
      assertThat(r.find(buf, 0, 24, 24)).as("metadata only").isFalse();

      long end = FidNameRecord.write(buf, 24, 7, 1, new byte[8], "x");
      buf.set(ValueLayout.JAVA_SHORT_UNALIGNED, 24 + 2, (short) 200);
      assertThat(r.find(buf, 0, 24, (int) end)).as("record longer than the event").isFalse();

      FidNameRecord.write(buf, 24, 7, 1, new byte[8], "x");
      buf.set(ValueLayout.JAVA_INT_UNALIGNED, 24 + 12, 100);
      assertThat(r.find(buf, 0, 24, (int) end)).as("handle longer than the record").isFalse();
    }
  }
}
