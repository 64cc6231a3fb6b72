package dev.aiaudit.journal;

import static dev.aiaudit.journal.JournalFiles.batch;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.RecordedEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's journal sink under the default (GROUP) policy: batch k is forced on the sink's own thread while batch
 * k+1 is written, and handed downstream only once durable; a failed force cuts off what was not durable and the sink
 * appends it again, so every event is journaled and handed downstream exactly once.
 */
class JournalSinkTest {

  @TempDir Path dir;

  /** Downstream that checks, at each call, that the batch is durable, in order, and that no two calls overlap. */
  private static final class Checking implements java.util.function.Consumer<List<RecordedEvent>> {
    final List<RecordedEvent> seen = Collections.synchronizedList(new ArrayList<>());
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger inside = new AtomicInteger();
    Journal journal;

    @Override
    public void accept(List<RecordedEvent> batch) {
      if (inside.incrementAndGet() != 1) {
        problems.add("two downstream calls at once");
      }
      long durable = journal.durableSeq();
      if (batch.getLast().seq() > durable) {
        problems.add("seq " + batch.getLast().seq() + " handed downstream before durable (durable " + durable + ")");
      }
      long expected = seen.isEmpty() ? 1 : seen.getLast().seq() + 1;
      if (batch.getFirst().seq() != expected) {
        problems.add("batch starts at seq " + batch.getFirst().seq() + ", expected " + expected);
      }
      seen.addAll(batch);
      inside.decrementAndGet();
    }
  }

  @Test
  void group_everyBatchDownstreamOnceDurableInOrder_andTheForcingThreadEnds() {
    Checking down = new Checking();
    List<Event> all = new ArrayList<>();
    try (Journal j = Journal.open(dir, JournalOptions.defaults())) {
      down.journal = j;
      JournalSink sink = new JournalSink(j, down);
      assertThat(forcingThreads()).isEqualTo(1);
      for (int b = 0; b < 40; b++) {
        List<Event> events = batch(all.size(), 1 + b % 7 * 50);
        all.addAll(events);
        sink.accept(events);
      }
      sink.flush();
      assertThat(down.seen).extracting(RecordedEvent::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, all.size()).boxed().toList());
      assertThat(down.seen).extracting(RecordedEvent::event).containsExactlyElementsOf(all);
      sink.close();
    }
    assertThat(down.problems).isEmpty();
    assertThat(forcingThreads()).as("the sink's forcing thread ends with close").isZero();
    assertThat(JournalVerifier.verify(dir, null).ok()).isTrue();
  }

  @Test
  void group_aFailedForce_cutsWhatWasNotDurable_andTheSinkAppendsItAgain_eachEventOnce() {
    Checking down = new Checking();
    List<Event> all = new ArrayList<>();
    long epochs;
    try (Journal j = Journal.open(dir, JournalOptions.defaults())) {
      down.journal = j;
      JournalSink sink = new JournalSink(j, down);
      for (int b = 0; b < 30; b++) {
        if (b == 5 || b == 17 || b == 18) {
          j.failNextForces(b == 17 ? 2 : 1); // a write-back error, twice in a row once
        }
        List<Event> events = batch(all.size(), 100 + b);
        all.addAll(events);
        sink.accept(events);
      }
      sink.flush();
      epochs = j.durability().epoch();
      sink.close();
    }
    assertThat(epochs).as("forces that failed cut the journal back").isPositive();
    assertThat(down.problems).isEmpty();
    assertThat(down.seen).hasSize(all.size());
    assertThat(down.seen).extracting(RecordedEvent::event).containsExactlyInAnyOrderElementsOf(all);
    assertThat(JournalVerifier.verify(dir, null).ok()).isTrue();
    try (Stream<RecordedEvent> s = Journal.read(dir, 1)) {
      List<RecordedEvent> journaled = s.toList();
      assertThat(journaled).as("what downstream saw is what the journal holds, seq and hash")
          .containsExactlyElementsOf(down.seen);
    }
  }

  @Test
  void interval_heldUntilAForceCoversIt_noForcingThread() {
    JournalOptions opts = JournalOptions.defaults().withFsync(FsyncPolicy.INTERVAL)
        .withFsyncInterval(java.time.Duration.ofHours(1));
    List<RecordedEvent> seen = new ArrayList<>();
    try (JournalSink sink = new JournalSink(Journal.open(dir, opts), seen::addAll)) {
      assertThat(forcingThreads()).isZero();
      sink.accept(batch(0, 3));
      assertThat(seen).isEmpty();
      sink.flush();
      assertThat(seen).extracting(RecordedEvent::seq).containsExactly(1L, 2L, 3L);
    }
  }

  private static long forcingThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("journal-force") && t.isAlive()).count();
  }
}
