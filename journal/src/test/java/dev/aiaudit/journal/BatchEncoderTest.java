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
  /**
   * A sink that throws (the journal's write failed) leaves a helper that may still be encoding the failed batch's later
   * chunks: the next batch must not get those chunk buffers. The late helper runs here inside the next batch's sink,
   * after the caller encoded that chunk and before it hands it over (without the reset its bytes would be the old
   * batch's).
   */
  @Test
  void sinkFailure_lateHelperOfTheFailedBatch_doesNotWriteIntoTheNextBatch() {
    Runnable[] parked = new Runnable[1];
    BatchEncoder encoder = new BatchEncoder(r -> {
      if (parked[0] != null) {
        throw new java.util.concurrent.RejectedExecutionException("busy");
      }
      parked[0] = r; // the first batch's helper: started late
    }, 1);
    List<Event> failed = batch(100_000, 4 * BatchEncoder.CHUNK);
    RuntimeException boom = new RuntimeException("write failed");
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> encoder.encode(failed, (i, b, off, len) -> {
      if (i == BatchEncoder.CHUNK + 5) {
        throw boom;
      }
    }));
    assertThat(thrown).isSameAs(boom);
    assertThat(parked[0]).isNotNull();

    List<Event> next = batch(0, 4 * BatchEncoder.CHUNK);
    List<byte[]> got = new ArrayList<>();
    encoder.encode(next, (i, b, off, len) -> {
      if (i == 2 * BatchEncoder.CHUNK) {
        parked[0].run(); // the failed batch's helper encodes its chunks 2 and 3 now
      }
      got.add(java.util.Arrays.copyOfRange(b, off, off + len));
    });
    assertThat(got).hasSize(next.size());
    for (int i = 0; i < next.size(); i++) {
      assertThat(got.get(i)).as("payload %d", i).isEqualTo(EventCodec.encode(next.get(i)));
    }
  }
}
