package dev.aiaudit.testing;

import dev.aiaudit.model.Event;
import dev.aiaudit.pipeline.EventSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Collects every event it is given; thread-safe; lets a test wait for an event to arrive. */
public final class InMemorySink implements EventSink {
  private final Object lock = new Object();
  private final List<Event> events = new ArrayList<>();
  private int batches;

  @Override
  public void accept(List<Event> batch) {
    synchronized (lock) {
      events.addAll(batch);
      batches++;
      lock.notifyAll();
    }
  }

  public List<Event> events() {
    synchronized (lock) {
      return List.copyOf(events);
    }
  }

  public int batches() {
    synchronized (lock) {
      return batches;
    }
  }

  /** Waits up to {@code timeout} for an event matching {@code p}; returns the matches seen by then. */
  public <T extends Event> List<T> await(Class<T> type, Predicate<? super T> p, int atLeast, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        List<T> found = new ArrayList<>();
        for (Event e : events) {
          if (type.isInstance(e) && p.test(type.cast(e))) {
            found.add(type.cast(e));
          }
        }
        long left = deadline - System.nanoTime();
        if (found.size() >= atLeast || left <= 0) {
          return found;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
    }
  }
}
