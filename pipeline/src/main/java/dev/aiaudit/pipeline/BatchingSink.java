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
 * the latest {@code linger} after the first event of a batch arrived: events that queued up while
 * the previous batch was delivered have been waiting since that delivery began, so their linger
 * runs from then (under load the worker delivers back to back instead of adding a full linger to
 * every batch), and a queue holding more than a batch is delivered without lingering. {@link
 * #offerAllPromptly} ends the current linger (alerts: the records they cite are already durable).
 *
 * <p>When the downstream sink throws (the journal on a full disk), the worker keeps the batch and
 * retries it with back-off (at most 1 s apart) for as long as it fails; meanwhile the bounded queue
 * keeps accepting events, and once it is full further events are dropped and counted with the
 * times of the first and last of them. One line is logged when delivery starts failing (after
 * {@code maxRetries} quick retries) and one when it recovers, never one per batch. When delivery
 * works again, the held batch and the queue are written in order, then one {@link
 * SensorEvent.Kind#EVENTS_DROPPED} record with the exact count and time range of what was dropped,
 * before any event offered after the drops. The downstream sink must not have taken any part of a
 * batch it throws for (the journal guarantees this). Only at {@link #close} does the worker give up
 * on a sink that still fails (after the close timeout); those events are counted as failed.
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
  private final AtomicLong failedAttempts = new AtomicLong();
  private final Object dropLock = new Object();
  private final Duration closeTimeout;
  /** Drops not yet reported: count and event-time range, guarded by dropLock. */
  private volatile boolean dropsPending;
  private long windowCount;
  private long windowFirstNs;
  private long windowLastNs;
  private boolean windowWhileFailing;
  private volatile boolean failing;
  private volatile String failure;
  private long failingSinceNs;
  private long droppedAtFailStart;
  private volatile long giveUpAtNs = Long.MAX_VALUE;
  private volatile boolean closing;
  private volatile CountDownLatch flushRequest;
  /** Set by {@link #offerAllPromptly}: the worker ends its linger and delivers what is queued. */
  private volatile boolean prompt;
  /** Worker only: when it last took events for a batch, and whether it left events queued then. */
  private long lastTakeNs = System.nanoTime();
  private boolean backlog;

  private BatchingSink(Builder b) {
    this.downstream = b.downstream;
    this.queue = new ArrayBlockingQueue<>(b.queueSize);
    this.maxBatch = b.maxBatch;
    this.lingerNs = b.linger.toNanos();
    this.maxRetries = b.maxRetries;
    this.host = b.host;
    this.clock = b.clock;
    this.closeTimeout = b.closeTimeout;
    this.worker = Thread.ofPlatform().name("ai-audit-pipeline").daemon(true).unstarted(this::run);
    this.worker.start();
  }

  public static Builder builder(EventSink downstream) {
    return new Builder(downstream);
  }

  /**
   * Queues an event; returns false (and counts a drop, with the event's time) when the queue is full or
   * closed. After drops, the first event accepted again is preceded in the queue by the {@link
   * SensorEvent.Kind#EVENTS_DROPPED} record that reports them.
   */
  public boolean offer(Event e) {
    offered.incrementAndGet();
    if (closing) {
      recordDrop(e);
      return false;
    }
    if (dropsPending) {
      synchronized (dropLock) {
        if (dropsPending) {
          SensorEvent report = dropReport();
          if (!queue.offer(report)) {
            addToWindow(e);
            return false;
          }
          closeWindow();
        }
      }
    }
    if (!queue.offer(e)) {
      recordDrop(e);
      return false;
    }
    return true;
  }

  private void recordDrop(Event e) {
    synchronized (dropLock) {
      addToWindow(e);
    }
  }

  private void addToWindow(Event e) {
    dropped.incrementAndGet();
    long t = e.timeNs();
    if (windowCount == 0) {
      windowFirstNs = t;
      windowLastNs = t;
    } else {
      windowFirstNs = Math.min(windowFirstNs, t);
      windowLastNs = Math.max(windowLastNs, t);
    }
    windowCount++;
    windowWhileFailing |= failing;
    dropsPending = true;
  }

  /** The record for the open window of drops (under dropLock). */
  private SensorEvent dropReport() {
    String why = windowWhileFailing
        ? "the journal could not be written (" + failure + ") and the pipeline queue (" + (queue.size() + queue.remainingCapacity())
            + " events) was full"
        : "the pipeline queue (" + (queue.size() + queue.remainingCapacity()) + " events) was full";
    return new SensorEvent(clock.nowNs(), host, SensorEvent.Kind.EVENTS_DROPPED, windowCount,
        windowCount + " events dropped: " + why + "; event times " + java.time.Instant.ofEpochSecond(0, windowFirstNs)
            + " .. " + java.time.Instant.ofEpochSecond(0, windowLastNs) + " (first_ns=" + windowFirstNs + " last_ns="
            + windowLastNs + "; " + dropped.get() + " dropped in total)");
  }

  private void closeWindow() {
    LOG.warn("{} events were dropped ({}); reported as an events_dropped record", windowCount,
        windowWhileFailing ? "journal not writable, queue full" : "pipeline queue full");
    windowCount = 0;
    windowWhileFailing = false;
    dropsPending = false;
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

  /**
   * Offers every event of a list and asks the worker to deliver them without waiting out its linger
   * (for alerts, whose latency to the journal counts); returns how many were queued. The flag is set
   * before and after queueing, so a worker woken by these events sees it, and one that consumed it
   * meanwhile finds it again at its next batch; at worst they wait one linger, as plain offers do.
   */
  public int offerAllPromptly(List<? extends Event> events) {
    if (events.isEmpty()) {
      return 0;
    }
    prompt = true;
    int n = offerAll(events);
    prompt = true;
    return n;
  }

  public PipelineStats stats() {
    long unreported;
    synchronized (dropLock) {
      unreported = windowCount;
    }
    return new PipelineStats(offered.get(), dropped.get(), delivered.get(), failedBatches.get(), failedEvents.get(), queue.size(),
        failing, failedAttempts.get(), unreported, failure);
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

  /**
   * Stops accepting, delivers what is queued (with the record of any drops), closes nothing downstream
   * (the owner does). A downstream that still fails is retried for the close timeout, then given up:
   * its events are counted in {@link PipelineStats#failedEvents()} (check {@link #stats()} after close).
   */
  @Override
  public void close() throws InterruptedException {
    giveUpAtNs = System.nanoTime() + closeTimeout.toNanos();
    closing = true;
    worker.join(closeTimeout.toMillis() + TimeUnit.SECONDS.toMillis(30));
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
      lastTakeNs = System.nanoTime();
      backlog = batch.size() >= maxBatch && !queue.isEmpty();
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
    // Events already queued arrived after the worker last took events (or earlier, when it left a
    // backlog): their linger runs from then, not from now.
    boolean waiting = !queue.isEmpty();
    Event first = queue.poll(20, TimeUnit.MILLISECONDS);
    if (first == null) {
      return;
    }
    batch.add(first);
    long deadline = backlog ? System.nanoTime() : (waiting ? lastTakeNs : System.nanoTime()) + lingerNs;
    while (batch.size() < maxBatch) {
      queue.drainTo(batch, maxBatch - batch.size());
      long left = deadline - System.nanoTime();
      if (prompt) {
        prompt = false;
        return;
      }
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

  /**
   * Appends the record of pending drops when nothing newer is queued (the queue is empty under the drop
   * lock, so every queued event predates the drops); otherwise {@link #offer} places it.
   */
  private void reportDrops(List<Event> batch) {
    if (!dropsPending || !queue.isEmpty()) {
      return;
    }
    synchronized (dropLock) {
      if (dropsPending && queue.isEmpty()) {
        batch.add(dropReport());
        closeWindow();
      }
    }
  }

  private void deliver(List<Event> batch) {
    List<Event> frozen = List.copyOf(batch);
    for (int attempt = 0; ; attempt++) {
      try {
        downstream.accept(frozen);
        delivered.addAndGet(frozen.size());
        if (failing) {
          recovered();
        }
        return;
      } catch (RuntimeException e) {
        failedAttempts.incrementAndGet();
        failure = oneLine(e);
        if (!failing && attempt >= maxRetries) {
          failing = true;
          failingSinceNs = System.nanoTime();
          droppedAtFailStart = dropped.get();
          LOG.warn("downstream failing: {}; holding events in memory (queue of {}; when it is full, drops are counted"
              + " and journaled as events_dropped once writing works again), retrying every second", failure,
              queue.size() + queue.remainingCapacity());
        } else {
          LOG.debug("downstream refused a batch of {} events (attempt {})", frozen.size(), attempt + 1, e);
        }
        if (closing && System.nanoTime() - giveUpAtNs >= 0) {
          failedBatches.incrementAndGet();
          failedEvents.addAndGet(frozen.size());
          if (failedBatches.get() == 1) {
            LOG.error("stopping: downstream still failing ({}); giving up on the events still held ({} in this batch,"
                + " {} queued): counted as failed", failure, frozen.size(), queue.size());
          }
          return;
        }
        try {
          Thread.sleep(Math.min(1_000, 50L << Math.min(attempt, 6)));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private void recovered() {
    failing = false;
    long secs = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - failingSinceNs);
    long lost = dropped.get() - droppedAtFailStart;
    LOG.warn("downstream writable again after {} s ({} failed attempts); {} events dropped meanwhile{}", secs,
        failedAttempts.get(), lost, lost > 0 ? ", reported as an events_dropped record before newer events" : "");
  }

  private static String oneLine(RuntimeException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
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
    private int maxRetries = 2;
    private Duration closeTimeout = Duration.ofSeconds(10);
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

    /** Quick retries before the sink is reported as failing (one log line); retries go on after that. */
    public Builder setMaxRetries(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxRetries must be >= 0");
      }
      this.maxRetries = n;
      return this;
    }

    /** How long {@link BatchingSink#close} keeps retrying a failing downstream before giving up. */
    public Builder setCloseTimeout(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("closeTimeout must be >= 0");
      }
      this.closeTimeout = d;
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
