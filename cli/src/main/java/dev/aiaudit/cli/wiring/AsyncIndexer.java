package dev.aiaudit.cli.wiring;

import dev.aiaudit.model.RecordedEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the store (the query index) on its own thread, so journaling the next batch overlaps with
 * indexing the last one: on two cores the pipeline moves at the pace of the slower stage instead of
 * the sum of both. The queue is bounded; when the index falls behind, {@link #accept} blocks the
 * journal thread (explicit back-pressure: the sensor-side queue then fills, and its drops are
 * counted and journaled). An index failure is counted and logged; the journal still holds every
 * record and the store catches up from it at the next start or with {@code reindex}.
 */
public final class AsyncIndexer implements Consumer<List<RecordedEvent>>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncIndexer.class);
  private static final List<RecordedEvent> STOP = List.of();

  private final BlockingQueue<List<RecordedEvent>> queue;
  private final Consumer<List<RecordedEvent>> index;
  private final Thread worker;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong indexed = new AtomicLong();
  private final Object idle = new Object();
  private volatile long pending;

  public AsyncIndexer(Consumer<List<RecordedEvent>> index, int maxBatches) {
    this(index, maxBatches, "ai-audit-indexer");
  }

  /** The same stage for another consumer of journaled batches (detection), on a thread of that name. */
  public AsyncIndexer(Consumer<List<RecordedEvent>> index, int maxBatches, String threadName) {
    this.index = index;
    this.queue = new ArrayBlockingQueue<>(maxBatches);
    this.worker = Thread.ofPlatform().name(threadName).daemon(true).start(this::run);
  }

  @Override
  public void accept(List<RecordedEvent> batch) {
    synchronized (idle) {
      pending++;
    }
    try {
      queue.put(batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      synchronized (idle) {
        pending--;
      }
    }
  }

  public long failures() {
    return failures.get();
  }

  public long indexed() {
    return indexed.get();
  }

  /** Waits until every batch handed over so far is indexed. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (pending > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        idle.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
    return true;
  }

  private void run() {
    while (true) {
      List<RecordedEvent> batch;
      try {
        batch = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (batch == STOP) {
        return;
      }
      try {
        index.accept(batch);
        indexed.addAndGet(batch.size());
      } catch (RuntimeException e) {
        if (failures.getAndIncrement() == 0) {
          LOG.warn("store insert failed ({}); events stay in the journal (the store catches up at the next start, or run"
              + " 'ai-audit reindex'); logged once", e.getMessage());
          LOG.debug("store insert failure", e);
        }
      } finally {
        synchronized (idle) {
          pending--;
          idle.notifyAll();
        }
      }
    }
  }

  /** Indexes what is queued, then stops the worker. */
  @Override
  public void close() throws InterruptedException {
    queue.put(STOP);
    worker.join(TimeUnit.SECONDS.toMillis(60));
  }
}
