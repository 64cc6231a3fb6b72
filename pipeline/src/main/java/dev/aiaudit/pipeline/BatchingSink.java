package dev.aiaudit.pipeline;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.EventClock;
import dev.aiaudit.model.SensorEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts producers (sensors) and a downstream sink (the journal, then the store) on different
 * threads. {@link #offer} never blocks: when the bounded queue is full the event is dropped and
 * counted, and the worker reports the drop downstream as a {@link SensorEvent.Kind#EVENTS_DROPPED}
 * record, so no loss is silent. One worker delivers batches of up to {@code maxBatch} events, at
 * the latest {@code linger} after the first event of a batch arrived.
 *
 * <p>When the downstream sink throws, the batch is retried with back-off up to {@code maxRetries}
 * times before it is counted as failed; the downstream sink must therefore not have taken any part
 * of a batch it throws for (the journal guarantees this).
 */
public final class BatchingSink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BatchingSink.class);

  public static final int DEFAULT_QUEUE_SIZE = 65_536;
  public static final int DEFAULT_MAX_BATCH = 4_096;
  public static final Duration DEFAULT_LINGER = Duration.ofMillis(50);

  private final EventSink downstream;
  private final BlockingQueue<Event> queue;
  private final int maxBatch;
  private final long lingerNs;
  private final int maxRetries;
  private final String host;
  private final EventClock clock;
  private final Thread worker;
  private final AtomicLong offered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failedBatches = new AtomicLong();
  private final AtomicLong failedEvents = new AtomicLong();
  private final Object flushLock = new Object();
  private long droppedReported;
  private volatile boolean closing;
  private volatile CountDownLatch flushRequest;

  private BatchingSink(Builder b) {
    this.downstream = b.downstream;
    this.queue = new ArrayBlockingQueue<>(b.queueSize);
    this.maxBatch = b.maxBatch;
    this.lingerNs = b.linger.toNanos();
    this.maxRetries = b.maxRetries;
    this.host = b.host;
    this.clock = b.clock;
    this.worker = Thread.ofPlatform().name("ai-audit-pipeline").daemon(true).unstarted(this::run);
    this.worker.start();
  }

  public static Builder builder(EventSink downstream) {
    return new Builder(downstream);
  }

  /** Queues an event; returns false (and counts a drop) when the queue is full or closed. */
  public boolean offer(Event e) {
    offered.incrementAndGet();
    if (closing || !queue.offer(e)) {
      dropped.incrementAndGet();
      return false;
    }
    return true;
  }

  /** Offers every event of a list; returns how many were queued. */
  public int offerAll(List<? extends Event> events) {
    int n = 0;
    for (Event e : events) {
      if (offer(e)) {
        n++;
      }
    }
    return n;
  }

  public PipelineStats stats() {
    return new PipelineStats(offered.get(), dropped.get(), delivered.get(), failedBatches.get(), failedEvents.get(), queue.size());
  }

  /** Waits until everything queued before this call was delivered and the downstream flushed. */
  public boolean flush(Duration timeout) throws InterruptedException {
    CountDownLatch latch;
    synchronized (flushLock) {
      latch = flushRequest;
      if (latch == null) {
        latch = new CountDownLatch(1);
        flushRequest = latch;
      }
    }
    return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Stops accepting, delivers what is queued, closes nothing downstream (the owner does). */
  @Override
  public void close() throws InterruptedException {
    closing = true;
    worker.join(TimeUnit.SECONDS.toMillis(30));
  }

  private void run() {
    List<Event> batch = new ArrayList<>(maxBatch);
    while (true) {
      try {
        fill(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queue.drainTo(batch, maxBatch - batch.size());
      reportDrops(batch);
      if (!batch.isEmpty()) {
        deliver(batch);
        batch.clear();
      }
      if (queue.isEmpty()) {
        answerFlush();
        if (closing) {
          return;
        }
      }
    }
  }

  private void fill(List<Event> batch) throws InterruptedException {
    // Short idle polls so flush and close requests are seen quickly. The worker is never
    // interrupted: an interrupt would close the journal's FileChannel in the middle of a write.
    Event first = queue.poll(20, TimeUnit.MILLISECONDS);
    if (first == null) {
      return;
    }
    batch.add(first);
    long deadline = System.nanoTime() + lingerNs;
    while (batch.size() < maxBatch) {
      queue.drainTo(batch, maxBatch - batch.size());
      long left = deadline - System.nanoTime();
      if (batch.size() >= maxBatch || left <= 0 || flushRequest != null || closing) {
        return;
      }
      Event next = queue.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
    }
  }

  private void reportDrops(List<Event> batch) {
    long d = dropped.get();
    if (d > droppedReported) {
      long newly = d - droppedReported;
      droppedReported = d;
      batch.add(new SensorEvent(clock.nowNs(), host, SensorEvent.Kind.EVENTS_DROPPED, newly,
          newly + " events dropped: pipeline queue full (" + d + " in total)"));
      LOG.warn("{} events dropped because the pipeline queue was full ({} in total)", newly, d);
    }
  }

  private void deliver(List<Event> batch) {
    List<Event> frozen = List.copyOf(batch);
    for (int attempt = 0; ; attempt++) {
      try {
        downstream.accept(frozen);
        delivered.addAndGet(frozen.size());
        return;
      } catch (RuntimeException e) {
        if (attempt >= maxRetries) {
          failedBatches.incrementAndGet();
          failedEvents.addAndGet(frozen.size());
          LOG.error("downstream refused a batch of {} events after {} attempts", frozen.size(), attempt + 1, e);
          return;
        }
        LOG.warn("downstream refused a batch of {} events (attempt {}); retrying", frozen.size(), attempt + 1, e);
        try {
          Thread.sleep(Math.min(2_000, 50L << Math.min(attempt, 6)));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private void answerFlush() {
    CountDownLatch latch;
    synchronized (flushLock) {
      latch = flushRequest;
      flushRequest = null;
    }
    if (latch != null) {
      try {
        downstream.flush();
      } catch (RuntimeException e) {
        LOG.warn("downstream flush failed", e);
      }
      latch.countDown();
    }
  }

  /** Settings of a {@link BatchingSink}. */
  public static final class Builder {
    private final EventSink downstream;
    private int queueSize = DEFAULT_QUEUE_SIZE;
    private int maxBatch = DEFAULT_MAX_BATCH;
    private Duration linger = DEFAULT_LINGER;
    private int maxRetries = 5;
    private String host = "localhost";
    private EventClock clock = EventClock.SYSTEM;

    private Builder(EventSink downstream) {
      this.downstream = Objects.requireNonNull(downstream, "downstream");
    }

    public Builder setQueueSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("queueSize must be >= 1");
      }
      this.queueSize = n;
      return this;
    }

    public Builder setMaxBatch(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxBatch must be >= 1");
      }
      this.maxBatch = n;
      return this;
    }

    public Builder setLinger(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("linger must be >= 0");
      }
      this.linger = d;
      return this;
    }

    public Builder setMaxRetries(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxRetries must be >= 0");
      }
      this.maxRetries = n;
      return this;
    }

    public Builder setHost(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    public Builder setClock(EventClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public BatchingSink build() {
      return new BatchingSink(this);
    }
  }
}
