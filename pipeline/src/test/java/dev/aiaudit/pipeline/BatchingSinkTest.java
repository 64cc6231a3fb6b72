package dev.aiaudit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiaudit.model.AssetKind;
import dev.aiaudit.model.Event;
import dev.aiaudit.model.FileActivity;
import dev.aiaudit.model.FileEvent;
import dev.aiaudit.model.ProcessInfo;
import dev.aiaudit.model.SensorEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchingSinkTest {

  private static FileEvent ev(int i) {
    return FileEvent.of(i, "h", FileActivity.OPEN, ProcessInfo.unknown(i), "/m/" + i + ".gguf", AssetKind.MODEL_WEIGHTS, "test");
  }

  @Test
  void flush_deliversEverythingOfferedInBatches() throws Exception {
    List<List<Event>> got = new CopyOnWriteArrayList<>();
    try (BatchingSink s = BatchingSink.builder(got::add).setMaxBatch(100).setLinger(Duration.ofMillis(5)).build()) {
      for (int i = 0; i < 1_000; i++) {
        assertThat(s.offer(ev(i))).isTrue();
      }
      assertThat(s.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(got.stream().mapToInt(List::size).sum()).isEqualTo(1_000);
      assertThat(got).allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(100));
      assertThat(s.stats().delivered()).isEqualTo(1_000);
      assertThat(s.stats().dropped()).isZero();
    }
  }

  @Test
  void offer_fullQueue_dropsCountsAndReportsTheDrop() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Event> got = new CopyOnWriteArrayList<>();
    EventSink slow = batch -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      got.addAll(batch);
    };
    try (BatchingSink s = BatchingSink.builder(slow).setQueueSize(10).setMaxBatch(1).setLinger(Duration.ZERO).build()) {
      int accepted = 0;
      for (int i = 0; i < 100; i++) {
        accepted += s.offer(ev(i)) ? 1 : 0;
      }
      release.countDown();
      assertThat(s.flush(Duration.ofSeconds(10))).isTrue();
      long dropped = s.stats().dropped();
      assertThat(dropped).isEqualTo(100 - accepted).isPositive();
      long reported = got.stream().filter(e -> e instanceof SensorEvent se && se.kind() == SensorEvent.Kind.EVENTS_DROPPED)
          .mapToLong(e -> ((SensorEvent) e).count()).sum();
      assertThat(reported).isEqualTo(dropped);
      assertThat(got.stream().filter(FileEvent.class::isInstance)).hasSize(accepted);
    }
  }

  @Test
  void deliver_failingSink_retriesThenSucceeds() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<Event> got = new CopyOnWriteArrayList<>();
    EventSink flaky = batch -> {
      if (calls.incrementAndGet() <= 2) {
        throw new SinkException("disk full");
      }
      got.addAll(batch);
    };
    try (BatchingSink s = BatchingSink.builder(flaky).setMaxRetries(3).build()) {
      s.offer(ev(1));
      assertThat(s.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(got).hasSize(1);
      assertThat(s.stats().failedBatches()).isZero();
    }
  }

  @Test
  void composite_oneFailingSink_doesNotStopTheOthers() {
    List<Event> got = new CopyOnWriteArrayList<>();
    EventSink broken = b -> {
      throw new SinkException("dead");
    };
    CompositeSink c = (CompositeSink) CompositeSink.of(List.of(broken, got::addAll));
    c.accept(List.of(ev(1), ev(2)));
    assertThat(got).hasSize(2);
    assertThat(c.failures(0)).isEqualTo(1);
    assertThat(c.failures(1)).isZero();
  }

  /** Deliveries with the time each was handed downstream. */
  private record Timed(long atNs, List<Event> batch) {}

  @Test
  void offerAllPromptly_endsTheLinger_plainOfferWaitsForIt() throws Exception {
    List<Timed> got = new CopyOnWriteArrayList<>();
    Duration linger = Duration.ofSeconds(20);
    try (BatchingSink s = BatchingSink.builder(b -> got.add(new Timed(System.nanoTime(), b))).setLinger(linger).build()) {
      long t0 = System.nanoTime();
      s.offer(ev(1));
      Thread.sleep(300);
      assertThat(got).as("a plain offer lingers").isEmpty();
      assertThat(s.offerAllPromptly(List.of(ev(2)))).isEqualTo(1);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (got.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(got).singleElement().satisfies(t -> {
        assertThat(t.batch()).containsExactly(ev(1), ev(2)); // order kept, nothing skipped
        assertThat(t.atNs() - t0).isLessThan(linger.toNanos() / 2);
      });
    }
  }

  @Test
  void linger_runsFromWhenEventsQueued_notFromWhenTheWorkerGetsToThem() throws Exception {
    // The first delivery blocks for longer than the linger; an event offered meanwhile has waited a
    // full linger by the time the worker returns, so it goes out at once instead of a linger later.
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    List<Timed> got = new CopyOnWriteArrayList<>();
    EventSink slowFirst = b -> {
      if (got.isEmpty()) {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      got.add(new Timed(System.nanoTime(), b));
    };
    Duration linger = Duration.ofSeconds(2);
    try (BatchingSink s = BatchingSink.builder(slowFirst).setLinger(linger).build()) {
      s.offer(ev(1)); // delivered after its linger, then blocks downstream
      assertThat(entered.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      s.offer(ev(2));
      Thread.sleep(linger.toMillis() + 1_000);
      long released = System.nanoTime();
      release.countDown();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (got.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(got).hasSize(2);
      assertThat(got.get(1).batch()).containsExactly(ev(2));
      assertThat(got.get(1).atNs() - released).as("ns after the slow delivery returned").isLessThan(linger.toNanos() / 2);
    }
  }
}
