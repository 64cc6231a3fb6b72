package dev.aiaudit.journal;

import dev.aiaudit.model.Event;
import dev.aiaudit.model.RecordedEvent;
import dev.aiaudit.pipeline.EventSink;
import dev.aiaudit.pipeline.SinkException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal as the pipeline's sink: appends each batch and hands the recorded events (with their seq and chain hash)
 * to {@code downstream} (detection, the store) only once they are durable.
 *
 * <p>Under {@link FsyncPolicy#GROUP} the fsync of batch k overlaps the encoding and writing of batch k+1: {@link
 * #accept} writes the batch ({@link Journal#appendUnforced}) and returns, a forcing thread of this sink forces it
 * ({@link Journal#forceWritten}) and then hands it downstream, in seq order. At most {@link #MAX_UNRELEASED} batches are
 * written and not yet released; {@link #accept} waits beyond that (back-pressure, as a synchronous fsync gave). The
 * acknowledgement contract is unchanged: nothing reaches downstream, the store or an exporter before it is on stable
 * storage. Under {@link FsyncPolicy#INTERVAL} a batch is held until an fsync covers it and released on a later {@link
 * #accept}, {@link #flush} or {@link #close}.
 *
 * <p>A force that fails (a disk's write-back error) makes the journal cut off what was not durable yet ({@link
 * Journal#cutPoint}); this sink still holds those batches' events and appends them again, ahead of the next batch
 * (so no event the pipeline handed over is lost or journaled twice); until that succeeds, {@link #accept} throws and the
 * pipeline holds and retries, as for any failed write.
 *
 * <p>A failing downstream is logged, not rethrown: the batch is already journaled, and a retry by the pipeline would
 * journal it twice; the consumer catches up with {@link Journal#read}. {@link #close()} closes the journal. {@link
 * #accept}, {@link #flush} and {@link #close} are called from one pipeline worker thread; downstream is called from
 * one thread at a time (the forcing thread or the worker), in seq order.
 */
public final class JournalSink implements EventSink {

  private static final Logger LOG = LoggerFactory.getLogger(JournalSink.class);

  /** Batches written but not yet handed downstream before {@link #accept} waits: one being forced, one being written. */
  static final int MAX_UNRELEASED = 2;

  private final Journal journal;
  private final Consumer<List<RecordedEvent>> downstream;
  /** Guards {@link #pending}, {@link #forceWanted}, {@link #stopping}; waited on for room and for forces. */
  private final Object lock = new Object();
  /** Written batches not yet handed downstream, in seq order. */
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  /** Events of batches a failed force cut off, to append again before anything newer (worker thread only). */
  private final ArrayDeque<List<Event>> unjournaled = new ArrayDeque<>();
  /** Held while handing batches downstream: one thread at a time, in order. */
  private final ReentrantLock releasing = new ReentrantLock();
  private final Thread forcer;
  private boolean forceWanted;
  private boolean stopping;
  /** Why the forcing thread could not force (the journal closed or broke); logged once per change. */
  private volatile String forceProblem;

  /** A batch's events, its records and the journal epoch they were written in. */
  private record Pending(List<Event> events, List<RecordedEvent> records, long epoch) {
    long last() {
      return records.getLast().seq();
    }
  }

  public JournalSink(Journal journal, Consumer<List<RecordedEvent>> downstream) {
    this.journal = Objects.requireNonNull(journal, "journal");
    this.downstream = Objects.requireNonNull(downstream, "downstream");
    if (journal.options().fsync() == FsyncPolicy.GROUP) {
      forcer = Thread.ofPlatform().name("journal-force").daemon().unstarted(this::forceLoop);
      forcer.setPriority(Thread.currentThread().getPriority());
      forcer.start();
    } else {
      forcer = null;
    }
  }

  /** @throws SinkException when the batch (or one cut off before it) could not be journaled; nothing goes downstream */
  @Override
  public void accept(List<Event> batch) {
    appendAgain();
    write(batch);
    if (forcer == null) {
      release(journal.durability());
      return;
    }
    synchronized (lock) {
      forceWanted = true;
      lock.notifyAll();
      while (pending.size() > MAX_UNRELEASED && !stopping) {
        if (forceProblem != null || cutOff(journal.durability())) {
          break; // appended again (or the write refused) on the next call, ahead of its batch
        }
        try {
          lock.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
  }

  private void write(List<Event> batch) {
    Journal.Appended a;
    try {
      a = journal.appendUnforced(batch);
    } catch (JournalException e) {
      throw new SinkException(e.getMessage(), e);
    }
    if (!a.records().isEmpty()) {
      synchronized (lock) {
        pending.add(new Pending(batch, a.records(), a.epoch()));
      }
    }
  }

  /** True when the oldest held batch was cut off by a failed force (its events must be appended again). */
  private boolean cutOff(Journal.Durability d) {
    synchronized (lock) {
      Pending p = pending.peekFirst();
      return p != null && p.epoch() < d.epoch() && p.last() > journal.cutPoint(p.epoch());
    }
  }

  /**
   * Hands downstream, in order, the held batches that are durable per {@code d}; moves those a failed force cut off to
   * {@link #unjournaled} when called on the worker thread (the forcing thread leaves them).
   */
  private void release(Journal.Durability d) {
    releasing.lock();
    try {
      while (true) {
        Pending next;
        synchronized (lock) {
          next = pending.peekFirst();
          if (next == null) {
            return;
          }
          boolean durable = next.epoch() == d.epoch() ? next.last() <= d.durableSeq()
              : next.epoch() < d.epoch() && next.last() <= journal.cutPoint(next.epoch()); // later: d is stale
          if (!durable) {
            return;
          }
          pending.pollFirst();
          lock.notifyAll();
        }
        try {
          downstream.accept(next.records());
        } catch (RuntimeException e) {
          long first = next.records().getFirst().seq();
          LOG.warn("downstream of the journal failed for seqs {}..{}; they are journaled and can be replayed with"
              + " Journal.read(dir, {})", first, next.last(), first, e);
        }
      }
    } finally {
      releasing.unlock();
    }
  }

  /** On the worker thread: releases what is durable, then appends again what a failed force cut off. */
  private void appendAgain() {
    Journal.Durability d = journal.durability();
    release(d);
    synchronized (lock) {
      List<Pending> keep = new ArrayList<>();
      for (Pending p : pending) {
        if (p.epoch() < d.epoch() && p.last() > journal.cutPoint(p.epoch())) {
          unjournaled.add(p.events());
        } else {
          keep.add(p);
        }
      }
      if (keep.size() != pending.size()) {
        pending.clear();
        pending.addAll(keep);
      }
    }
    while (!unjournaled.isEmpty()) {
      List<Event> events = unjournaled.peekFirst();
      write(events); // throws, leaving it (and what follows) to the next call
      unjournaled.pollFirst();
      LOG.info("journal: {} events cut off by a failed force were appended again", events.size());
    }
  }

  private void forceLoop() {
    while (true) {
      synchronized (lock) {
        while (!forceWanted && !stopping) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return; // close() interrupts only after the last force
          }
        }
        if (!forceWanted) {
          return;
        }
        forceWanted = false;
      }
      Journal.Durability d;
      try {
        d = journal.forceWritten();
        forceProblem = null;
      } catch (JournalException e) {
        if (!Objects.equals(forceProblem, e.getMessage())) {
          LOG.warn("journal: cannot force written batches: {}", e.getMessage());
          forceProblem = e.getMessage();
        }
        synchronized (lock) {
          lock.notifyAll(); // the worker's wait re-checks; flush/close force on their own
        }
        continue;
      }
      release(d);
      synchronized (lock) {
        lock.notifyAll();
      }
    }
  }

  /**
   * Forces everything written, hands it downstream and, after a failed force, appends again what was cut off (then
   * forces that too).
   *
   * @throws SinkException when written batches could not be made durable
   */
  @Override
  public void flush() {
    JournalException failed = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      appendAgain(); // what an earlier failed force cut off
      try {
        journal.flush();
      } catch (JournalException e) {
        failed = e; // cut off: appended again and forced on the next round
        continue;
      }
      release(journal.durability());
      if (held() == 0) {
        return;
      }
    }
    throw new SinkException("journal: " + held() + " events written could not be made durable"
        + (failed == null ? "" : ": " + failed.getMessage()), failed);
  }

  private long held() {
    synchronized (lock) {
      long n = 0;
      for (Pending p : pending) {
        n += p.records().size();
      }
      for (List<Event> e : unjournaled) {
        n += e.size();
      }
      return n;
    }
  }

  /** {@link #drain}, then closes the journal. */
  @Override
  public void close() {
    try {
      drain();
    } finally {
      journal.close();
    }
  }

  /**
   * Forces and hands downstream everything written, then ends the forcing thread; the journal stays open (for an owner
   * that closes it later, after its exporters). Call after the last {@link #accept}.
   *
   * @throws SinkException when written events could not be made durable (they are counted in the message and logged)
   */
  public void drain() {
    try {
      flush();
    } catch (SinkException e) {
      LOG.error("journal: stopping with {} events not durable (they are lost): {}", held(), e.getMessage());
      throw e;
    } finally {
      stopForcer();
    }
  }

  private void stopForcer() {
    if (forcer == null) {
      return;
    }
    synchronized (lock) {
      stopping = true;
      lock.notifyAll();
    }
    try {
      forcer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
