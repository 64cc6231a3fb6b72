package dev.aiaudit.journal;

import static dev.aiaudit.journal.JournalFiles.batch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class BatchEncoderTest {

  @Test
  void encode_withHelpers_deliversEveryPayloadInOrderOnCaller() {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Event> events = batch(0, 3 * BatchEncoder.CHUNK + 17);
      List<Integer> order = new ArrayList<>();
      List<byte[]> got = new ArrayList<>();
      Thread caller = Thread.currentThread();
      BatchEncoder encoder = new BatchEncoder(pool, 3);
      for (int round = 0; round < 3; round++) { // the chunk buffers are reused across batches
        order.clear();
        got.clear();
        encoder.encode(events, (i, b, off, len) -> {
          assertThat(Thread.currentThread()).isSameAs(caller);
          order.add(i);
          got.add(java.util.Arrays.copyOfRange(b, off, off + len));
        });
        assertThat(order).hasSize(events.size()).isSorted();
        for (int i = 0; i < events.size(); i++) {
          assertThat(got.get(i)).isEqualTo(EventCodec.encode(events.get(i)));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void encode_rejectingPool_callerEncodesAll() {
    List<Event> events = batch(0, 2 * BatchEncoder.CHUNK + 1);
    List<Integer> order = new ArrayList<>();
    new BatchEncoder(r -> {
      throw new java.util.concurrent.RejectedExecutionException("full");
    }, 2).encode(events, (i, b, off, len) -> order.add(i));
    assertThat(order).hasSize(events.size()).isSorted();
  }

  @Test
  void encode_serial_handsTheWritersBytes() {
    List<Event> events = batch(0, 10);
    List<byte[]> got = new ArrayList<>();
    new BatchEncoder(Runnable::run, 0).encode(events,
        (i, b, off, len) -> got.add(java.util.Arrays.copyOfRange(b, off, off + len)));
    for (int i = 0; i < events.size(); i++) {
      assertThat(got.get(i)).isEqualTo(EventCodec.encode(events.get(i)));
    }
  }
}
